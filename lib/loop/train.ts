import type { ExampleRow, Store, TrainingJobRow } from "../store/types.js";
import type { ScoreItem, Student, TrainHyperparameters, TrainProgress } from "../student/types.js";
import type { Task } from "../tasks/types.js";
import { trainingPair } from "../tasks/pairs.js";

export interface TrainIterationOptions {
  store: Store;
  student: Student;
  runId: string;
  iteration: number;
  baseModel: string;
  examples: ScoreItem[];
  hyperparameters: TrainHyperparameters;
  seed: number;
  /** Models the server holds now (a stored checkpoint the server no longer has is trained again). */
  serverModels: () => Promise<Set<string>>;
  onProgress?: (event: TrainProgress) => void;
}

/**
 * Trains the model of one iteration, or finds it: a succeeded job in the store whose checkpoint
 * the server still has is reused as is. Training is deterministic for a seed, so training again
 * after a kill gives the same model.
 */
export async function trainIteration(options: TrainIterationOptions): Promise<string> {
  const { store, runId, iteration } = options;
  const previous = store.getTrainingJob(runId, iteration);
  if (previous?.status === "succeeded" && previous.fineTunedModel && previous.baseModel === options.baseModel) {
    if ((await options.serverModels()).has(previous.fineTunedModel)) return previous.fineTunedModel;
  }
  const config = { hyperparameters: options.hyperparameters, seed: options.seed, examples: options.examples.length };
  const row = (patch: Partial<TrainingJobRow>): TrainingJobRow => ({
    runId,
    iteration,
    jobId: null,
    baseModel: options.baseModel,
    fineTunedModel: null,
    status: "running",
    trainingExamples: options.examples.length,
    config,
    error: null,
    ...patch,
  });
  store.putTrainingJob(row({}));
  try {
    const result = await options.student.finetune({
      baseModel: options.baseModel,
      examples: options.examples,
      hyperparameters: options.hyperparameters,
      seed: options.seed,
      suffix: `${runId}-t${iteration}`.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 40),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    store.putTrainingJob(row({ jobId: result.jobId, fineTunedModel: result.model, status: "succeeded" }));
    store.putCheckpoint({ model: result.model, baseModel: options.baseModel, jobId: result.jobId, config });
    return result.model;
  } catch (error) {
    store.putTrainingJob(row({ status: "failed", error: (error as Error).message }));
    throw error;
  }
}

export interface TrainingSetOptions {
  store: Store;
  runId: string;
  iteration: number;
  trainFrom: "base" | "continue";
  task: Task;
  /** `student.replay` (a fixed count) or `student.replayPerSample` (a ratio, which wins). */
  replay?: number;
  replayPerSample?: number;
  /** The pretraining pairs replayed against forgetting (first n of them). */
  pretrainPairs: () => ScoreItem[];
  /**
   * The pairs of each iteration read so far, kept by the caller across iterations (a run's loop):
   * an iteration whose samples are complete is read from the store once, so building t's set reads
   * only iteration t's rows. Iteration 0 holds samples stored without one.
   */
  cache?: Map<number, ScoreItem[]>;
}

/**
 * Iteration t's training set: the synthetic samples of every iteration up to t (trainFrom "base")
 * or of t alone ("continue"), in iteration then id order, plus replayed pretraining pairs.
 */
export function trainingSet(o: TrainingSetOptions): ScoreItem[] {
  const t = o.iteration;
  const cache = o.cache ?? new Map<number, ScoreItem[]>();
  const iterations = o.trainFrom === "base" ? Array.from({ length: t + 1 }, (_, k) => k) : [t];
  const missing = iterations.filter((k) => !cache.has(k));
  const pairsOf = (rows: ExampleRow[]) => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => trainingPair(o.task, e));
  if (missing.length === 1 && missing[0]! > 0) {
    cache.set(missing[0]!, pairsOf(o.store.getExamples({ source: "synthetic", runId: o.runId, iteration: missing[0]! })));
  } else if (missing.length > 0) {
    // the run's samples read once and filed by iteration (0: stored without one)
    const filed = new Map<number, ExampleRow[]>(missing.map((k) => [k, []]));
    for (const e of o.store.getExamples({ source: "synthetic", runId: o.runId })) filed.get(e.iteration ?? 0)?.push(e);
    for (const [k, rows] of filed) cache.set(k, pairsOf(rows));
  }
  const pairs = iterations.flatMap((k) => cache.get(k)!);
  const replay = o.replayPerSample !== undefined ? Math.round(o.replayPerSample * pairs.length) : (o.replay ?? 0);
  return replay > 0 ? [...pairs, ...o.pretrainPairs().slice(0, replay)] : pairs;
}
