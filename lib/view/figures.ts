/**
 * The viewer's figures, from the project's builders (lib/plots) and colours (palette.ts): the runs'
 * learning curves, a run's selections by kind, and an iteration's pool of scores next to what was
 * selected. Points and bars carry the link of the page they open in `customdata` (see
 * `figureDiv`'s `clickable`). Text from the store is passed through `plotlyText`.
 */
import type { Figure } from "../plots/types.js";
import { learningCurvesFigure } from "../plots/learning-curves.js";
import { selectionsFigure } from "../plots/selections-figure.js";
import { baseLayout, titleText } from "../plots/layout.js";
import { methodColor } from "../plots/palette.js";
import { plotlyText } from "./html.js";

export interface RunCurve {
  runId: string;
  method: string;
  /** samples, accuracy and the link of each evaluated iteration */
  points: Array<{ iteration: number; samples: number; accuracy: number; href: string }>;
}

/**
 * Every run's test accuracy against synthetic samples, one line per run in its method's colour
 * (`learningCurvesFigure`, no bands: these are runs, not means); a point opens that iteration.
 */
export function runCurvesFigure(runs: readonly RunCurve[], title = "Test accuracy vs synthetic samples"): Figure {
  const shown = runs.filter((r) => r.points.length > 0);
  const figure = learningCurvesFigure(shown.map((r) => ({ method: r.method, x: r.points.map((p) => p.samples), mean: r.points.map((p) => p.accuracy) })), { title });
  // one trace per series, in order (no bands or guide entries were asked for)
  shown.forEach((r, i) => {
    const trace = figure.data[i]!;
    const name = plotlyText(r.runId);
    trace.name = name;
    trace.legendgroup = name;
    trace.customdata = r.points.map((p) => p.href);
    trace.text = r.points.map((p) => `iteration ${p.iteration}`);
    trace.hovertemplate = `${name}<br>%{text}<br>%{x} samples<br>%{y:.1%}<br>click: open<extra></extra>`;
  });
  return figure;
}

/** What each iteration of a run selected, by kind (`selectionsFigure`); a bar opens its iteration. */
export function runSelectionsFigure(counts: ReadonlyArray<{ iteration: number; kind: string; count: number }>, hrefOf: (iteration: number) => string, title: string): Figure {
  const figure = selectionsFigure(counts.map((c) => ({ iteration: c.iteration, kind: plotlyText(c.kind), count: c.count })), { title: plotlyText(title) });
  for (const trace of figure.data) trace.customdata = (trace.x as number[]).map(hrefOf);
  return figure;
}

/**
 * The pool's scores under the checkpoint that chose the seeds, the selected seeds in the method's
 * colour stacked on the rest (grey), binned here into `bins` bins over the pooled range, so a 100k
 * pool is 2 x `bins` numbers on the page, not 100k.
 */
export function poolScoresFigure(pool: readonly number[], selected: readonly number[], options: { method: string; criterion: string; model: string; bins?: number }): Figure {
  const bins = options.bins ?? 40;
  const finite = (xs: readonly number[]) => xs.filter(Number.isFinite);
  const p = finite(pool), s = finite(selected);
  let lo = Infinity, hi = -Infinity;
  for (const v of [...p, ...s]) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!Number.isFinite(lo)) (lo = 0), (hi = 1);
  if (hi === lo) (lo -= 0.5), (hi += 0.5);
  const size = (hi - lo) / bins;
  const count = (xs: number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of xs) c[Math.min(bins - 1, Math.floor((v - lo) / size))]! += 1;
    return c;
  };
  const x = Array.from({ length: bins }, (_, i) => lo + (i + 0.5) * size);
  const bar = (name: string, y: number[], color: string) => ({
    type: "bar", name, x, y, width: size * 0.95, marker: { color },
    hovertemplate: `${name}<br>%{x:.3g}: %{y}<extra></extra>`,
  });
  // the selected seeds are in the pool: stacked on the rest of it, each bar is the pool's count
  const chosen = count(s);
  const rest = count(p).map((c, i) => Math.max(0, c - chosen[i]!));
  const criterion = plotlyText(options.criterion);
  return {
    data: [bar(`the rest of the pool (n = ${Math.max(0, p.length - s.length)})`, rest, "#bab0ac"), bar(`selected (n = ${s.length})`, chosen, methodColor(options.method))],
    layout: baseLayout(titleText(`${criterion} scores of the pool, the selected seeds in colour`, `under ${plotlyText(options.model)}, the checkpoint that chose them`), {
      barmode: "stack",
      bargap: 0,
      xaxis: { title: { text: criterion } },
      yaxis: { title: { text: "seeds" }, type: p.length > 50 * Math.max(1, s.length) ? "log" : "linear" },
    }),
  };
}
