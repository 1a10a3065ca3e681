import type { Figure } from "./types.js";
import { baseLayout, titleText } from "./layout.js";
import { kindColors } from "./palette.js";
import { warn } from "./warn.js";

/** How many seeds of one kind (or any label) were selected in one iteration, optionally of one method/run. */
export interface SelectionCount {
  iteration: number;
  /** The seed's kind or any label (rows may use `kind` instead). */
  label?: string;
  kind?: string;
  count: number;
  /** The method or run the selection belongs to; several give one group of bars each. */
  method?: string;
}

export interface SelectionsFigureOptions {
  title?: string;
  /** Bars as shares of each iteration's selection instead of counts. Default false. */
  normalize?: boolean;
}

/**
 * What each iteration selected: stacked bars of selected seeds per label (kind) per iteration.
 * With rows of several methods the x axis has two levels (method, then iteration), so the
 * methods' choices sit side by side. Labels are stacked in sorted order, methods and iterations
 * sorted too, so the output does not depend on row order. Each label has the color of its name
 * (palette.ts `kindColor`), the same in every figure, and the legend is shown even for one label
 * (a run that picked one kind only).
 *
 * Edge cases: rows with the same (method, iteration, label) are summed; a row without label and
 * kind counts as "(none)"; negative or non-finite counts throw. Pure: builds a plotly spec.
 *
 * @throws {Error} "selectionsFigure requires non-negative finite counts (rows[2].count = -1)"
 * @example selectionsFigure([{ iteration: 1, kind: "add", count: 3 }, { iteration: 1, kind: "mul", count: 1 }]).data.map((t) => t.name)
 *   // ["add", "mul"]
 */
export function selectionsFigure(rows: readonly SelectionCount[], options: SelectionsFigureOptions = {}): Figure {
  if (rows.length === 0) warn("selectionsFigure: no selections to draw");
  const counts = new Map<string, number>();
  const labels = new Set<string>();
  const groups = new Set<string>(); // "method\u0000iteration"
  rows.forEach((r, i) => {
    if (!(Number.isFinite(r.count) && r.count >= 0)) throw new Error(`selectionsFigure requires non-negative finite counts (rows[${i}].count = ${r.count})`);
    const label = r.label ?? r.kind ?? "(none)";
    const g = `${r.method ?? ""}\u0000${r.iteration}`;
    labels.add(label);
    groups.add(g);
    counts.set(`${g}\u0000${label}`, (counts.get(`${g}\u0000${label}`) ?? 0) + r.count);
  });
  const ordered = [...groups].map((g) => g.split("\u0000")).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[1]) - Number(b[1])));
  const methods = new Set(ordered.map((g) => g[0]));
  const multi = methods.size > 1;
  const totals = ordered.map(([m, it]) => [...labels].reduce((s, l) => s + (counts.get(`${m}\u0000${it}\u0000${l}`) ?? 0), 0));
  const x = multi ? [ordered.map((g) => g[0]), ordered.map((g) => Number(g[1]))] : ordered.map((g) => Number(g[1]));
  const colors = kindColors([...labels]);
  const data = [...labels].sort().map((label) => ({
    type: "bar", name: label, x,
    y: ordered.map(([m, it], gi) => {
      const c = counts.get(`${m}\u0000${it}\u0000${label}`) ?? 0;
      return options.normalize ? (totals[gi]! > 0 ? c / totals[gi]! : 0) : c;
    }),
    marker: { color: colors.get(label)! },
    hovertemplate: `${label}: %{y}<extra></extra>`,
  } as Record<string, unknown>));
  const method = methods.size === 1 ? [...methods][0] : "";
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Seeds selected per iteration", method ? `method: ${method}` : multi ? `${methods.size} methods` : undefined), {
      barmode: "stack",
      bargap: 0.15,
      xaxis: multi ? { title: { text: "iteration" }, type: "multicategory" } : { title: { text: "iteration" }, dtick: 1 },
      // counts are whole seeds: no 0.5 ticks when a few are selected
      yaxis: options.normalize
        ? { title: { text: "share of selected seeds" }, tickformat: ".0%", range: [0, 1] }
        : { title: { text: "selected seeds" }, rangemode: "tozero", ...(Math.max(0, ...totals) <= 10 ? { tick0: 0, dtick: 1 } : {}) },
      legend: { orientation: "v", x: 1.02, y: 1, yanchor: "top", title: { text: "kind" } },
    }),
  };
}
