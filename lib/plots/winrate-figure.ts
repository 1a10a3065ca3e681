import type { Figure } from "./types.js";
import type { WinrateMatrix } from "../stats/winrate-matrix.js";
import { baseLayout, gap, titleText } from "./layout.js";

export interface WinrateFigureOptions {
  title?: string;
}

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(100 * v)}%` : "");

/**
 * The paper's Figure 5: the pairwise winrate matrix as a heat map, P_ij = how often the row method
 * beats the column method over the (dataset, model, seed) cells (the main trace's z is exactly
 * `matrix.winRate`, NaN as null), each cell labelled with its percentage and number of
 * comparisons, and below it the overall row: the share of its comparisons each method loses
 * ("lower is better"), on its own reversed color scale.
 *
 * Edge cases: the diagonal and pairs never compared are blank. Pure: builds a plotly spec.
 *
 * Usage: winrateFigure(winrateMatrix(cells, { rule: "final" })).data[0].z // matrix.winRate with NaN -> null
 */
export function winrateFigure(matrix: WinrateMatrix, options: WinrateFigureOptions = {}): Figure {
  const { methods } = matrix;
  const z = matrix.winRate.map((row) => row.map(gap));
  const text = matrix.winRate.map((row, i) => row.map((v, j) => (i === j || matrix.comparisons[i]![j] === 0 ? "" : `${pct(v)}<br>(${matrix.comparisons[i]![j]})`)));
  const loss = matrix.overall.map((o) => o.lossRate);
  const rows = methods.length;
  const split = Math.min(0.3, 1 / (rows + 2));
  const data: Array<Record<string, unknown>> = [
    {
      type: "heatmap", name: "P(row beats column)", x: methods, y: methods, z, text, texttemplate: "%{text}",
      zmin: 0, zmax: 1, colorscale: "RdBu", reversescale: true, xgap: 2, ygap: 2,
      colorbar: { title: { text: "row beats<br>column" }, tickformat: ".0%", len: 1 - split - 0.06, y: 1, yanchor: "top" },
      hovertemplate: "%{y} beats %{x}: %{z:.0%}<extra></extra>",
      xaxis: "x",
      yaxis: "y",
    },
    {
      type: "heatmap", name: "overall loss rate", x: methods, y: ["overall"], z: [loss.map(gap)], text: [loss.map(pct)],
      texttemplate: "%{text}", zmin: 0, zmax: 1, colorscale: "RdBu", reversescale: false, showscale: false, xgap: 2,
      hovertemplate: "%{x} loses %{z:.0%} of its comparisons<extra></extra>",
      xaxis: "x2",
      yaxis: "y2",
    },
  ];
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Pairwise win rates", `${matrix.cells} (dataset, model, seed) cells; rule: ${matrix.rule} accuracy`), {
      // no title on the top axis: it would sit on the figure's title row (the colorbar says "row beats column")
      xaxis: { side: "top", type: "category", showgrid: false, ticks: "", anchor: "y" },
      xaxis2: { type: "category", matches: "x", anchor: "y2", showgrid: false, ticks: "", automargin: true, linecolor: "#444" },
      yaxis: { title: { text: "row method" }, type: "category", autorange: "reversed", domain: [split + 0.06, 1], showgrid: false, ticks: "" },
      yaxis2: { type: "category", domain: [0, split], showgrid: false, ticks: "", automargin: true },
      // under the overall row's tick labels at a fixed pixel offset (a fraction of the plot height
      // put it on the labels of short figures)
      annotations: [{
        xref: "paper", yref: "paper", x: 0, y: 0, yanchor: "top", yshift: -28, xanchor: "left", showarrow: false, font: { size: 12, color: "#555" },
        text: "overall: share of comparisons lost (lower is better); ties count as neither",
      }],
      margin: { t: 120, r: 30, b: 60, l: 110 },
    }),
  };
}
