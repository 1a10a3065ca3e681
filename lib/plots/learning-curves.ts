import type { Figure } from "./types.js";
import { methodColor } from "./palette.js";
import { baseLayout, gap, hexToRgba, titleText } from "./layout.js";

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
}

/**
 * The paper's Figure 4: test accuracy against synthetic samples (or teacher tokens) per method,
 * mean over seeds with a shaded band (when `lo`/`hi` are given), accuracy ticks in percent, and
 * the efficiency guide lines: how much of the baseline's data the active method needs to match
 * the baseline's final accuracy. Methods keep their colors from palette.ts.
 *
 * Edge cases: NaN means are gaps; no series gives an empty plot. Pure: builds a plotly spec.
 *
 * @example learningCurvesFigure([{ method: "loss", x: [0, 100], mean: [0.5, 0.7] }]).data.length // 1
 */
export function learningCurvesFigure(series: CurveSeries[], options: LearningCurvesOptions = {}): Figure {
  const data: Array<Record<string, unknown>> = [];
  series.forEach((s, i) => {
    const color = methodColor(s.method, i);
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
  if (e) {
    const xEnd = e.xBaseline ?? Math.max(...series.flatMap((s) => s.x));
    const guide = { dash: "dot", color: "#444", width: 1.2 };
    shapes.push({ type: "line", x0: 0, x1: xEnd, y0: e.accuracy, y1: e.accuracy, line: guide });
    shapes.push({ type: "line", x0: e.xActive, x1: e.xActive, y0: 0, y1: e.accuracy, line: guide });
    if (e.xBaseline !== null) shapes.push({ type: "line", x0: e.xBaseline, x1: e.xBaseline, y0: 0, y1: e.accuracy, line: guide });
    annotations.push({ x: e.xActive, y: e.accuracy, text: e.label, showarrow: true, arrowhead: 0, ax: -40, ay: -36, font: { size: 12 }, bgcolor: "rgba(255,255,255,0.8)" });
  }
  return {
    data,
    layout: baseLayout(titleText(options.title ?? "Test accuracy vs synthetic samples", options.subtitle), {
      xaxis: { title: { text: options.xTitle ?? "synthetic samples" }, zeroline: false, rangemode: "tozero" },
      yaxis: { title: { text: "test accuracy" }, rangemode: "tozero", tickformat: ".0%" },
      shapes,
      annotations,
    }),
  };
}
