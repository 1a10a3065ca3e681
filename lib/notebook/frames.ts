/**
 * The store as danfojs DataFrames, for notebooks: runs, iterations, selections, generations,
 * examples, scores, evaluations and spend, one row per stored row, columns named as in
 * lib/store/types.ts. A run is named as everywhere (a name, or an object carrying it; RunRef), and
 * an unknown one is an UnknownRunError, not an empty frame.
 *
 *   const df = iterationsFrame(openStore("demo.sqlite", { readonly: true }));
 *   df.groupby(["method", "iteration"]).col(["accuracy"]).mean()
 *
 * danfojs (with TensorFlow.js) takes seconds to load, so it is required on the first call, not
 * when the library is imported.
 */
import { createRequire } from "node:module";
import type { DataFrame } from "danfojs";
import type { ExampleSource, Store } from "../store/types.js";
import { examplesById, runInfo } from "../figures/common.js";
import { runIdOf, type RunRef } from "../results/run-ref.js";

type Danfo = typeof import("danfojs");
let danfo: Danfo | null = null;

function load(): Danfo {
  if (danfo === null) {
    try {
      danfo = createRequire(import.meta.url)("danfojs") as Danfo;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
      throw new Error("the frames need danfojs, one of the notebook extras that was not installed: npm install danfojs tslab (see the README, Notebooks)");
    }
  }
  return danfo;
}

type Cell = string | number | boolean | null;

/** A DataFrame with these columns (empty rows keep the columns). */
export function makeFrame(columns: readonly string[], rows: ReadonlyArray<Record<string, Cell>>): DataFrame {
  const { DataFrame } = load();
  if (rows.length === 0) return new DataFrame([], { columns: [...columns] });
  return new DataFrame(rows.map((r) => columns.map((c) => r[c] ?? null)), { columns: [...columns] });
}

const RUN_COLUMNS = ["id", "name", "status", "task", "method", "seed", "model", "createdAt", "updatedAt", "error"];

/** One row per run: id, name, status, task, method (criterion or "static"), seed, model (student.baseModel), times, error. */
export function runsFrame(store: Store): DataFrame {
  return makeFrame(RUN_COLUMNS, store.listRuns().map((r) => {
    const info = runInfo(r);
    return { id: r.id, name: r.name, status: r.status, task: info.task, method: info.method, seed: info.seed, model: info.model, createdAt: r.createdAt, updatedAt: r.updatedAt, error: r.error };
  }));
}

export interface ExamplesFilter {
  source?: ExampleSource;
  runId?: string;
  iteration?: number;
  task?: string;
}

const EXAMPLE_COLUMNS = ["id", "task", "source", "kind", "runId", "iteration", "parentId", "sampleIndex", "question", "answer"];

/** One row per example (seeds, test items, synthetic samples with their lineage), filtered as `store.getExamples`. */
export function examplesFrame(store: Store, filter: ExamplesFilter = {}): DataFrame {
  return makeFrame(EXAMPLE_COLUMNS, store.getExamples(filter).map((e) => ({
    id: e.id, task: e.task, source: e.source, kind: e.kind ?? null, runId: e.runId, iteration: e.iteration,
    parentId: e.parentId, sampleIndex: e.sampleIndex, question: e.question, answer: e.answer,
  })));
}

const SCORE_COLUMNS = ["exampleId", "model", "criterion", "value", "source", "kind", "task", "runId", "parentId"];

/**
 * One row per stored score (criterion value of an example under a checkpoint), joined with the
 * example's source, kind, task, run and parent, so seed and synthetic scores can be told apart.
 */
export function scoresFrame(store: Store, filter: { model?: string; criterion?: string } = {}): DataFrame {
  const rows = store.listScores(filter);
  const examples = examplesById(store, rows.map((r) => r.exampleId));
  return makeFrame(SCORE_COLUMNS, rows.map((s) => {
    const e = examples.get(s.exampleId);
    return {
      exampleId: s.exampleId, model: s.model, criterion: s.criterion, value: s.value, source: e?.source ?? null, kind: e?.kind ?? null,
      task: e?.task ?? null, runId: e?.runId ?? null, parentId: e?.parentId ?? null,
    };
  }));
}

const EVALUATION_COLUMNS = ["runId", "iteration", "model", "exampleId", "kind", "correct", "prediction"];

/**
 * One row per graded test example per evaluated iteration (of one run, or all): `correct` is 1 or
 * 0, so a group mean is an accuracy; `kind` is the test example's kind.
 */
export function evaluationsFrame(store: Store, run?: RunRef): DataFrame {
  const its = store.listIterations(run === undefined ? undefined : runIdOf(store, run));
  const rows = its.flatMap((it) => store.getEvaluations(it.runId, it.iteration));
  const examples = examplesById(store, rows.map((r) => r.exampleId));
  return makeFrame(EVALUATION_COLUMNS, rows.map((r) => ({
    runId: r.runId, iteration: r.iteration, model: r.model, exampleId: r.exampleId, kind: examples.get(r.exampleId)?.kind ?? null,
    correct: r.correct ? 1 : 0, prediction: r.prediction,
  })));
}

const ITERATION_COLUMNS = ["runId", "task", "method", "seed", "iteration", "samples", "teacherTokens", "costUsd", "model", "accuracy", "testSize"];

/** One row per finished iteration: the run's task, method and seed, what was spent so far, the accuracy reached. */
export function iterationsFrame(store: Store): DataFrame {
  const runs = new Map(store.listRuns().map((r) => [r.id, runInfo(r)]));
  return makeFrame(ITERATION_COLUMNS, store.listIterations().map((it) => {
    const run = runs.get(it.runId);
    return {
      runId: it.runId, task: run?.task ?? null, method: run?.method ?? null, seed: run?.seed ?? null, iteration: it.iteration,
      samples: it.samples, teacherTokens: it.teacherTokens, costUsd: it.costUsd, model: it.model, accuracy: it.accuracy, testSize: it.testSize,
    };
  }));
}

/** The runs a frame covers: the one named, or all. */
const runIds = (store: Store, run?: RunRef): string[] => (run === undefined ? store.listRuns().map((r) => r.id) : [runIdOf(store, run)]);

const SELECTION_COLUMNS = ["runId", "iteration", "rank", "exampleId", "kind", "score"];

/** One row per selected seed: run, iteration, rank in the selection, the seed, its kind, the score it was chosen by. */
export function selectionsFrame(store: Store, run?: RunRef): DataFrame {
  const rows = runIds(store, run).flatMap((id) => store.listSelections(id));
  const examples = examplesById(store, rows.map((r) => r.exampleId));
  return makeFrame(SELECTION_COLUMNS, rows.map((r) => ({
    runId: r.runId, iteration: r.iteration, rank: r.rank, exampleId: r.exampleId, kind: examples.get(r.exampleId)?.kind ?? null, score: r.score,
  })));
}

const GENERATION_COLUMNS = ["runId", "iteration", "parentId", "sampleIndex", "status", "reason", "exampleId", "promptTokens", "completionTokens", "calls", "costUsd"];

/** One row per attempted synthetic sample: its seed (parentId), ok or failed with the reason, what it cost. */
export function generationsFrame(store: Store, run?: RunRef): DataFrame {
  return makeFrame(GENERATION_COLUMNS, runIds(store, run).flatMap((id) => store.getGenerations(id).map((g) => ({
    runId: g.runId, iteration: g.iteration, parentId: g.parentId, sampleIndex: g.sampleIndex, status: g.status, reason: g.reason,
    exampleId: g.exampleId, promptTokens: g.promptTokens, completionTokens: g.completionTokens, calls: g.calls, costUsd: g.costUsd,
  }))));
}

const SPEND_COLUMNS = ["runId", "iteration", "okSamples", "failedSamples", "generationTokens", "judgeTokens", "judgeCalls", "teacherCalls", "costUsd"];

/** One row per run and iteration with teacher work: samples made and failed, generation and judge tokens, calls, dollars (summed in SQL). */
export function spendFrame(store: Store, run?: RunRef): DataFrame {
  const rows = runIds(store, run).flatMap((id) => {
    const iterations = [...new Set([...store.getGenerations(id).map((g) => g.iteration), ...store.listIterations(id).map((i) => i.iteration)])].sort((a, b) => a - b);
    return iterations.map((t) => {
      const g = store.sumGenerations(id, { iteration: t });
      const j = store.sumTeacherCalls(id, "judge", { iteration: t });
      return {
        runId: id, iteration: t, okSamples: g.ok, failedSamples: g.rows - g.ok, generationTokens: g.tokens, judgeTokens: j.tokens,
        judgeCalls: j.calls, teacherCalls: g.calls + j.calls, costUsd: g.costUsd + j.costUsd,
      };
    }).filter((r) => r.okSamples + r.failedSamples + r.judgeCalls > 0);
  });
  return makeFrame(SPEND_COLUMNS, rows);
}

export { frameHtml } from "./frames-html.js";
export type { FrameHtmlOptions } from "./frames-html.js";
