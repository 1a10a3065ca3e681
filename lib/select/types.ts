import type { Example, Task } from "../tasks/types.js";
import type { Student } from "../student/types.js";
import type { Store } from "../store/types.js";
import type { Rng } from "../util/rng.js";
import type { Teacher } from "../teacher/types.js";
import type { OptionSpec } from "../util/option-schema.js";
import type { SeedScores } from "./seed-scores.js";
import type { CriterionOptions } from "./criterion-options.js";

export type { CriterionOptions } from "./criterion-options.js";

/** What a criterion spends to score the pool, declared so budgets and estimates can count it. */
export interface CriterionCosts {
  /** Greedy student answers to every seed. */
  studentGenerate: boolean;
  /** Student forward passes (NLL / entropy) over every seed. */
  studentScore: boolean;
  /** Student embeddings of every seed. */
  embeddings: boolean;
  /** Teacher calls (judges): their tokens count against the run's budget. */
  teacherTokens: boolean;
  /** Reward passes over every seed's answer (`POST /v1/reward`). */
  reward?: boolean;
  /** Teacher calls per seed per iteration (judges; 0 or absent when none). Used by `estimateRun`. */
  teacherCallsPerSeed?: number;
}

/**
 * One option a criterion reads from `criterionOptions`: a zod schema of its value with its doc and
 * the default the criterion applies (`withDefault`); `.optional()` unless the criterion needs it.
 */
export type CriterionOptionSpec = OptionSpec;

/** Everything a criterion may use in one iteration. Student answers and scores are cached in the store. */
export interface CriterionContext {
  runId: string;
  iteration: number;
  /** The current student model id (the base model in the first iteration). */
  model: string;
  task: Task;
  seeds: Example[];
  student: Student;
  store: Store;
  /** Seeded for this run and iteration. */
  rng: Rng;
  /**
   * The student's greedy answers to the seeds (computed once per model, then read from the store).
   * With `subset`, only those seeds' missing answers are made now (the map may hold more).
   */
  answers(subset?: readonly Example[]): Promise<Map<string, string>>;
  /** The teacher, for criteria that ask it (judges); absent when none is configured. */
  teacher?: Teacher;
  /** The run's `criterionOptions`. */
  options?: CriterionOptions;
  /** Asked before each batch of teacher calls: false when the run's teacher-token budget is spent. */
  mayContinue?: () => boolean;
  /** Teacher calls in flight at once (the run's generationConcurrency). Default 16. */
  concurrency?: number;
}

/**
 * A selection criterion: scores every seed; the loop keeps the first m in the criterion's order
 * (`desc`: high first, `asc`: low first), ties broken by the seeded RNG.
 */
export interface Criterion {
  readonly name: string;
  /** Which scores are selected first: `desc` high first, `asc` low first. */
  readonly order: "desc" | "asc";
  /** What scoring the pool costs (budgets and `estimateRun` read it). */
  readonly costs: CriterionCosts;
  /** The `criterionOptions` it reads (none when absent). */
  readonly options?: Readonly<Record<string, CriterionOptionSpec>>;
  /**
   * A score per seed id. Seeds missing from the map (or NaN) are never selected. A plain `Map`
   * will do; the built-in student criteria return {@link SeedScores} (the pool's order, no id
   * hashed), which the loop chooses from without looking ids up.
   */
  score(context: CriterionContext): Promise<ReadonlyMap<string, number>>;
  /**
   * Set selection (badge, coreset, lion): picks m seeds itself, in selection order. When present
   * the loop calls it instead of `score` + `choose`.
   */
  select?(context: CriterionContext, m: number): Promise<{ id: string; score: number }[]>;
}

export const noCosts: CriterionCosts = { studentGenerate: false, studentScore: false, embeddings: false, teacherTokens: false };
