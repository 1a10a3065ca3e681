/**
 * Static figure export: one Chromium page rendering N figures (plotly loaded once, then
 * Plotly.react + Plotly.toImage per figure) against the naive way, a fresh browser per figure,
 * in the same run; also the per-figure PNG and SVG cost.
 *
 *   npm run build && node dist/bench/figure-export.js [N=10]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportFigures } from "../lib/plots/export.js";
import { learningCurvesFigure } from "../lib/plots/learning-curves.js";
import type { Figure } from "../lib/plots/types.js";

const n = Number(process.argv[2] ?? 10);
const figures: { name: string; figure: Figure }[] = Array.from({ length: n }, (_, i) => ({
  name: `fig${i}`,
  figure: learningCurvesFigure(["random", "loss", "entropy"].map((method, m) => {
    const x = Array.from({ length: 10 }, (_, j) => 100 * (j + 1));
    const mean = x.map((_, j) => 0.2 + 0.05 * j * (1 + 0.2 * m) / (1 + 0.02 * i));
    return { method, x, mean, lo: mean.map((v) => v - 0.03), hi: mean.map((v) => v + 0.03) };
  }), { title: `Figure ${i}` }),
}));
const dir = mkdtempSync(join(tmpdir(), "activesynth-bench-"));
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
try {
  await exportFigures(figures.slice(0, 1), join(dir, "warm"), { formats: ["png"] }); // warm the disk cache
  const empty = await time(() => exportFigures(figures.slice(0, 1), join(dir, "one"), { formats: ["svg"] }));
  const png = await time(() => exportFigures(figures, join(dir, "png"), { formats: ["png"] }));
  const svg = await time(() => exportFigures(figures, join(dir, "svg"), { formats: ["svg"] }));
  const naive = await time(async () => {
    for (const f of figures) await exportFigures([f], join(dir, "naive"), { formats: ["png"] });
  });
  const startup = empty; // launch + page + plotly + one SVG
  console.log(`${n} figures, 900x540`);
  console.log(`browser + page + plotly (+1 SVG): ${startup.toFixed(0)} ms`);
  console.log(`one page, PNG: ${png.toFixed(0)} ms in all, ~${((png - startup) / n).toFixed(0)} ms per figure after start-up`);
  console.log(`one page, SVG: ${svg.toFixed(0)} ms in all, ~${((svg - startup) / n).toFixed(0)} ms per figure after start-up`);
  console.log(`a browser per figure, PNG: ${naive.toFixed(0)} ms; ratio one page / browser per figure = ${(png / naive).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
