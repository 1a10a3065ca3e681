import type { ExampleRow, ScoreRow, Store } from "../store/types.js";
import { scoreHistogramFigure, type ScoreGroup } from "../plots/score-histogram.js";
import { selectionsFigure, type SelectionCount } from "../plots/selections-figure.js";
import type { LineageNode } from "../plots/children-figure.js";
import { examplesById, groupBy, runInfo, safeName, type FigureSet, type RunInfo } from "./common.js";
import { resolveRun, type RunRef } from "../results/run-ref.js";

const kindOf = (e: ExampleRow | undefined) => e?.kind ?? "(none)";

/** What each iteration of a run selected, counted by seed kind. @throws {UnknownRunError} */
export function selectionCounts(store: Store, ref: RunRef | RunInfo): SelectionCount[] {
  const run = typeof ref === "object" && "method" in ref ? ref : runInfo(resolveRun(store, ref));
  const rows = store.listSelections(run.id);
  const examples = examplesById(store, rows.map((r) => r.exampleId));
  const counts = groupBy(rows, (r) => `${r.iteration}\u0000${kindOf(examples.get(r.exampleId))}`);
  return [...counts].map(([key, list]) => {
    const [iteration, kind] = key.split("\u0000");
    return { iteration: Number(iteration), kind: kind!, count: list.length, method: run.method };
  });
}

/**
 * The scores the run's criterion gave the seed pool when it made its last selection, by seed
 * kind, with the checkpoint that gave them. The checkpoint is the one whose stored scores equal
 * the selection's scores (selection rows keep the score each chosen seed had). Null when the
 * criterion stores no scores (random, static) or no checkpoint matches.
 */
export function lastSelectionScores(store: Store, run: RunInfo): { iteration: number; model: string; criterion: string; groups: ScoreGroup[] } | null {
  const selections = store.listSelections(run.id);
  if (selections.length === 0 || run.method === "static" || run.method === "random") return null;
  const iteration = Math.max(...selections.map((s) => s.iteration));
  const chosen = selections.filter((s) => s.iteration === iteration && s.score !== null);
  if (chosen.length === 0) return null;
  const byModel = groupBy(store.listScores({ criterion: run.method }), (s) => s.model);
  let match: ScoreRow[] | null = null;
  let model = "";
  for (const [m, rows] of byModel) {
    const values = new Map(rows.map((r) => [r.exampleId, r.value]));
    if (chosen.every((c) => values.has(c.exampleId) && Math.abs(values.get(c.exampleId)! - c.score!) <= 1e-9 * Math.max(1, Math.abs(c.score!)))) {
      match = rows;
      model = m;
      break;
    }
  }
  if (!match) return null;
  const examples = examplesById(store, match.map((r) => r.exampleId));
  const seeds = match.filter((r) => examples.get(r.exampleId)?.source === "seed");
  const byKind = groupBy(seeds, (r) => kindOf(examples.get(r.exampleId)));
  const groups = [...byKind].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name, rows]) => ({ name, values: rows.map((r) => r.value) }));
  return { iteration, model, criterion: run.method, groups };
}

/**
 * Per-run exploration figures: `selections-<run>` (stacked bars of the kinds of seeds each
 * iteration selected) and `score-histogram-<run>` (the seed pool's scores under the criterion at
 * the last selection, by kind). Runs without selections, or whose criterion stores no scores,
 * are skipped with a reason.
 */
export function explorationFigures(store: Store, runs: readonly RunInfo[]): FigureSet {
  const out: FigureSet = { figures: [], skipped: [] };
  for (const run of runs) {
    const counts = selectionCounts(store, run);
    const selName = safeName(`selections-${run.id}`);
    if (counts.length === 0) out.skipped.push({ name: selName, reason: `run "${run.id}" has no selections yet` });
    else out.figures.push({ name: selName, figure: selectionsFigure(counts, { title: `Seeds selected per iteration: ${run.id}` }) });
    const histName = safeName(`score-histogram-${run.id}`);
    if (run.method === "static" || run.method === "random") continue; // no scores by design: nothing to skip
    const scores = lastSelectionScores(store, run);
    if (!scores) out.skipped.push({ name: histName, reason: `no stored ${run.method} scores match run "${run.id}"'s last selection` });
    else {
      out.figures.push({
        name: histName,
        figure: scoreHistogramFigure(scores.groups, {
          title: `${scores.criterion} scores of the seed pool at iteration ${scores.iteration}: ${run.id}`,
          xTitle: `${scores.criterion} of each seed under the model that chose the seeds (iteration ${scores.iteration})`,
        }),
      });
    }
  }
  return out;
}

/**
 * A seed and its synthetic children (in the given run, or all runs), with every stored score of
 * each (named `criterion`, or `criterion@model` when several checkpoints scored them) and the
 * failed generations with their reasons: the input of `childrenFigure`.
 * @throws {Error} "no example \"x\" in the store"
 */
export function seedLineage(store: Store, seedId: string, options: { runId?: string } = {}): { seed: LineageNode; children: LineageNode[] } {
  const seed = store.getExample(seedId);
  if (!seed) throw new Error(`no example "${seedId}" in the store`);
  const runIds = options.runId ? [options.runId] : store.listRuns().map((r) => r.id);
  const kids = runIds.flatMap((id) => store.getExamples({ source: "synthetic", runId: id })).filter((e) => e.parentId === seedId)
    .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0) || (a.runId ?? "").localeCompare(b.runId ?? "") || (a.sampleIndex ?? 0) - (b.sampleIndex ?? 0));
  const ids = new Set([seedId, ...kids.map((k) => k.id)]);
  const rows = store.listScores({}).filter((s) => ids.has(s.exampleId));
  const multi = new Set(rows.map((r) => r.model)).size > 1;
  const scoresOf = (id: string) => Object.fromEntries(rows.filter((r) => r.exampleId === id).map((r) => [multi ? `${r.criterion}@${r.model}` : r.criterion, r.value]));
  const node = (e: ExampleRow): LineageNode => ({ id: e.id, question: e.question, answer: e.answer, ...(e.kind !== undefined ? { kind: e.kind } : {}), iteration: e.iteration, scores: scoresOf(e.id) });
  const failed: LineageNode[] = runIds.flatMap((id) => store.getGenerations(id)).filter((g) => g.parentId === seedId && g.status === "failed")
    .map((g) => ({ id: `${g.runId}/${g.iteration}/${g.sampleIndex}`, question: "", iteration: g.iteration, failed: g.reason ?? "failed" }));
  return { seed: node(seed), children: [...kids.map(node), ...failed] };
}
