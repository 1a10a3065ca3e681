import type { Figure } from "./types.js";
import { baseLayout, titleText } from "./layout.js";
import { kindColors } from "./palette.js";
import { warn } from "./warn.js";

/** Scores of one group, e.g. the student's loss on the seeds of one arith kind. */
export interface ScoreGroup {
  name: string;
  values: readonly number[];
}

export interface ScoreHistogramOptions {
  title?: string;
  /** Axis title for the score. Default "score". */
  xTitle?: string;
  /** Number of bins over the pooled range. Default 30. */
  bins?: number;
  /** "count" (default) or "probability" (each group's bars sum to 1, to compare shapes). */
  histnorm?: "count" | "probability";
}

/**
 * Histograms of scores by group, stacked (counts) or side by side (shares), (e.g. the loss criterion's scores of the seed pool by
 * arith kind): every group uses the same `bins` bins, computed here over the pooled finite values
 * (the minimum and maximum at the centres of the first and last bin), so
 * the output does not depend on plotly's automatic binning. Groups come out in the given order,
 * each in the color of its name (palette.ts `kindColor`: `mul` is orange in every figure).
 *
 * Edge cases: non-finite values are dropped with a warning; an empty group is left out with a
 * warning; all values equal gives a range of width 1 around them. Pure: builds a plotly spec.
 *
 * @example scoreHistogramFigure([{ name: "add", values: [0.1, 0.2] }, { name: "mul", values: [1.5, 2] }], { bins: 4 })
 *   .data[0].xbins.size // 0.633
 */
export function scoreHistogramFigure(groups: readonly ScoreGroup[], options: ScoreHistogramOptions = {}): Figure {
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`scoreHistogramFigure requires bins to be a positive integer (got ${bins})`);
  const clean = groups.map((g) => {
    const values = g.values.filter(Number.isFinite);
    if (values.length < g.values.length) warn(`scoreHistogramFigure: dropped ${g.values.length - values.length} non-finite value(s) of group "${g.name}"`);
    if (values.length === 0) warn(`scoreHistogramFigure: group "${g.name}" has no values`);
    return { name: g.name, values };
  }).filter((g) => g.values.length > 0);
  const all = clean.flatMap((g) => g.values);
  // `bins` bins of equal width with the smallest and largest value at the centres of the first and
  // last (plotly's bins are half-open, so bins ending exactly at the maximum would drop it).
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  let start: number, end: number, size: number;
  if (hi === lo) {
    [start, end, size] = [lo - 0.5, hi + 0.5, 1 / bins];
  } else {
    size = bins === 1 ? 2 * (hi - lo) : (hi - lo) / (bins - 1);
    [start, end] = [lo - size / 2, hi + size / 2];
    if (bins === 1) [start, end] = [lo - (hi - lo) / 2, hi + (hi - lo) / 2];
  }
  const histnorm = options.histnorm === "probability" ? "probability" : "";
  const colors = kindColors(clean.map((g) => g.name));
  const data = clean.map((g) => ({
    type: "histogram", name: `${g.name} (n = ${g.values.length})`, x: g.values, histnorm,
    xbins: { start, end, size }, autobinx: false,
    marker: { color: colors.get(g.name)!, line: { color: "white", width: 0.5 } }, opacity: 0.9,
    hovertemplate: `${g.name}<br>%{x}<br>%{y}<extra></extra>`,
  } as Record<string, unknown>));
  const n = all.length;
  // the tallest stacked bar: counts are whole, so a short one gets a tick per unit, not 0.5 steps
  const perBin = new Map<number, number>();
  for (const v of all) {
    const b = Math.min(Math.floor((v - start) / size), Math.max(0, Math.round((end - start) / size) - 1));
    perBin.set(b, (perBin.get(b) ?? 0) + 1);
  }
  const tallest = Math.max(0, ...perBin.values());
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Scores by group", `${n} scores in ${clean.length} group(s)`), {
      // counts stack (each bar is split by group, and no overlap mixes two colors into a third);
      // shares sit side by side (shares of different groups do not add up)
      barmode: histnorm ? "group" : "stack",
      bargap: 0.02,
      xaxis: { title: { text: options.xTitle ?? "score" } },
      yaxis: histnorm
        ? { title: { text: "share of the group" }, tickformat: ".0%" }
        : { title: { text: "count" }, ...(tallest <= 10 ? { tick0: 0, dtick: 1 } : {}) },
    }),
  };
}
