import type { Example, TaskData } from "../tasks/types.js";
import type { IterationRow, RunRow, Store } from "../store/types.js";
import type { ScoreItem, Student } from "../student/types.js";
import type { Teacher } from "../teacher/types.js";
import type { RunConfig } from "./config.js";
import type { LoopListener } from "./events.js";
import { canonicalJson } from "../util/hash.js";
import { makeRng, mixSeed } from "../util/rng.js";
import { getCriterion } from "../select/registry.js";
import { choose, type Chosen } from "../select/choose.js";
import type { CriterionContext } from "../select/types.js";
import { trainingPair } from "../select/pairs.js";
import { studentAnswers } from "./answers.js";
import { ensureBaseModel, pretrainPairs } from "./base-model.js";
import { evaluateIteration } from "./evaluate.js";
import { generateIteration } from "./generate.js";
import { trainIteration } from "./train.js";
import { SYNTHETIC_CRITERIA, scoreChildren, syntheticCriteria } from "./score-children.js";
import { spentByRun, type Spent } from "./spent.js";
import { mayJudge, mayStartBatch, samplesLeft } from "./budget.js";

/** Rounds of make-up generation for samples the teacher failed, within an iteration (see Loop.generate). */
const TOP_UP_ROUNDS = 4;

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
 * Runs one experiment (DESIGN.md §2) to its budget, or resumes it: every step first looks in the
 * store for what an earlier (possibly killed) process already did. A finished run is read back
 * without any server or teacher call.
 *
 * Iteration 0 evaluates the base model; iteration t >= 1 answers, scores, selects, generates,
 * trains and evaluates. A `static` run draws its seeds uniformly, generates the whole budget first,
 * then trains on prefixes at the same sizes as an active run's iterations.
 */
export async function runExperiment(config: RunConfig, deps: LoopDeps): Promise<RunResult> {
  const { store } = deps;
  const runId = config.name;
  const emit = deps.onEvent ?? (() => {});
  const existing = store.getRun(runId);
  if (existing && canonicalJson(existing.config) !== canonicalJson(config)) {
    throw new Error(`run "${runId}" is already in ${store.path} with a different config; give the run another name or use a fresh store`);
  }
  if (existing?.status === "finished") {
    emit({ type: "run-end", runId, cached: true });
    return { run: existing, iterations: store.listIterations(runId), cached: true, spent: spentByRun(store, runId) };
  }
  store.upsertRun({ id: runId, name: config.name, config: config as unknown as Record<string, unknown> });
  store.setRunStatus(runId, "running");
  try {
    await new Loop(config, deps).run();
    store.setRunStatus(runId, "finished");
  } catch (error) {
    store.setRunStatus(runId, "failed", (error as Error).message);
    throw error;
  }
  emit({ type: "run-end", runId, cached: false });
  return { run: store.getRun(runId)!, iterations: store.listIterations(runId), cached: false, spent: spentByRun(store, runId) };
}

class Loop {
  private readonly runId: string;
  private readonly emit: LoopListener;
  private serverModelSet: Set<string> | null = null;

  constructor(private readonly config: RunConfig, private readonly deps: LoopDeps) {
    this.runId = config.name;
    this.emit = deps.onEvent ?? (() => {});
  }

  async run(): Promise<void> {
    const { store, data } = this.deps;
    store.putExamples([
      ...data.seeds.map((e) => ({ ...e, source: "seed" as const, runId: null, iteration: null, parentId: null, sampleIndex: null })),
      ...data.test.map((e) => ({ ...e, source: "test" as const, runId: null, iteration: null, parentId: null, sampleIndex: null })),
    ]);
    const done = store.listIterations(this.runId).length;
    this.emit({ type: "run-start", runId: this.runId, iterations: this.estimatedIterations(), resumedFrom: done });
    const base = await ensureBaseModel(this.deps.student, store, this.config.student, () => this.pretrainPairs(), (step, total) =>
      this.emit({ type: "step", runId: this.runId, iteration: 0, step: "train", done: step, total }),
    );
    await this.evaluate(0, base, 0);
    if (this.config.method === "static") await this.runStatic(base);
    else await this.runActive(base);
  }

  private estimatedIterations(): number {
    const perIteration = this.config.perIteration * this.config.samplesPerSeed;
    if (this.config.budget.samples !== undefined) return Math.ceil(this.config.budget.samples / perIteration);
    return this.config.maxIterations;
  }

  private pretrainCache: ScoreItem[] | null = null;

  private pretrainPairs(): ScoreItem[] {
    return (this.pretrainCache ??= pretrainPairs(this.config, this.deps.data.task, this.deps.pretrainData));
  }

  /** Samples (ok) and seeds to select for iteration t, or null when the budget is spent (see budget.ts). */
  private nextAttempts(): { attempts: number; seeds: number } | null {
    const spent = spentByRun(this.deps.store, this.runId);
    const { budget, perIteration, samplesPerSeed, generationConcurrency } = this.config;
    const attempts = Math.min(perIteration * samplesPerSeed, samplesLeft(budget, spent));
    if (attempts <= 0 || !mayStartBatch(budget, spent, Math.min(attempts, generationConcurrency))) return null;
    return { attempts, seeds: Math.ceil(attempts / samplesPerSeed) };
  }

  /** Before each generation batch: the token budget has room for one more batch. */
  private mayContinue = (): boolean => mayStartBatch(this.config.budget, spentByRun(this.deps.store, this.runId), this.config.generationConcurrency);

  /** Before each batch of judge calls: the token budget is not yet reached. */
  private mayJudge = (): boolean => mayJudge(this.config.budget, spentByRun(this.deps.store, this.runId));

  private async runActive(base: string): Promise<void> {
    let model = base;
    for (let t = 1; t <= this.config.maxIterations; t++) {
      const row = this.deps.store.getIteration(this.runId, t);
      if (row) {
        model = row.model;
        continue;
      }
      const plan = this.planIteration(t);
      if (!plan) break;
      model = await this.ensureOnServer(model, t - 1);
      const seeds = await this.select(t, model, plan.seeds);
      await this.generate(t, seeds, plan.attempts);
      // judging spent the rest of the token budget before any sample of this iteration was made
      if (this.deps.store.getGenerations(this.runId, t).length === 0) break;
      await this.scoreSamples(t, model);
      const trainBase = this.config.trainFrom === "base" ? base : model;
      model = await this.train(t, trainBase);
      await this.evaluate(t, model, this.cumulativeSamples(t));
    }
  }

  private async runStatic(base: string): Promise<void> {
    const { store } = this.deps;
    // 1. the whole budget, seeds drawn uniformly, before any training
    let last = 0;
    for (let t = 1; t <= this.config.maxIterations; t++) {
      const plan = this.planIteration(t);
      if (!plan) break;
      const seeds = await this.select(t, base, plan.seeds);
      await this.generate(t, seeds, plan.attempts);
      last = t;
    }
    // 2. train on prefixes of the static set at the sizes of an active run's iterations
    let model = base;
    for (let t = 1; t <= last; t++) {
      const row = store.getIteration(this.runId, t);
      if (row) {
        model = row.model;
        continue;
      }
      model = await this.train(t, this.config.trainFrom === "base" ? base : await this.ensureOnServer(model, t - 1));
      await this.evaluate(t, model, this.cumulativeSamples(t));
    }
  }

  /** Iteration t's attempts and seeds: read back when its generation already started (a resume), else planned from the budget. */
  private planIteration(t: number): { attempts: number; seeds: number } | null {
    if (this.deps.store.getGenerations(this.runId, t).length > 0) return { attempts: this.plannedAttempts(t), seeds: 0 };
    return this.nextAttempts();
  }

  /** Attempts planned for an iteration whose generation already started (read back from its selection). */
  private plannedAttempts(t: number): number {
    const selected = this.deps.store.getSelection(this.runId, t).length;
    const k = this.config.samplesPerSeed;
    const attempts = selected * k;
    if (this.config.budget.samples === undefined) return attempts;
    const before = this.deps.store
      .getGenerations(this.runId)
      .filter((g) => g.iteration < t && g.status === "ok").length;
    return Math.min(attempts, this.config.budget.samples - before);
  }

  private async select(t: number, model: string, count: number): Promise<Example[]> {
    const { store, data } = this.deps;
    const byId = new Map(data.seeds.map((s) => [s.id, s]));
    const stored = store.getSelection(this.runId, t);
    if (stored.length > 0) return stored.map((r) => byId.get(r.exampleId)!);
    const static_ = this.config.method === "static";
    const criterion = getCriterion(static_ ? "random" : this.config.criterion);
    const rng = makeRng(mixSeed(this.config.seed, t, static_ ? "static" : "select"));
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "score" });
    const context: CriterionContext = {
      runId: this.runId,
      iteration: t,
      model,
      task: data.task,
      seeds: data.seeds,
      student: this.deps.student,
      store,
      rng,
      teacher: this.deps.teacher,
      answers: () => {
        this.emit({ type: "step", runId: this.runId, iteration: t, step: "answer" });
        return studentAnswers(this.deps.student, store, model, data.task, data.seeds);
      },
      ...(this.config.criterionOptions ? { options: this.config.criterionOptions } : {}),
      mayContinue: this.mayJudge,
      concurrency: this.config.generationConcurrency,
    };
    let chosen: Chosen[];
    if (criterion.select && !static_) {
      chosen = await criterion.select(context, count);
      this.emit({ type: "step", runId: this.runId, iteration: t, step: "select" });
    } else {
      const scores = await criterion.score(context);
      this.emit({ type: "step", runId: this.runId, iteration: t, step: "select" });
      chosen = choose(scores, count, criterion.order, static_ ? "top" : this.config.selection, rng);
    }
    store.putSelection(chosen.map((c, rank) => ({ runId: this.runId, iteration: t, rank, exampleId: c.id, score: c.score })));
    return chosen.map((c) => byId.get(c.id)!);
  }

  /**
   * Generates iteration t's samples. Under a sample budget, samples the teacher failed are made up
   * in the same iteration, in at most TOP_UP_ROUNDS more rounds from the same seeds (sample indices
   * k..2k-1, then 2k..3k-1), instead of in extra iterations of a few samples, each a full fine-tune
   * and evaluation. A round's size depends only on the rounds before it, so a resume is exact.
   */
  private async generate(t: number, seeds: Example[], attempts: number): Promise<void> {
    const k = this.config.samplesPerSeed;
    await this.generateRound(t, seeds, attempts, 0);
    if (this.config.budget.samples === undefined) return;
    for (let round = 1; round <= TOP_UP_ROUNDS; round++) {
      const ok = this.deps.store.getGenerations(this.runId, t).filter((g) => g.status === "ok" && g.sampleIndex < round * k).length;
      const short = attempts - ok;
      if (short <= 0 || !this.mayContinue()) return;
      await this.generateRound(t, seeds, short, round);
    }
  }

  private async generateRound(t: number, seeds: Example[], attempts: number, round: number): Promise<void> {
    await generateIteration({
      store: this.deps.store,
      teacher: this.deps.teacher,
      runId: this.runId,
      iteration: t,
      task: this.config.task,
      seeds,
      samplesPerSeed: this.config.samplesPerSeed,
      firstSampleIndex: round * this.config.samplesPerSeed,
      attempts,
      runSeed: this.config.seed,
      concurrency: this.config.generationConcurrency,
      mayContinue: this.mayContinue,
      onProgress: (done, total) => this.emit({ type: "step", runId: this.runId, iteration: t, step: "generate", done, total }),
    });
  }

  /** Scores iteration t's synthetic samples with the model that chose their seeds (config.scoreSynthetic; figures 2 and 3). */
  private async scoreSamples(t: number, model: string): Promise<void> {
    const names = this.config.scoreSynthetic ?? SYNTHETIC_CRITERIA;
    if (names.length === 0) return;
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "score-samples" });
    await scoreChildren({
      store: this.deps.store,
      student: this.deps.student,
      task: this.deps.data.task,
      runId: this.runId,
      iteration: t,
      model,
      children: this.deps.store.getExamples({ source: "synthetic", runId: this.runId, iteration: t }),
      criteria: syntheticCriteria(names),
    });
  }

  private trainingSet(t: number): ScoreItem[] {
    const rows = this.deps.store
      .getExamples({ source: "synthetic", runId: this.runId })
      .filter((e) => (this.config.trainFrom === "base" ? (e.iteration ?? 0) <= t : e.iteration === t))
      .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const pairs = rows.map((e) => trainingPair(this.deps.data.task, e));
    const { replay: fixed, replayPerSample } = this.config.student;
    const replay = replayPerSample !== undefined ? Math.round(replayPerSample * pairs.length) : (fixed ?? 0);
    return replay > 0 ? [...pairs, ...this.pretrainPairs().slice(0, replay)] : pairs;
  }

  private cumulativeSamples(t: number): number {
    return this.deps.store.getGenerations(this.runId).filter((g) => g.iteration <= t && g.status === "ok").length;
  }

  private async train(t: number, from: string): Promise<string> {
    const examples = this.trainingSet(t);
    if (examples.length === 0) throw new Error(`iteration ${t} of run "${this.runId}" has no successful synthetic sample to train on (see the generations table for the teacher's failures)`);
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "train", done: 0, total: 1 });
    return trainIteration({
      store: this.deps.store,
      student: this.deps.student,
      runId: this.runId,
      iteration: t,
      baseModel: from,
      examples,
      hyperparameters: this.config.student.hyperparameters,
      seed: mixSeed(this.config.seed, t, "train"),
      serverModels: () => this.serverModels(),
      onProgress: (e) => this.emit({ type: "step", runId: this.runId, iteration: t, step: "train", done: e.step, total: e.totalSteps }),
    });
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

  private async evaluate(t: number, model: string, samples: number): Promise<void> {
    const { store } = this.deps;
    const existing = store.getIteration(this.runId, t);
    if (existing) return;
    this.emit({ type: "step", runId: this.runId, iteration: t, step: "evaluate" });
    const spent = spentByRun(store, this.runId, t);
    const row = await evaluateIteration({
      store,
      student: this.deps.student,
      task: this.deps.data.task,
      test: this.deps.data.test,
      runId: this.runId,
      iteration: t,
      model,
      samples,
      teacherTokens: spent.teacherTokens,
      costUsd: spent.costUsd,
    });
    this.emit({ type: "iteration-end", runId: this.runId, iteration: t, samples, teacherTokens: spent.teacherTokens, accuracy: row.accuracy, cached: false });
  }
}
