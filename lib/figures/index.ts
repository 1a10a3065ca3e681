/**
 * Store -> figure data: pure functions of an open Store (no Chromium, no files), so notebooks and
 * `activesynth figures` build the same figures from the same store.
 */
import type { Store } from "../store/types.js";
import { selectRuns, type FigureSet, type RunInfo } from "./common.js";
import type { AccuracyRange } from "../plots/layout.js";
import { learningFigures } from "./learning.js";
import { winrateFigures } from "./winrate.js";
import { orderingFigures } from "./ordering.js";
import { fidelityFigures } from "./fidelity.js";
import { explorationFigures } from "./exploration.js";

export interface StoreFiguresOptions {
  /** Run ids or names; all runs when absent or empty. */
  runs?: string[];
  /** Leave out the per-run exploration figures. Default false. */
  skipExploration?: boolean;
  /** Accuracy axes (learning curves): "data" (default) zoomed to the curves, or "full" 0-100%. */
  accuracyRange?: AccuracyRange;
}

/**
 * Every figure the store supports, in a fixed order: learning curves per task (Figure 4), the
 * winrate heat map (Figure 5), ordering deltas (Figure 3), fidelity (Figure 2), then per run the
 * selections and score histogram. Figures whose data is missing come back in `skipped` with the
 * reason and what would produce the data. Same store in, same figures out.
 *
 * @throws {UnknownRunError} "unknown run(s): x (the store has: a, b)"
 * Usage: storeFigures(openStore("demo.sqlite", { readonly: true })).figures.map((f) => f.name)
 *   // ["learning-curves-arith", "winrate", "selections-demo-loss-s0", "score-histogram-demo-loss-s0", ...]
 */
export function storeFigures(store: Store, options: StoreFiguresOptions = {}): FigureSet {
  const runs = selectRuns(store, options.runs);
  const learning = (s: Store, r: readonly RunInfo[]) => learningFigures(s, r, { accuracyRange: options.accuracyRange ?? "data" });
  const parts = [learning, winrateFigures, orderingFigures, fidelityFigures];
  if (!options.skipExploration) parts.push(explorationFigures);
  const out: FigureSet = { figures: [], skipped: [] };
  if (runs.length === 0) return { figures: [], skipped: [{ name: "all", reason: "the store has no runs" }] };
  for (const part of parts) {
    const r = part(store, runs);
    out.figures.push(...r.figures);
    out.skipped.push(...r.skipped);
  }
  return out;
}

export { learningFigures, winrateFigures, orderingFigures, fidelityFigures, explorationFigures };
export { selectRuns, runInfo, safeName } from "./common.js";
export type { FigureSet, NamedFigure, SkippedFigure, RunInfo } from "./common.js";
export { winrateCells } from "./winrate.js";
export { orderingSamples, syntheticExamples } from "./ordering.js";
export type { OrderingSample } from "./ordering.js";
export { fidelityPairs } from "./fidelity.js";
export { selectionCounts, lastSelectionScores, seedLineage } from "./exploration.js";
