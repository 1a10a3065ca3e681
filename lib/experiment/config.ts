import type { TrainHyperparameters } from "../student/types.js";
import type { CriterionOptions } from "../select/criterion-options.js";

/** The backend a student config names or implies: `tiny` for `tiny` and `ft:tiny:...`, else `hf`. */
export function studentBackend(student: { baseModel: string; backend?: "tiny" | "hf" }): "tiny" | "hf" {
  return student.backend ?? (student.baseModel === "tiny" || student.baseModel.startsWith("ft:tiny:") ? "tiny" : "hf");
}

/** Flags of the student server a run starts (gpu-server/README.md); ignored with `run --url`. */
export interface StudentServerConfig {
  /** `auto` (cuda when available), `cpu` or `cuda`. */
  device?: "auto" | "cpu" | "cuda";
  /** Weights dtype: `auto` (bf16 on CUDA, float32 on CPU), `float32`, `bfloat16`, `float16`. */
  dtype?: "auto" | "float32" | "bfloat16" | "float16";
  /**
   * hf: dtype of a copy of the weights that generation runs on (the student's answers); scoring
   * and training keep `dtype`, so NLLs stay exact. `bfloat16` answers 2-2.5x faster on a CPU with
   * AMX or AVX512-BF16 (`npm run bench -- generation`); some greedy answers differ. Default: `dtype`.
   */
  genDtype?: "float32" | "bfloat16" | "float16";
  /**
   * hf: mixed-precision fine-tuning: forward and backward passes under autocast in this dtype,
   * the weights, adapters and optimiser in `dtype`. `bfloat16` trains SmolLM2-135M with LoRA about
   * 2x faster on a CPU with AMX; losses differ in the second or third digit. Default: none.
   */
  trainDtype?: "bfloat16" | "float16";
  /** hf: `lora` (peft adapters, default) or `full` (every weight). */
  finetune?: "lora" | "full";
  /** hf: LoRA rank (default 16). */
  loraR?: number;
  /** hf: LoRA alpha (default 32). */
  loraAlpha?: number;
  /** hf: comma-separated layer names that get adapters, or `all-linear` (default). */
  loraTargets?: string;
}

/** How the student side of a run is set up. */
export interface StudentConfig {
  /**
   * Model the runs start from: `tiny`, an hf model (a local `.gguf` file, a local HF folder or a
   * hub name; relative paths are read from the directory the command runs in), or a fine-tuned id.
   */
  baseModel: string;
  /** Server backend: `tiny` for the bundled toy model, `hf` for transformers models. Default: `tiny` when baseModel is `tiny` (or `ft:tiny:...`), else `hf`. */
  backend?: "tiny" | "hf";
  /** Flags of the student server the run starts. */
  server?: StudentServerConfig;
  /**
   * Most tokens of a student answer (answering seeds, evaluation), below the task's own limit
   * (GSM8K 512). On a CPU a 135M model writes about 100 tokens/s in a batch: cap it to fit.
   */
  maxAnswerTokens?: number;
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
  /**
   * Pretraining examples replayed per synthetic sample (instead of a fixed `replay`): an iteration
   * with n samples so far trains on them and the first round(r x n) pretraining examples (at most
   * `pretrain.examples`), so the mix of old and new data stays the same as the samples grow. The
   * embedded demo uses 2: with a fixed replay of 600 the tiny student lost 3-12 points of addition
   * and subtraction once most of its samples were multiplication (bench/forgetting.ts).
   */
  replayPerSample?: number;
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
      /** HTTP client: "fetch" (default) or "openai" (the official client). */
      client?: "fetch" | "openai";
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
  /** Options of the run's criterion: the ones it declares (`Criterion.options`; README, criteria table). */
  criterionOptions?: CriterionOptions;
  /**
   * Student-side criteria an active run scores each iteration's synthetic samples (and their seeds)
   * with, using the checkpoint that chose the seeds: what Figures 2 and 3 read. Default
   * ["loss", "entropy", "gt-loss"]; [] turns it off. Costs one generation and a forward pass per
   * criterion over the iteration's samples, less than scoring the pool.
   */
  scoreSynthetic?: string[];
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
  /** The message without its source and field, e.g. `must be an integer >= 1`. */
  readonly detail: string;
  constructor(readonly field: string, message: string, readonly source?: string) {
    super(`${source ? source + ": " : ""}"${field}" ${message}`);
    this.name = "ConfigError";
    this.detail = message;
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
