import type { RunRow, RunStatus, Store } from "../store/types.js";
import { methodOf } from "./curves.js";
import { spentByRun } from "../loop/spent.js";

/** One evaluated iteration of a run: iteration 0 is the base model, before any synthetic sample. */
export interface IterationStatus {
  iteration: number;
  /** Synthetic samples the iteration's model was trained on (cumulative). */
  samples: number;
  /** Teacher tokens spent up to this iteration (cumulative, generation and judging). */
  teacherTokens: number;
  costUsd: number;
  /** Test accuracy, a fraction in 0..1, as stored. */
  accuracy: number;
  testSize: number;
  model: string;
}

/** The parts of a run's config that tell runs apart at a glance. Fields a stored config lacks are null. */
export interface RunConfigSummary {
  task: string | null;
  method: string | null;
  criterion: string | null;
  seed: number | null;
  baseModel: string | null;
  teacher: string | null;
  /** `{ samples }` or `{ teacherTokens }` as configured. */
  budget: { samples?: number; teacherTokens?: number } | null;
  perIteration: number | null;
  samplesPerSeed: number | null;
}

export interface RunStatusEntry {
  id: string;
  name: string;
  /** As stored: a run that was killed still reads `running` (the store cannot tell the two apart). */
  status: RunStatus;
  error: string | null;
  /** The method label: the criterion, or `static`. */
  method: string;
  config: RunConfigSummary;
  /** Iterations done: evaluated iterations with t >= 1 (the base evaluation at t = 0 is not counted). */
  iterationsDone: number;
  /** Synthetic samples generated so far (successful), failed generations, teacher tokens and cost spent. */
  samples: number;
  failed: number;
  teacherTokens: number;
  costUsd: number;
  /** Test accuracy of the last evaluated iteration (a fraction), null before the base is evaluated. */
  accuracy: number | null;
  /** Every evaluated iteration in order, the base (t = 0) included when it was evaluated. */
  iterations: IterationStatus[];
  createdAt: string;
  updatedAt: string;
}

export interface StoreStatus {
  format: "activesynth-status-v1";
  runs: RunStatusEntry[];
}

/**
 * Where every run in a store stands, as one JSON-ready document (what `activesynth status --json`
 * prints). Accuracies are the stored fractions, unrounded.
 */
export function storeStatus(store: Store): StoreStatus {
  return { format: "activesynth-status-v1", runs: store.listRuns().map((run) => runStatus(store, run)) };
}

/** One run's entry of `storeStatus`. */
export function runStatus(store: Store, run: RunRow): RunStatusEntry {
  const spent = spentByRun(store, run.id);
  const iterations = store.listIterations(run.id).map((it): IterationStatus => ({
    iteration: it.iteration,
    samples: it.samples,
    teacherTokens: it.teacherTokens,
    costUsd: it.costUsd,
    accuracy: it.accuracy,
    testSize: it.testSize,
    model: it.model,
  }));
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    error: run.error,
    method: methodOf(run.config),
    config: configSummary(run.config as unknown as Record<string, unknown>),
    iterationsDone: iterations.filter((it) => it.iteration >= 1).length,
    samples: spent.okSamples,
    failed: spent.failedSamples,
    teacherTokens: spent.teacherTokens,
    costUsd: spent.costUsd,
    accuracy: iterations.at(-1)?.accuracy ?? null,
    iterations,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}

/** Stored configs are as the loop (or an older version of it) wrote them: read every field defensively. */
function configSummary(config: Record<string, unknown>): RunConfigSummary {
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const obj = (v: unknown) => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const teacher = obj(config.teacher);
  const budget = obj(config.budget);
  const summary: RunConfigSummary["budget"] = budget ? {} : null;
  if (summary && typeof budget?.samples === "number") summary.samples = budget.samples;
  if (summary && typeof budget?.teacherTokens === "number") summary.teacherTokens = budget.teacherTokens;
  return {
    task: str(config.task),
    method: str(config.method),
    criterion: str(config.criterion),
    seed: num(config.seed),
    baseModel: str(obj(config.student)?.baseModel),
    teacher: teacher ? (typeof teacher.model === "string" ? `${String(teacher.kind)}:${teacher.model}` : str(teacher.kind)) : null,
    budget: summary,
    perIteration: num(config.perIteration),
    samplesPerSeed: num(config.samplesPerSeed),
  };
}

/** The status table's budget cell: `800 samples` or `1000000 tokens`, `?` when the config has none. */
export function budgetLabel(budget: RunConfigSummary["budget"]): string {
  if (budget?.samples !== undefined) return `${budget.samples} samples`;
  return `${budget?.teacherTokens ?? "?"} tokens`;
}

/** The CSV header of `statusCsvRows`. */
export const STATUS_CSV_HEADER = [
  "run", "name", "status", "method", "task", "criterion", "seed", "base_model", "teacher",
  "iteration", "samples", "teacher_tokens", "cost_usd", "accuracy", "test_size", "model",
] as const;

/**
 * The status as rows, one per run and evaluated iteration (the base at t = 0 included), in
 * STATUS_CSV_HEADER order; a run with no evaluated iteration yet has one row with the iteration
 * cells empty. Accuracy is the stored fraction.
 */
export function statusCsvRows(status: StoreStatus): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [];
  for (const run of status.runs) {
    const head = [run.id, run.name, run.status, run.method, run.config.task, run.config.criterion, run.config.seed, run.config.baseModel, run.config.teacher];
    if (run.iterations.length === 0) rows.push([...head, null, null, null, null, null, null, null]);
    for (const it of run.iterations) rows.push([...head, it.iteration, it.samples, it.teacherTokens, it.costUsd, it.accuracy, it.testSize, it.model]);
  }
  return rows;
}
