/**
 * The loop (select, generate, train, evaluate per iteration), top to bottom. Each step lives in its own module (select, generate,
 * score-children, train, evaluate) and first looks in the store for what an earlier, possibly
 * killed, process already did, so a run resumes where it stopped and a finished run is read back
 * without any server or teacher call.
 */
import type { Example, TaskData } from "../tasks/types.js";
import type { IterationRow, RunRow, Store } from "../store/types.js";
import type { ScoreItem, Student } from "../student/types.js";
import type { Teacher } from "../teacher/types.js";
import type { RunConfig } from "../experiment/config.js";
import type { LoopListener } from "./events.js";
import { canonicalJson } from "../util/hash.js";
import { mixSeed } from "../util/rng.js";
import { RunConfigConflictError } from "../store/errors.js";
import { ensureBaseModel, pretrainPairs } from "./base-model.js";
import { selectSeeds } from "./select.js";
import { generateWithMakeUp } from "./generate.js";
import { SYNTHETIC_CRITERIA, scoreChildren, syntheticCriteria } from "./score-children.js";
import { trainIteration, trainingSet } from "./train.js";
import { evaluateIteration } from "./evaluate.js";
import { mayJudge, mayStartBatch } from "./budget.js";
import { nextIteration, plannedIterations, resumedIteration, type IterationPlan } from "./plan.js";
import { SpentMeter, spentByRun, type Spent } from "./spent.js";

export interface LoopDeps {
  store: Store;
  /** The student server client. A lazy one is fine: a finished run makes no call to it. */
  student: Student;
  teacher: Teacher;
  data: TaskData;
  /** Training data of the pretrained base (when config.student.pretrain is set). */
  pretrainData?: (config: RunConfig) => Example[];
  onEvent?: LoopListener;
}

export interface RunResult {
  run: RunRow;
  iterations: IterationRow[];
  /** True when everything was read from the store (no server or teacher call). */
  cached: boolean;
  /** What the run spent in all (samples, teacher calls and tokens, judging included, dollars). */
  spent: Spent;
}

/**
 * Runs one experiment to its budget, or resumes it. Iteration 0 evaluates the base model;
 * iteration t >= 1 selects seeds, generates, scores the samples, trains and evaluates. A `static`
 * run draws its seeds uniformly, generates the whole budget first, then trains on prefixes at the
 * same sizes as an active run's iterations.
 * @throws RunConfigConflictError when the store holds a run of that name with another config
 */
export async function runExperiment(config: RunConfig, deps: LoopDeps): Promise<RunResult> {
  const { store } = deps;
  const runId = config.name;
  const emit = deps.onEvent ?? (() => {});
  const existing = store.getRun(runId);
  if (existing && canonicalJson(existing.config) !== canonicalJson(config)) throw new RunConfigConflictError(runId, store.path);
  const result = (cached: boolean): RunResult =>
    ({ run: store.getRun(runId)!, iterations: store.listIterations(runId), cached, spent: spentByRun(store, runId) });
  if (existing?.status === "finished") {
    emit({ type: "run-end", runId, cached: true });
    return result(true);
  }
  store.upsertRun({ id: runId, name: config.name, config });
  store.setRunStatus(runId, "running");
  try {
    await new Loop(config, deps).run();
    store.setRunStatus(runId, "finished");
  } catch (error) {
    store.setRunStatus(runId, "failed", (error as Error).message);
    throw error;
  }
  emit({ type: "run-end", runId, cached: false });
  return result(false);
}

class Loop {
  private readonly runId: string;
  private readonly emit: LoopListener;
  private readonly spent: SpentMeter;
  private serverModelSet: Set<string> | null = null;
  private pretrainCache: ScoreItem[] | null = null;
  /** Each iteration's training pairs once read (trainingSet): a later iteration reads only its own samples. */
  private readonly trainingPairs = new Map<number, ScoreItem[]>();

  constructor(private readonly config: RunConfig, private readonly deps: LoopDeps) {
    this.runId = config.name;
    this.emit = deps.onEvent ?? (() => {});
    this.spent = new SpentMeter(deps.store, config.name);
  }

  async run(): Promise<void> {
    const { store, data } = this.deps;
    const shared = { runId: null, iteration: null, parentId: null, sampleIndex: null };
    store.putExamples([
      ...data.seeds.map((e) => ({ ...e, ...shared, source: "seed" as const })),
      ...data.test.map((e) => ({ ...e, ...shared, source: "test" as const })),
    ]);
    const resumedFrom = store.listIterations(this.runId).length;
    this.emit({ type: "run-start", runId: this.runId, iterations: plannedIterations(this.config), resumedFrom });
    const base = await ensureBaseModel(this.deps.student, store, this.config.student, () => this.pretrainPairs(), (step, total) =>
      this.emit({ type: "step", runId: this.runId, iteration: 0, step: "train", done: step, total }),
    );
    await this.evaluate(0, base);
    if (this.config.method === "static") await this.runStatic(base);
    else await this.runActive(base);
  }

  private async runActive(base: string): Promise<void> {
    let model = base;
    for (let t = 1; t <= this.config.maxIterations; t++) {
      const done = this.deps.store.getIteration(this.runId, t);
      if (done) {
        model = done.model;
        continue;
      }
      const plan = this.plan(t);
      if (!plan) break;
      model = await this.ensureOnServer(model, t - 1);
      const seeds = await this.select(t, model, plan.seeds);
      await this.generate(t, seeds, plan.attempts);
      // judging spent the rest of the token budget before any sample of this iteration was made
      if (this.deps.store.sumGenerations(this.runId, { iteration: t }).rows === 0) break;
      await this.scoreSamples(t, model);
      model = await this.train(t, this.config.trainFrom === "base" ? base : model);
      await this.evaluate(t, model);
    }
  }

  private async runStatic(base: string): Promise<void> {
    // 1. the whole budget, seeds drawn uniformly, before any training
    let last = 0;
    for (let t = 1; t <= this.config.maxIterations; t++) {
      const plan = this.plan(t);
      if (!plan) break;
      await this.generate(t, await this.select(t, base, plan.seeds), plan.attempts);
      last = t;
    }
    // 2. train on prefixes of the static set at the sizes of an active run's iterations
    let model = base;
    for (let t = 1; t <= last; t++) {
      const done = this.deps.store.getIteration(this.runId, t);
      if (done) {
        model = done.model;
        continue;
      }
      model = await this.train(t, this.config.trainFrom === "base" ? base : await this.ensureOnServer(model, t - 1));
      await this.evaluate(t, model);
    }
  }

  /** Iteration t's plan: read back when its generation already started (a resume), else from what is left of the budget. */
  private plan(t: number): IterationPlan | null {
    const { store } = this.deps;
    if (store.sumGenerations(this.runId, { iteration: t }).rows === 0) return nextIteration(this.config, this.spent.at(t));
    return resumedIteration(this.config, store.getSelection(this.runId, t).length, this.spent.at(t - 1).okSamples);
  }

  private select(t: number, model: string, count: number): Promise<Example[]> {
    const { store, student, teacher, data } = this.deps;
    const mayJudgeNow = () => mayJudge(this.config.budget, this.spent.at(t));
    return selectSeeds({ config: this.config, store, student, teacher, data, iteration: t, model, count, emit: this.emit, mayJudge: mayJudgeNow });
  }

  private generate(t: number, seeds: Example[], attempts: number): Promise<void> {
    const c = this.config;
    return generateWithMakeUp({
      store: this.deps.store,
      teacher: this.deps.teacher,
      runId: this.runId,
      iteration: t,
      task: c.task,
      seeds,
      samplesPerSeed: c.samplesPerSeed,
      attempts,
      runSeed: c.seed,
      concurrency: c.generationConcurrency,
      // without a token budget nothing depends on when a call ends: keep the teacher busy
      sliding: c.budget.teacherTokens === undefined,
      mayContinue: () => c.budget.teacherTokens === undefined || mayStartBatch(c.budget, this.spent.at(t), c.generationConcurrency),
      onProgress: (done, total) => this.emit({ type: "step", runId: this.runId, iteration: t, step: "generate", done, total }),
    }, c.budget.samples !== undefined);
  }

  /** Scores iteration t's synthetic samples with the model that chose their seeds (config.scoreSynthetic; figures 2 and 3). */
  private async scoreSamples(t: number, model: string): Promise<void> {
    const names = this.config.scoreSynthetic ?? SYNTHETIC_CRITERIA;
    if (names.length === 0) return;
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "score-samples" });
    const { store, student, data } = this.deps;
    const children = store.getExamples({ source: "synthetic", runId: this.runId, iteration: t });
    await scoreChildren({ store, student, task: data.task, runId: this.runId, iteration: t, model, children, criteria: syntheticCriteria(names) });
  }

  private async train(t: number, from: string): Promise<string> {
    const { store, student, data } = this.deps;
    const { replay, replayPerSample, hyperparameters } = this.config.student;
    const examples = trainingSet({
      store, runId: this.runId, iteration: t, trainFrom: this.config.trainFrom, task: data.task,
      ...(replay !== undefined ? { replay } : {}), ...(replayPerSample !== undefined ? { replayPerSample } : {}),
      pretrainPairs: () => this.pretrainPairs(),
      cache: this.trainingPairs,
    });
    if (examples.length === 0) throw new Error(`iteration ${t} of run "${this.runId}" has no successful synthetic sample to train on (see the generations table for the teacher's failures)`);
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "train", done: 0, total: 1 });
    return trainIteration({
      store, student, runId: this.runId, iteration: t, baseModel: from, examples, hyperparameters,
      seed: mixSeed(this.config.seed, t, "train"),
      serverModels: () => this.serverModels(),
      onProgress: (e) => this.emit({ type: "step", runId: this.runId, iteration: t, step: "train", done: e.step, total: e.totalSteps }),
    });
  }

  private async evaluate(t: number, model: string): Promise<void> {
    const { store, student, data } = this.deps;
    if (store.getIteration(this.runId, t)) return;
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "evaluate" });
    const spent = spentByRun(store, this.runId, t);
    const samples = spent.okSamples;
    const row = await evaluateIteration({
      store, student, task: data.task, test: data.test, runId: this.runId, iteration: t, model, samples,
      teacherTokens: spent.teacherTokens, costUsd: spent.costUsd,
    });
    this.emit({ type: "iteration-end", runId: this.runId, iteration: t, samples, teacherTokens: spent.teacherTokens, accuracy: row.accuracy, cached: false });
  }

  private pretrainPairs(): ScoreItem[] {
    return (this.pretrainCache ??= pretrainPairs(this.config, this.deps.data.task, this.deps.pretrainData));
  }

  private async serverModels(): Promise<Set<string>> {
    if (!this.serverModelSet) this.serverModelSet = new Set(await this.deps.student.listModels());
    return this.serverModelSet;
  }

  /** The model of iteration t, trained again if the server no longer holds its checkpoint. */
  private async ensureOnServer(model: string, t: number): Promise<string> {
    if (t === 0 || (await this.serverModels()).has(model)) return model;
    this.serverModelSet = null;
    const base = this.deps.store.getTrainingJob(this.runId, t)?.baseModel ?? model;
    return this.train(t, base);
  }
}
