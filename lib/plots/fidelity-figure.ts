import type { Figure } from "./types.js";
import { fidelity, type Fidelity, type FidelityInput } from "../stats/fidelity.js";
import { baseLayout, fmt, fmtP, hexToRgba, titleText } from "./layout.js";
import { kindColors } from "./palette.js";
import { warn } from "./warn.js";

export interface FidelityFigureOptions {
  title?: string;
  /** Name of the score on the axes, e.g. "student loss". Default "score". */
  scoreName?: string;
  /** A precomputed `fidelity(input)`; computed here when absent. */
  result?: Fidelity;
}

/**
 * The paper's Figure 2: each synthetic sample's score against the score of the seed it was made
 * from, one color per group (dataset, model; the color of the group's name in palette.ts, as for
 * kinds), each group's medians as a large diamond, and the diagonal y = x. The title's second line
 * gives Spearman's rho and its p-value over all pairs (2 decimals for rho), and across group
 * medians when there are at least 3 groups. The legend explains every mark: each group's points,
 * one entry for the diamonds ("diamond: a group's median seed and synthetic score") and one for
 * the diagonal.
 *
 * Edge cases: groups keep their order of first appearance; a group with fewer than 3 pairs is
 * drawn but warns (its own rho is undefined). Pure: builds a plotly spec.
 *
 * @throws {Error} what {@link fidelity} throws (fewer than 3 pairs, unequal lengths, NaN scores)
 * @example fidelityFigure({ seedScores: [1, 2, 3, 4], syntheticScores: [1.5, 2.5, 2, 5], groups: ["a", "a", "b", "b"] })
 *   .layout.title // { text: "Fidelity of synthetic samples to their seeds<br><sup>Spearman ρ = 0.80, p = 0.2 (4 pairs)</sup>", ... }
 */
export function fidelityFigure(input: FidelityInput, options: FidelityFigureOptions = {}): Figure {
  const result = options.result ?? fidelity(input);
  const score = options.scoreName ?? "score";
  const data: Array<Record<string, unknown>> = [];
  const lo = Math.min(...input.seedScores, ...input.syntheticScores);
  const hi = Math.max(...input.seedScores, ...input.syntheticScores);
  data.push({
    type: "scatter", mode: "lines", x: [lo, hi], y: [lo, hi], name: "dotted: y = x (child scored as its seed)",
    line: { color: "#999", dash: "dot", width: 1 }, hoverinfo: "skip", legendrank: 1002,
  });
  const colors = kindColors(result.groups.map((g) => g.group));
  result.groups.forEach((g) => {
    const color = colors.get(g.group)!;
    const idx: number[] = [];
    input.groups.forEach((name, i) => { if (name === g.group) idx.push(i); });
    if (g.n < 3) warn(`fidelityFigure: group "${g.group}" has ${g.n} pair(s); its own correlation is undefined`);
    const rho = g.spearman ? `ρ = ${fmt(g.spearman.rho)}` : "ρ n/a";
    data.push({
      type: "scatter", mode: "markers", name: `${g.group} (${rho}, n = ${g.n})`, legendgroup: g.group,
      x: idx.map((i) => input.seedScores[i]), y: idx.map((i) => input.syntheticScores[i]),
      marker: { color: hexToRgba(color, 0.55), size: 7, line: { width: 0 } },
      hovertemplate: `${g.group}<br>seed %{x:.3f}<br>synthetic %{y:.3f}<extra></extra>`,
    });
    data.push({
      type: "scatter", mode: "markers", name: `${g.group} median`, legendgroup: g.group, showlegend: false,
      x: [g.seedMedian], y: [g.syntheticMedian],
      marker: { color, size: 16, symbol: "diamond", line: { color: "white", width: 1.5 } },
      hovertemplate: `${g.group} medians<br>seed %{x:.3f}<br>synthetic %{y:.3f}<extra></extra>`,
    });
  });
  data.push({
    type: "scatter", mode: "markers", x: [null], y: [null], name: result.groups.length > 1 ? "diamond: a group's median seed and synthetic score" : "diamond: median seed and synthetic score",
    marker: { color: result.groups.length === 1 ? colors.get(result.groups[0]!.group)! : "#666", size: 12, symbol: "diamond", line: { color: "white", width: 1 } },
    hoverinfo: "skip", legendrank: 1001,
  });
  const p = result.pointLevel;
  let sub = `Spearman ρ = ${fmt(p.rho)}, p ${fmtP(p.pValue)} (${p.n} pairs)`;
  if (result.datasetLevel) sub += `; across ${result.groups.length} group medians ρ = ${fmt(result.datasetLevel.rho)}, p ${fmtP(result.datasetLevel.pValue)}`;
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Fidelity of synthetic samples to their seeds", sub), {
      xaxis: { title: { text: `seed ${score}` } },
      yaxis: { title: { text: `synthetic sample ${score}` } },
      margin: { t: 90, r: 30, b: 70, l: 80 },
    }),
  };
}
