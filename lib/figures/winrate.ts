import type { Store } from "../store/types.js";
import type { WinrateCell } from "../stats/winrate-matrix.js";
import { winrateMatrix } from "../stats/winrate-matrix.js";
import { winrateFigure } from "../plots/winrate-figure.js";
import { groupBy, type FigureSet, type RunInfo } from "./common.js";

/**
 * The winrate cells of the runs: one curve (samples, accuracy per iteration) per (task, base
 * model, seed, method), keeping only cells where at least 2 methods ran. A repeated (cell,
 * method) keeps the first run in store order.
 */
export function winrateCells(store: Store, runs: readonly RunInfo[]): WinrateCell[] {
  const cells: WinrateCell[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    const curve = store.listIterations(run.id).map((it) => ({ x: it.samples, accuracy: it.accuracy }));
    // runs that differ in more than method and seed (another base, teacher...) are cells of their own
    const model = run.variant ? `${run.model} (${run.variant})` : run.model;
    const key = `${run.task}\u0000${model}\u0000${run.seed}\u0000${run.method}`;
    if (curve.length === 0 || seen.has(key)) continue;
    seen.add(key);
    cells.push({ dataset: run.task, model, seed: run.seed, method: run.method, curve });
  }
  const byCell = groupBy(cells, (c) => `${c.dataset}\u0000${c.model}\u0000${c.seed}`);
  return [...byCell.values()].filter((g) => g.length >= 2).flat();
}

/**
 * Figure 5: the pairwise winrate heat map (final accuracy) over the (task, base model, seed) cells
 * where at least 2 methods ran, named `winrate`; skipped with a reason when there is none.
 */
export function winrateFigures(store: Store, runs: readonly RunInfo[]): FigureSet {
  const cells = winrateCells(store, runs);
  if (cells.length === 0) {
    return { figures: [], skipped: [{ name: "winrate", reason: "no (task, model, seed) cell has evaluated runs of 2 or more methods (run several criteria with the same seed)" }] };
  }
  const matrix = winrateMatrix(cells, { rule: "final" });
  return { figures: [{ name: "winrate", figure: winrateFigure(matrix, { title: "Pairwise win rates (final test accuracy)" }) }], skipped: [] };
}
