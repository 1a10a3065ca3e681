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
 * The common layout: white background, light grid, 14 px sans-serif, title at the top left,
 * horizontal legend under the plot. `extra` is merged on top (one level deep for axes).
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
    legend: { orientation: "h", x: 0, y: -0.2, yanchor: "top" },
    margin: { t: 80, r: 30, b: 90, l: 80 },
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
