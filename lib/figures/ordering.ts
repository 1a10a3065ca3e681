import type { ExampleRow, Store } from "../store/types.js";
import { cumulativeAccuracyDelta } from "../stats/cumulative-accuracy-delta.js";
import { orderingDeltaFigure, type OrderingCurve } from "../plots/ordering-figure.js";
import { getCriterion } from "../select/registry.js";
import { getTask } from "../tasks/registry.js";
import { groupBy, safeName, type FigureSet, type RunInfo } from "./common.js";

/** One synthetic sample under one checkpoint: the student's score of it and whether it answered it right. */
export interface OrderingSample {
  task: string;
  criterion: string;
  model: string;
  exampleId: string;
  score: number;
  correct: boolean;
  /** The run and iteration that made the sample, and whether that is the run's first or last iteration with samples. */
  runId: string;
  iteration: number;
  stage: "first" | "final" | "middle";
}

/** The synthetic examples of the runs (ok generations only). */
export function syntheticExamples(store: Store, runs: readonly RunInfo[]): ExampleRow[] {
  return runs.flatMap((r) => store.getExamples({ source: "synthetic", runId: r.id }));
}

/**
 * Synthetic samples with both a student score (scores table, any criterion) and the same
 * checkpoint's correctness on them: an evaluation row of the sample (exampleId = the synthetic
 * example) or, failing that, the checkpoint's stored answer graded with the task's grader.
 */
export function orderingSamples(store: Store, runs: readonly RunInfo[]): OrderingSample[] {
  const synthetic = new Map(syntheticExamples(store, runs).map((e) => [e.id, e]));
  if (synthetic.size === 0) return [];
  const scores = store.listScores({}).filter((s) => synthetic.has(s.exampleId));
  if (scores.length === 0) return [];
  const evaluated = new Map<string, boolean>();
  for (const run of runs) {
    for (const it of store.listIterations(run.id)) {
      for (const e of store.getEvaluations(run.id, it.iteration)) {
        if (synthetic.has(e.exampleId)) evaluated.set(`${e.model}\u0000${e.exampleId}`, e.correct);
      }
    }
  }
  const answers = new Map<string, Map<string, string>>();
  for (const [model, rows] of groupBy(scores, (s) => s.model)) answers.set(model, store.getAnswers(model, [...new Set(rows.map((r) => r.exampleId))]));
  const lastIteration = new Map<string, number>();
  const firstIteration = new Map<string, number>();
  for (const e of synthetic.values()) {
    const run = e.runId ?? "", it = e.iteration ?? 0;
    lastIteration.set(run, Math.max(lastIteration.get(run) ?? it, it));
    firstIteration.set(run, Math.min(firstIteration.get(run) ?? it, it));
  }
  const out: OrderingSample[] = [];
  for (const s of scores) {
    const example = synthetic.get(s.exampleId)!;
    let correct = evaluated.get(`${s.model}\u0000${s.exampleId}`);
    if (correct === undefined) {
      const answer = answers.get(s.model)?.get(s.exampleId);
      if (answer !== undefined) correct = gradeOrNull(example, answer) ?? undefined;
    }
    if (correct === undefined) continue;
    const runId = example.runId ?? "", iteration = example.iteration ?? 0;
    const stage = iteration === firstIteration.get(runId) ? "first" : iteration === lastIteration.get(runId) ? "final" : "middle";
    out.push({ task: example.task, criterion: s.criterion, model: s.model, exampleId: s.exampleId, score: s.value, correct, runId, iteration, stage });
  }
  return out;
}

function gradeOrNull(example: ExampleRow, answer: string): boolean | null {
  try {
    return getTask(example.task).grade(answer, example).correct;
  } catch {
    return null;
  }
}

function orderOf(criterion: string): "desc" | "asc" {
  try {
    return getCriterion(criterion).order;
  } catch {
    return "desc";
  }
}

/**
 * Figure 3 per task, `ordering-deltas-<task>`: for each criterion with scores of synthetic
 * samples, the cumulative accuracy of the student on the samples taken in the criterion's order
 * (high loss first; low reward first), as a % difference against random orders (100 shuffles,
 * seed 0), for the samples of each run's first iteration and of its final one (as the paper's
 * Figure 3), pooled over the selected runs. Skipped, with what would
 * produce the data, when the store has no scored and graded synthetic samples.
 */
export function orderingFigures(store: Store, runs: readonly RunInfo[]): FigureSet {
  const samples = orderingSamples(store, runs);
  if (samples.length === 0) {
    return {
      figures: [],
      skipped: [{
        name: "ordering-deltas",
        reason: "no synthetic sample has both a student score and the student's correctness on it (runs made with scoreSynthetic: [] score only their seeds; " +
          "scoreSynthetic(store, student, { runs }) scores the synthetic samples and stores the checkpoint's answers to them)",
      }],
    };
  }
  const out: FigureSet = { figures: [], skipped: [] };
  for (const [task, rows] of groupBy(samples, (s) => s.task)) {
    const curves: OrderingCurve[] = [];
    const staged = rows.some((s) => s.stage === "final");
    for (const [criterion, all] of groupBy(rows, (s) => s.criterion)) {
      for (const stage of staged ? (["first", "final"] as const) : (["first"] as const)) {
        const list = all.filter((s) => s.stage === stage);
        if (list.length < 2) continue;
        curves.push({
          name: staged ? `${criterion}, ${stage === "first" ? "first" : "final"} iteration` : criterion,
          criterion,
          dash: staged && stage === "first" ? "dash" : "solid",
          result: cumulativeAccuracyDelta({ scores: list.map((s) => s.score), correct: list.map((s) => s.correct), order: orderOf(criterion) }),
        });
      }
    }
    const name = safeName(`ordering-deltas-${task}`);
    if (curves.length === 0) out.skipped.push({ name, reason: "fewer than 2 scored and graded synthetic samples per criterion" });
    else out.figures.push({ name, figure: orderingDeltaFigure(curves, { title: `Cumulative accuracy in score order vs random: ${task}` }) });
  }
  return out;
}
