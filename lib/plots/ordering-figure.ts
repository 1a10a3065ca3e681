import type { Figure } from "./types.js";
import type { CumulativeAccuracyDelta } from "../stats/cumulative-accuracy-delta.js";
import { methodColors } from "./palette.js";
import { baseLayout, fmt, gap, titleText } from "./layout.js";
import { warn } from "./warn.js";

/** One score's ordering curve: the result of `cumulativeAccuracyDelta` for that score. */
export interface OrderingCurve {
  /** The score's name, e.g. "loss", "reward" (colored like the method of the same name). */
  name: string;
  result: CumulativeAccuracyDelta;
  /** The criterion whose method color the curve takes (default `name`): curves of one criterion share it. */
  criterion?: string;
  /** Line dash, e.g. "dash" for a first iteration against a solid final one. Default "solid". */
  dash?: "solid" | "dash" | "dot" | "dashdot";
}

export interface OrderingFigureOptions {
  title?: string;
}

/**
 * The paper's Figure 3: for each score, the percentage difference between the cumulative accuracy
 * of the synthetic samples taken in score order and the mean over random orders, against the
 * cumulative fraction of samples taken (k / n), with a zero line. A curve above zero means the
 * score puts samples the student gets right first; below zero, the ones it gets wrong (what an
 * uncertainty score should do). The legend gives each curve's mean delta. Each curve has the
 * color of its criterion's method (palette.ts), so `loss` is red here as in the learning curves;
 * curves of one criterion (first and final iteration) differ by `dash`.
 *
 * Edge cases: undefined deltas (random mean 0 with a nonzero ordered accuracy) are gaps; an empty
 * list gives an empty plot with a warning. Pure: builds a plotly spec.
 *
 * @example orderingDeltaFigure([{ name: "loss", result: cumulativeAccuracyDelta({ scores: [3, 2, 1], correct: [0, 0, 1], order: "desc" }) }])
 *   .data[0].x // [0.3333333333333333, 0.6666666666666666, 1]
 */
export function orderingDeltaFigure(curves: readonly OrderingCurve[], options: OrderingFigureOptions = {}): Figure {
  if (curves.length === 0) warn("orderingDeltaFigure: no curves to draw");
  const colors = methodColors(curves.map((c) => c.criterion ?? c.name));
  const data = curves.map((c) => {
    const n = c.result.curve.length;
    return {
      type: "scatter", mode: "lines", name: `${c.name} (mean ${fmt(c.result.summary.meanDeltaPercent, 1)}%)`,
      x: c.result.curve.map((p) => p.k / n),
      y: c.result.curve.map((p) => gap(p.deltaPercent)),
      line: { color: colors.get(c.criterion ?? c.name)!, width: 2.5, dash: c.dash ?? "solid" },
      hovertemplate: `${c.name}<br>first %{x:.0%} of samples<br>%{y:.1f}% vs random<extra></extra>`,
    } as Record<string, unknown>;
  });
  const sizes = curves.map((c) => c.result.curve.length);
  const lo = Math.min(...sizes), hi = Math.max(...sizes);
  const count = sizes.length === 0 ? undefined : `${lo === hi ? lo : `${lo}-${hi}`} synthetic samples per curve; 0% = random order`;
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Cumulative accuracy in score order vs random order", count), {
      xaxis: { title: { text: "fraction of synthetic samples taken (in score order)" }, tickformat: ".0%", range: [0, 1] },
      yaxis: { title: { text: "accuracy vs random<br>order (relative)" }, ticksuffix: "%", zeroline: false },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#444", width: 1.5 } }],
    }),
  };
}
