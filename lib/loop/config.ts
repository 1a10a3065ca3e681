import type { TrainHyperparameters } from "../student/types.js";
import type { CriterionOptions } from "../select/types.js";

/** How the student side of a run is set up. */
export interface StudentConfig {
  /** Model the runs start from: `tiny`, an HF path, or a fine-tuned id. Ignored when `pretrain` is set. */
  baseModel: string;
  /**
   * Build (once, then reuse) a pretrained base by finetuning `baseModel` on task-provided base data
   * (arith: the easy kinds). Its checkpoint is found again by the hash of this spec.
   */
  pretrain?: { kinds?: string[]; examples: number; hyperparameters: TrainHyperparameters; seed?: number };
  /**
   * Pretraining examples replayed in every finetune, next to the synthetic samples (default 0;
   * needs `pretrain`). A small student forgets what its base knew after a few hundred samples of
   * another kind; a pretrained LLM does not. Replay stands in for that robustness: without it the
   * tiny model's first iteration on a new kind erases the old ones and every method is measured
   * on forgetting rather than on what its samples teach.
   */
  replay?: number;
  /** Finetuning hyperparameters for every iteration. */
  hyperparameters: TrainHyperparameters;
}

export type TeacherConfig =
  | { kind: "procedural"; pSimpler?: number; pHarder?: number; failureRate?: number }
  | {
      kind: "openai";
      baseURL: string;
      model: string;
      apiKeyEnv?: string;
      temperature?: number;
      maxTokens?: number;
      maxInFlight?: number;
      rpm?: number;
      tpm?: number;
      timeoutMs?: number;
      maxRetries?: number;
      priceTable?: Record<string, { promptPer1M: number; completionPer1M: number }>;
    };

/** One experiment run. Written as JSON in a config file; every field is validated by `validateRunConfig`. */
export interface RunConfig {
  /** Run id in the store. Re-running a config with the same name resumes (or re-reads) that run. */
  name: string;
  task: string;
  /** Task options (arith: world knobs; real tasks: dataDir, sizes). */
  taskOptions?: Record<string, unknown>;
  /** `active`: the student selects every iteration; `static`: seeds drawn uniformly up front. */
  method: "active" | "static";
  /** Selection criterion (active runs); `random` for static. */
  criterion: string;
  /**
   * Per-criterion options (see CriterionOptions): `rewardModel` (reward's judge model),
   * `judgeThreshold` (llm-judge-hard), `judgeMaxTokens`, `lionHardFraction`.
   */
  criterionOptions?: CriterionOptions;
  /** Stop at a number of synthetic samples or of teacher tokens (prompt + completion). */
  budget: { samples?: number; teacherTokens?: number };
  /** m: seeds selected per iteration. */
  perIteration: number;
  /** k: synthetic samples the teacher writes from each selected seed. */
  samplesPerSeed: number;
  /** `top`: the first m by score; `weighted`: rank-weighted sampling. */
  selection: "top" | "weighted";
  /** `base`: each iteration trains the base on all samples so far; `continue`: the last checkpoint on the new ones. */
  trainFrom: "base" | "continue";
  seed: number;
  student: StudentConfig;
  teacher: TeacherConfig;
  /** Teacher generations in flight at once. */
  generationConcurrency: number;
  /** At most this many iterations, whatever the budget (a guard against failing teachers). */
  maxIterations: number;
}

/** A bad configuration: names the field and the file it came from. */
export class ConfigError extends Error {
  constructor(readonly field: string, message: string, readonly source?: string) {
    super(`${source ? source + ": " : ""}"${field}" ${message}`);
    this.name = "ConfigError";
  }
}

export const runDefaults = {
  method: "active",
  selection: "top",
  trainFrom: "base",
  seed: 0,
  samplesPerSeed: 1,
  generationConcurrency: 16,
  maxIterations: 100,
} as const;
