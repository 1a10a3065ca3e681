/**
 * Conversions between the store's snake_case SQLite rows and the camelCase row types.
 * JSON columns are TEXT; NULL in a nullable column comes back as null (or, for the optional
 * `kind` and `meta` of an example, as an absent field, so that examples round-trip unchanged).
 */
import type {
  CheckpointRow, EvaluationRow, ExampleRow, GenerationRow, IterationRow, RunRow,
  SelectionRow, TeacherCallRow, TrainingJobRow,
} from "./types.js";

/** A row as better-sqlite3 returns it. */
export type Raw = Record<string, any>;

/** JSON text of a value; undefined is stored as NULL. */
export const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
export const fromJson = (text: string | null): any => (text === null ? null : JSON.parse(text));

export const runFromRaw = (r: Raw): RunRow => ({
  id: r.id, name: r.name, config: fromJson(r.config), status: r.status, error: r.error,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export const exampleToRaw = (e: ExampleRow): Raw => ({
  id: e.id, task: e.task, source: e.source, question: e.question, answer: e.answer,
  kind: e.kind ?? null, meta: toJson(e.meta ?? undefined),
  run_id: e.runId ?? null, iteration: e.iteration ?? null,
  parent_id: e.parentId ?? null, sample_index: e.sampleIndex ?? null,
});

export function exampleFromRaw(r: Raw): ExampleRow {
  const row: ExampleRow = {
    id: r.id, task: r.task, question: r.question, answer: r.answer, source: r.source,
    runId: r.run_id, iteration: r.iteration, parentId: r.parent_id, sampleIndex: r.sample_index,
  };
  if (r.kind !== null) row.kind = r.kind;
  if (r.meta !== null) row.meta = fromJson(r.meta);
  return row;
}

export const teacherCallToRaw = (c: TeacherCallRow, now: string): Raw => ({
  key: c.key, run_id: c.runId ?? null, endpoint: c.endpoint, model: c.model,
  request: JSON.stringify(c.request ?? null), response: c.response == null ? null : JSON.stringify(c.response),
  prompt_tokens: c.promptTokens, completion_tokens: c.completionTokens, cost_usd: c.costUsd,
  latency_ms: c.latencyMs, status: c.status, error: c.error ?? null, purpose: c.purpose ?? null,
  iteration: c.iteration ?? null, created_at: c.createdAt ?? now,
});

export const teacherCallFromRaw = (r: Raw): TeacherCallRow => ({
  key: r.key, runId: r.run_id, endpoint: r.endpoint, model: r.model,
  request: fromJson(r.request), response: fromJson(r.response),
  promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, costUsd: r.cost_usd,
  latencyMs: r.latency_ms, status: r.status, error: r.error, purpose: r.purpose, iteration: r.iteration,
  createdAt: r.created_at,
});

export const generationToRaw = (g: GenerationRow): Raw => ({
  run_id: g.runId, iteration: g.iteration, parent_id: g.parentId, sample_index: g.sampleIndex,
  status: g.status, reason: g.reason ?? null, example_id: g.exampleId ?? null,
  prompt_tokens: g.promptTokens, completion_tokens: g.completionTokens, cost_usd: g.costUsd, calls: g.calls,
});

export const generationFromRaw = (r: Raw): GenerationRow => ({
  runId: r.run_id, iteration: r.iteration, parentId: r.parent_id, sampleIndex: r.sample_index,
  status: r.status, reason: r.reason, exampleId: r.example_id,
  promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, costUsd: r.cost_usd, calls: r.calls,
});

export const selectionToRaw = (s: SelectionRow): Raw => ({
  run_id: s.runId, iteration: s.iteration, rank: s.rank, example_id: s.exampleId, score: s.score ?? null,
});

export const selectionFromRaw = (r: Raw): SelectionRow => ({
  runId: r.run_id, iteration: r.iteration, rank: r.rank, exampleId: r.example_id, score: r.score,
});

export const trainingJobToRaw = (j: TrainingJobRow, now: string): Raw => ({
  run_id: j.runId, iteration: j.iteration, job_id: j.jobId ?? null, base_model: j.baseModel,
  fine_tuned_model: j.fineTunedModel ?? null, status: j.status, training_examples: j.trainingExamples,
  config: JSON.stringify(j.config ?? {}), error: j.error ?? null, updated_at: now,
});

export const trainingJobFromRaw = (r: Raw): TrainingJobRow => ({
  runId: r.run_id, iteration: r.iteration, jobId: r.job_id, baseModel: r.base_model,
  fineTunedModel: r.fine_tuned_model, status: r.status, trainingExamples: r.training_examples,
  config: fromJson(r.config), error: r.error,
});

export const checkpointToRaw = (c: CheckpointRow, now: string): Raw => ({
  model: c.model, base_model: c.baseModel, job_id: c.jobId ?? null, config: JSON.stringify(c.config ?? {}), created_at: now,
});

export const checkpointFromRaw = (r: Raw): CheckpointRow => ({
  model: r.model, baseModel: r.base_model, jobId: r.job_id, config: fromJson(r.config),
});

export function evaluationToRaw(e: EvaluationRow): Raw {
  if (typeof e.correct !== "boolean") {
    throw new Error(`putEvaluations: "correct" must be a boolean (example ${e.exampleId}), got ${JSON.stringify(e.correct)}`);
  }
  return {
    run_id: e.runId, iteration: e.iteration, example_id: e.exampleId, model: e.model,
    prediction: e.prediction, correct: e.correct ? 1 : 0,
  };
}

export const evaluationFromRaw = (r: Raw): EvaluationRow => ({
  runId: r.run_id, iteration: r.iteration, model: r.model, exampleId: r.example_id,
  prediction: r.prediction, correct: r.correct === 1,
});

export const iterationToRaw = (i: IterationRow, now: string): Raw => ({
  run_id: i.runId, iteration: i.iteration, samples: i.samples, teacher_tokens: i.teacherTokens,
  cost_usd: i.costUsd, model: i.model, accuracy: i.accuracy, test_size: i.testSize, created_at: now,
});

export const iterationFromRaw = (r: Raw): IterationRow => ({
  runId: r.run_id, iteration: r.iteration, samples: r.samples, teacherTokens: r.teacher_tokens,
  costUsd: r.cost_usd, model: r.model, accuracy: r.accuracy, testSize: r.test_size,
});
