import type { RunConfig } from "../experiment/config.js";
import type { Example } from "../core/example.js";

export type RunStatus = "pending" | "running" | "finished" | "failed";

/** One experiment run: a method (criterion or static) on a task with a seed. */
export interface RunRow {
  id: string;
  name: string;
  /** The full run configuration (JSON), as the loop wrote it. */
  config: RunConfig;
  status: RunStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ExampleSource = "seed" | "test" | "synthetic" | "base";

/** An example as stored: seeds and test items are shared across runs; synthetic ones name run, iteration and parent. */
export interface ExampleRow extends Example {
  source: ExampleSource;
  runId: string | null;
  iteration: number | null;
  parentId: string | null;
  sampleIndex: number | null;
}

export type CallStatus = "ok" | "error";

/** One teacher (or judge) call. `key` is the cache key: a hash of endpoint, model, sampling parameters, template version and prompt. */
export interface TeacherCallRow {
  key: string;
  runId: string | null;
  endpoint: string;
  model: string;
  request: unknown;
  response: unknown | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  status: CallStatus;
  error: string | null;
  /** What the call was for: `generate` (a synthetic sample) or `judge` (a criterion); null when not said. */
  purpose: CallPurpose | null;
  /** The loop iteration the call belongs to, when it belongs to one. */
  iteration: number | null;
  createdAt?: string;
}

export type CallPurpose = "generate" | "judge";

/** Sums over a run's stored rows (see `Store.sumGenerations`, `Store.sumTeacherCalls`). */
export interface SpendSums {
  /** Rows summed: generation attempts, or teacher calls. */
  rows: number;
  /** Generations only: the successful ones. */
  ok: number;
  /** Teacher calls (a generation counts its calls). */
  calls: number;
  tokens: number;
  costUsd: number;
}

/** Which rows a spend sum covers: one iteration, or every iteration up to one (all when neither is given). */
export interface SpendFilter {
  iteration?: number;
  upToIteration?: number;
}

/** One attempted synthetic sample: ok (with the example it produced) or failed with its reason. */
export interface GenerationRow {
  runId: string;
  iteration: number;
  parentId: string;
  sampleIndex: number;
  status: "ok" | "failed";
  reason: string | null;
  exampleId: string | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  calls: number;
}

/** The student's (greedy) answer to an example under one model/checkpoint. */
export interface AnswerRow {
  model: string;
  exampleId: string;
  answer: string;
}

/** A criterion's score of an example under one model/checkpoint. `extra` holds criterion-specific details. */
export interface ScoreRow {
  exampleId: string;
  model: string;
  criterion: string;
  value: number;
  extra?: Record<string, unknown> | null;
}

/** Seeds chosen in one iteration, in selection order (rank 0 first). */
export interface SelectionRow {
  runId: string;
  iteration: number;
  rank: number;
  exampleId: string;
  score: number | null;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface TrainingJobRow {
  runId: string;
  iteration: number;
  jobId: string | null;
  baseModel: string;
  fineTunedModel: string | null;
  status: JobStatus;
  trainingExamples: number;
  config: Record<string, unknown>;
  error: string | null;
}

/** A checkpoint known to the store (also survives a server restart on the server side). */
export interface CheckpointRow {
  model: string;
  baseModel: string;
  jobId: string | null;
  config: Record<string, unknown>;
}

/** One test example graded under one checkpoint in one iteration of a run. */
export interface EvaluationRow {
  runId: string;
  iteration: number;
  model: string;
  exampleId: string;
  prediction: string;
  correct: boolean;
}

/** Summary of a finished iteration: what was spent so far and the test accuracy reached. */
export interface IterationRow {
  runId: string;
  iteration: number;
  /** Cumulative number of synthetic samples the model of this iteration was trained on. */
  samples: number;
  /** Cumulative teacher tokens spent by the run up to this iteration (generation and judging). */
  teacherTokens: number;
  costUsd: number;
  model: string;
  accuracy: number;
  testSize: number;
}

/**
 * The project's store. One SQLite file (WAL); every write of several rows is one transaction.
 * Puts are idempotent: writing a row whose key exists replaces it (or is ignored where stated).
 */
export interface Store {
  readonly path: string;
  close(): void;

  // runs
  upsertRun(run: { id: string; name: string; config: RunConfig | Record<string, unknown> }): RunRow;
  getRun(id: string): RunRow | null;
  listRuns(): RunRow[];
  setRunStatus(id: string, status: RunStatus, error?: string | null): void;

  // examples
  putExamples(rows: ExampleRow[]): void;
  getExample(id: string): ExampleRow | null;
  getExamples(filter: { source?: ExampleSource; runId?: string; iteration?: number; ids?: string[]; task?: string }): ExampleRow[];

  // teacher calls: the cache
  getTeacherCall(key: string): TeacherCallRow | null;
  putTeacherCall(row: TeacherCallRow): void;
  /** Several call rows in one transaction. */
  putTeacherCalls(rows: TeacherCallRow[]): void;
  listTeacherCalls(filter: { runId?: string; status?: CallStatus }): TeacherCallRow[];
  /** Successful calls of a run made for `purpose`, summed in SQL over an index. */
  sumTeacherCalls(runId: string, purpose: CallPurpose, filter?: SpendFilter): SpendSums;

  // generations
  putGenerations(rows: GenerationRow[]): void;
  getGenerations(runId: string, iteration?: number): GenerationRow[];
  /** A run's generation attempts summed in SQL (over the primary key). */
  sumGenerations(runId: string, filter?: SpendFilter): SpendSums;

  // student answers and scores (keyed by model, so runs that share a checkpoint share them; each put
  // is stored as one set row per model and criterion, read back row by row: lib/store/packed-sets.ts)
  putAnswers(rows: AnswerRow[]): void;
  /** The model's stored answers to `exampleIds` (to every example it answered when omitted), by example id. */
  getAnswers(model: string, exampleIds?: readonly string[]): Map<string, string>;
  putScores(rows: ScoreRow[]): void;
  /** The stored scores of (model, criterion) for `exampleIds` (for every example scored when omitted), by example id. */
  getScores(model: string, criterion: string, exampleIds?: readonly string[]): Map<string, ScoreRow>;
  listScores(filter: { model?: string; criterion?: string }): ScoreRow[];

  // selections
  putSelection(rows: SelectionRow[]): void;
  getSelection(runId: string, iteration: number): SelectionRow[];
  listSelections(runId: string): SelectionRow[];

  // training
  putTrainingJob(row: TrainingJobRow): void;
  getTrainingJob(runId: string, iteration: number): TrainingJobRow | null;
  listTrainingJobs(runId: string): TrainingJobRow[];
  putCheckpoint(row: CheckpointRow): void;
  getCheckpoint(model: string): CheckpointRow | null;

  // evaluation
  putEvaluations(rows: EvaluationRow[]): void;
  getEvaluations(runId: string, iteration: number): EvaluationRow[];
  putIteration(row: IterationRow): void;
  getIteration(runId: string, iteration: number): IterationRow | null;
  listIterations(runId?: string): IterationRow[];

  // key-value for small caches (e.g. base checkpoints), JSON values
  getMeta(key: string): unknown | null;
  setMeta(key: string, value: unknown): void;
}
