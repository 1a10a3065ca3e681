import type { Figure } from "./types.js";
import { methodColors } from "./palette.js";
import { accuracyAxis, baseLayout, gap, hexToRgba, titleText, type AccuracyRange } from "./layout.js";

/** One method's curve: mean accuracy at each x, with an optional confidence band. */
export interface CurveSeries {
  method: string;
  x: number[];
  mean: number[];
  lo?: number[];
  hi?: number[];
}

export interface LearningCurvesOptions {
  title?: string;
  /** A second title line, e.g. the efficiency sentence. */
  subtitle?: string;
  xTitle?: string;
  /**
   * The "efficiency" guide lines: a dotted horizontal line at the accuracy the baseline ends with
   * (`accuracy`, reached by the baseline at `xBaseline`), and a dotted vertical line where the
   * active method reaches it (`xActive`), with `label` pointing at that crossing.
   */
  efficiency?: { accuracy: number; xActive: number; xBaseline: number | null; label: string };
  /**
   * The accuracy axis: "data" (default) zooms to the curves, their bands and the guide line with
   * a little padding and round tick steps (see `accuracyAxis`); "full" spans 0-100%.
   */
  accuracyRange?: AccuracyRange;
  /** The legend entry of the shaded bands. Default "shaded: confidence band over seeds". */
  bandLabel?: string;
}

/**
 * The paper's Figure 4: test accuracy against synthetic samples (or teacher tokens) per method,
 * mean over seeds with a shaded band (when `lo`/`hi` are given), accuracy ticks in percent, and
 * the efficiency guide lines: how much of the baseline's data the active method needs to match
 * the baseline's final accuracy. Methods keep their colors from palette.ts. The accuracy axis is
 * zoomed to the data unless `accuracyRange: "full"`. The legend explains every mark: a line with
 * markers per method (a marker per evaluation), one grey entry for the shaded bands when one
 * has a width (one seed gives none), and one for the dotted guide lines when drawn.
 *
 * Edge cases: NaN means are gaps; no series gives an empty plot. Pure: builds a plotly spec.
 *
 * @example learningCurvesFigure([{ method: "loss", x: [0, 100], mean: [0.5, 0.7] }]).data.length // 1
 */
export function learningCurvesFigure(series: CurveSeries[], options: LearningCurvesOptions = {}): Figure {
  const data: Array<Record<string, unknown>> = [];
  const colors = methodColors(series.map((s) => s.method));
  series.forEach((s) => {
    const color = colors.get(s.method)!;
    if (s.lo && s.hi) {
      data.push({
        type: "scatter",
        mode: "lines",
        x: [...s.x, ...[...s.x].reverse()],
        y: [...s.hi, ...[...s.lo].reverse()].map(gap),
        fill: "toself",
        fillcolor: hexToRgba(color, 0.15),
        line: { width: 0, color },
        hoverinfo: "skip",
        showlegend: false,
        legendgroup: s.method,
        name: `${s.method} band`,
      });
    }
    data.push({
      type: "scatter", mode: "lines+markers", name: s.method, x: s.x, y: s.mean.map(gap),
      line: { color, width: 2.5 }, marker: { size: 6 }, legendgroup: s.method,
      hovertemplate: `${s.method}<br>%{x} samples<br>%{y:.1%}<extra></extra>`,
    });
  });
  const shapes: Array<Record<string, unknown>> = [];
  const annotations: Array<Record<string, unknown>> = [];
  const e = options.efficiency;
  const yValues = series.flatMap((s) => [...s.mean, ...(s.lo && s.hi ? [...s.lo, ...s.hi] : [])]);
  if (e) yValues.push(e.accuracy);
  const yAxis = accuracyAxis(yValues, options.accuracyRange ?? "data");
  const bottom = yAxis.range[0];
  // legend-only entries (no points) that say what the bands and the dotted lines are
  const banded = series.some((s) => s.lo && s.hi && s.lo.some((v, i) => (s.hi![i] ?? v) - v > 1e-12));
  if (banded) {
    data.push({
      type: "scatter", mode: "lines", x: [null], y: [null], name: options.bandLabel ?? "shaded: confidence band over seeds",
      fill: "toself", fillcolor: "rgba(68,68,68,0.18)", line: { width: 0, color: "#444" }, hoverinfo: "skip", legendrank: 1001,
    });
  }
  if (e) {
    const xEnd = e.xBaseline ?? Math.max(...series.flatMap((s) => s.x));
    const guide = { dash: "dot", color: "#444", width: 1.2 };
    shapes.push({ type: "line", x0: 0, x1: xEnd, y0: e.accuracy, y1: e.accuracy, line: guide });
    shapes.push({ type: "line", x0: e.xActive, x1: e.xActive, y0: bottom, y1: e.accuracy, line: guide });
    if (e.xBaseline !== null) shapes.push({ type: "line", x0: e.xBaseline, x1: e.xBaseline, y0: bottom, y1: e.accuracy, line: guide });
    // the label (on two lines) sits above the crossing and to its left, where the curves are
    // below the guide line (the active one reaches it at the crossing, the baseline at its end),
    // unless the crossing is too near the left edge for it
    const xMax = Math.max(0, ...series.flatMap((s) => s.x.filter(Number.isFinite)));
    const left = e.xActive > 0.3 * xMax;
    annotations.push({
      x: e.xActive, y: e.accuracy, text: wrapLabel(e.label), showarrow: true, arrowhead: 0, arrowcolor: "#444", ax: left ? -24 : 24, ay: -40,
      xanchor: left ? "right" : "left", align: left ? "right" : "left", font: { size: 12 }, bgcolor: "rgba(255,255,255,0.85)",
    });
    data.push({
      type: "scatter", mode: "lines", x: [null], y: [null], name: "dotted: the baseline's final accuracy, and where it is reached",
      line: { dash: "dot", color: "#444", width: 1.2 }, hoverinfo: "skip", legendrank: 1002,
    });
  }
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Test accuracy vs synthetic samples", options.subtitle), {
      xaxis: { title: { text: options.xTitle ?? "synthetic samples" }, zeroline: false, rangemode: "tozero" },
      yaxis: { title: { text: "test accuracy" }, ...yAxis },
      shapes,
      annotations,
    }),
  };
}

/** A label over 30 characters as two lines, broken at the space nearest its middle. */
function wrapLabel(label: string): string {
  if (label.length <= 30) return label;
  const mid = label.length / 2;
  let best = -1;
  for (let i = label.indexOf(" "); i >= 0; i = label.indexOf(" ", i + 1)) if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  return best < 0 ? label : `${label.slice(0, best)}<br>${label.slice(best + 1)}`;
}
