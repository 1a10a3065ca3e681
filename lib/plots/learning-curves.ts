import type { Figure } from "./types.js";
import { methodColor } from "./palette.js";

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
  xTitle?: string;
  /** Horizontal "efficiency" guide: the accuracy the best active method reached, and where the baseline reaches it. */
  efficiency?: { accuracy: number; xActive: number; xBaseline: number | null; label: string };
}

/**
 * The paper's Figure 4 style: test accuracy against synthetic samples (or teacher tokens) per
 * method, mean over seeds with a shaded band. Pure: returns a plotly spec.
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
        y: [...s.hi, ...[...s.lo].reverse()],
        fill: "toself",
        fillcolor: hexToRgba(color, 0.15),
        line: { width: 0, color },
        hoverinfo: "skip",
        showlegend: false,
        legendgroup: s.method,
      });
    }
    data.push({ type: "scatter", mode: "lines+markers", name: s.method, x: s.x, y: s.mean, line: { color, width: 2.5 }, marker: { size: 6 }, legendgroup: s.method });
  });
  const shapes: Array<Record<string, unknown>> = [];
  const annotations: Array<Record<string, unknown>> = [];
  const e = options.efficiency;
  if (e) {
    const xEnd = e.xBaseline ?? Math.max(...series.flatMap((s) => s.x));
    shapes.push({ type: "line", x0: 0, x1: xEnd, y0: e.accuracy, y1: e.accuracy, line: { dash: "dot", color: "#444", width: 1 } });
    shapes.push({ type: "line", x0: e.xActive, x1: e.xActive, y0: 0, y1: e.accuracy, line: { dash: "dot", color: "#444", width: 1 } });
    annotations.push({ x: e.xActive, y: e.accuracy, text: e.label, showarrow: true, arrowhead: 0, ax: -40, ay: -30, font: { size: 12 } });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Test accuracy vs synthetic samples" },
      xaxis: { title: { text: options.xTitle ?? "synthetic samples" }, zeroline: false },
      yaxis: { title: { text: "test accuracy" }, rangemode: "tozero", tickformat: ".0%" },
      legend: { orientation: "h", y: -0.2 },
      template: "plotly_white",
      plot_bgcolor: "white",
      shapes,
      annotations,
      margin: { t: 60, r: 20, b: 80, l: 70 },
    },
  };
}

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
