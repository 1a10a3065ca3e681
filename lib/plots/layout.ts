/** The shared look of every figure: a plotly_white-like layout, readable fonts, a categorical palette. */

/** Colors for categories that are not methods (arith kinds, score groups), in order of appearance. */
const categories = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac"];

/** The color of the i-th category (kinds, groups); cycles after 10. */
export function categoryColor(index: number): string {
  return categories[((index % categories.length) + categories.length) % categories.length]!;
}

/** `#rrggbb` to `rgba(r,g,b,alpha)`. */
export function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

const axis = { gridcolor: "#ebebeb", linecolor: "#444", zerolinecolor: "#ebebeb", automargin: true, ticks: "outside", tickcolor: "#bbb" };

/** A title with an optional smaller second line (plotly's `<sup>` subtitle idiom). */
export function titleText(title: string, subtitle?: string): string {
  return subtitle ? `${title}<br><sup>${subtitle}</sup>` : title;
}

/**
 * Where every figure's legend goes: one horizontal row (wrapping) at the bottom edge of the figure
 * (container coordinates), which makes plotly reserve its height below the x axis title instead
 * of drawing it at a fraction of the plot height, where it overlapped the axis title on short
 * (notebook-height) figures.
 */
export const BOTTOM_LEGEND: Readonly<Record<string, unknown>> = { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" };

/**
 * The common layout: white background, light grid, 14 px sans-serif, title at the top left,
 * a legend always shown (plotly hides it for a single trace otherwise) in a row under the plot
 * (`BOTTOM_LEGEND`). `extra` is merged on top (one level deep for axes).
 *
 * @example baseLayout("Accuracy", { xaxis: { title: { text: "samples" } } }).xaxis // { ...grid styles, title: { text: "samples" } }
 */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const layout: Record<string, unknown> = {
    title: { text: title, x: 0.02, xanchor: "left", font: { size: 18 } },
    font: { family: "Helvetica, Arial, sans-serif", size: 14, color: "#2a3f5f" },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    xaxis: { ...axis },
    yaxis: { ...axis },
    showlegend: true,
    legend: { ...BOTTOM_LEGEND },
    margin: { t: 80, r: 30, b: 40, l: 80 },
    hoverlabel: { namelength: -1 },
  };
  for (const [key, value] of Object.entries(extra)) {
    const base = layout[key];
    layout[key] = isObject(base) && isObject(value) && /^[xy]axis\d*$/.test(key) ? { ...base, ...value } : value;
  }
  return layout;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A number for a title or a cell: fixed decimals, "n/a" for NaN and infinities. */
export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** A p-value for a title: 3 significant digits, "< 0.001" below that. */
export function fmtP(p: number): string {
  if (!Number.isFinite(p)) return "n/a";
  return p < 0.001 ? "< 0.001" : `= ${p.toPrecision(3).replace(/\.?0+$/, "")}`;
}

/** NaN and infinities as null, which plotly draws as gaps (JSON has no NaN). */
export function gap(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** How an accuracy axis is scaled: zoomed to the data (default) or the full 0-100%. */
export type AccuracyRange = "data" | "full";

const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * An accuracy axis (values are fractions, ticks in percent). "data": the range of the finite
 * values plus 8% padding on each side (at least 4 points of accuracy, so a flat curve is not
 * blown up), with the tick step the smallest of 1, 2, 5, 10, 20 points that gives at most 8
 * intervals, and never more than 0.4 step beyond 0% or 100% (no tick below 0% or above 100%).
 * "full" (or no finite value): 0-100% in steps of 10 with a little room for markers at the ends.
 *
 * @example accuracyAxis([0.62, 0.68]) // { range: [0.6152, 0.6848], dtick: 0.01, tick0: 0, tickformat: ".0%" }
 */
export function accuracyAxis(values: readonly number[], mode: AccuracyRange = "data"): { range: [number, number]; dtick: number; tick0: number; tickformat: string } {
  const finite = values.filter(Number.isFinite);
  if (mode === "full" || finite.length === 0) return { range: [-0.02, 1.02], dtick: 0.1, tick0: 0, tickformat: ".0%" };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 0.04) {
    const mid = (lo + hi) / 2;
    [lo, hi] = [mid - 0.02, mid + 0.02];
  }
  const pad = 0.08 * (hi - lo);
  [lo, hi] = [lo - pad, hi + pad];
  const step = STEPS.find((s) => (hi - lo) / s <= 8) ?? 0.2;
  lo = Math.max(lo, -0.4 * step);
  hi = Math.min(hi, 1 + 0.4 * step);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { range: [round(lo), round(hi)], dtick: step, tick0: 0, tickformat: ".0%" };
}

/**
 * The figure without its title (for a paper, where the caption says it): the title's text is
 * emptied and the top margin shrunk to what the plot needs (axes on top still push it out).
 */
export function withoutTitle<F extends { data: Array<Record<string, unknown>>; layout: Record<string, unknown> }>(figure: F): F {
  const margin = { ...(figure.layout.margin as Record<string, number> | undefined) };
  margin.t = Math.min(margin.t ?? 30, 30);
  return { ...figure, layout: { ...figure.layout, title: { text: "" }, margin } };
}
