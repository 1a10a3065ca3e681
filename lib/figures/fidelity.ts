import type { ExampleRow, Store } from "../store/types.js";
import type { FidelityInput } from "../stats/fidelity.js";
import { fidelityFigure } from "../plots/fidelity-figure.js";
import { safeName, type FigureSet, type RunInfo } from "./common.js";
import { syntheticExamples } from "./ordering.js";

/**
 * (seed score, synthetic score) pairs per criterion: every score of a synthetic example of the
 * runs whose parent seed has a score under the same checkpoint and criterion. Groups are the
 * task, or "task/base model" when the runs use several base models, unless `groupOf` says.
 */
export function fidelityPairs(
  store: Store,
  runs: readonly RunInfo[],
  groupOf?: (child: ExampleRow, model: string, run: RunInfo | undefined) => string,
): Map<string, FidelityInput> {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const several = new Set(runs.map((r) => r.model)).size > 1;
  const synthetic = new Map(syntheticExamples(store, runs).map((e) => [e.id, e]));
  const out = new Map<string, { seedScores: number[]; syntheticScores: number[]; groups: string[] }>();
  if (synthetic.size === 0) return out;
  const scores = store.listScores({});
  const key = (model: string, criterion: string, id: string) => `${model}\u0000${criterion}\u0000${id}`;
  const byKey = new Map(scores.map((s) => [key(s.model, s.criterion, s.exampleId), s.value]));
  for (const s of scores) {
    const example = synthetic.get(s.exampleId);
    if (!example || !example.parentId) continue;
    const parent = byKey.get(key(s.model, s.criterion, example.parentId));
    if (parent === undefined) continue;
    let input = out.get(s.criterion);
    if (!input) out.set(s.criterion, (input = { seedScores: [], syntheticScores: [], groups: [] }));
    const run = runById.get(example.runId ?? "");
    input.seedScores.push(parent);
    input.syntheticScores.push(s.value);
    input.groups.push(groupOf ? groupOf(example, s.model, run) : several && run ? `${example.task}/${run.model}` : example.task);
  }
  return out;
}

/**
 * Figure 2 per criterion, `fidelity-<criterion>`: seed scores against the scores of their
 * synthetic children under the same checkpoint, with Spearman's rho. Skipped, with what would
 * produce the data, when no synthetic sample and its seed are scored alike, or with < 3 pairs.
 */
export function fidelityFigures(store: Store, runs: readonly RunInfo[]): FigureSet {
  const pairs = fidelityPairs(store, runs);
  if (pairs.size === 0) {
    return {
      figures: [],
      skipped: [{
        name: "fidelity",
        reason: "no synthetic sample is scored under the same checkpoint and criterion as its seed (runs made with scoreSynthetic: [] score only their seeds; " +
          "scoreSynthetic(store, student, { runs }) scores the synthetic samples with the checkpoint that chose their seeds)",
      }],
    };
  }
  const out: FigureSet = { figures: [], skipped: [] };
  for (const [criterion, input] of pairs) {
    const name = safeName(`fidelity-${criterion}`);
    if (input.seedScores.length < 3) {
      out.skipped.push({ name, reason: `only ${input.seedScores.length} (seed, synthetic) score pair(s) under ${criterion}; Spearman needs 3` });
      continue;
    }
    out.figures.push({ name, figure: fidelityFigure(input, { scoreName: criterion, title: `Fidelity of synthetic samples to their seeds (${criterion})` }) });
  }
  return out;
}
