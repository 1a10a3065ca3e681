/**
 * How long a real student's work takes, estimated before a run starts: the student's token work
 * (answering the test set and the pool, scoring, training) over rates measured on CPUs. Pure.
 */
import type { RunConfig } from "./config.js";
import type { Example } from "../tasks/types.js";
import { getCriterion } from "../select/registry.js";
import { plannedIterations } from "../loop/plan.js";
import { SYNTHETIC_CRITERIA } from "../loop/score-children.js";

/** Tokens per second of one student server (one thread unless said). */
export interface StudentRates {
  /** Greedy answers, batched: generated tokens (their prompts' prefill included). */
  generate: number;
  /** Scoring (`/v1/score`): prompt + completion tokens read. */
  score: number;
  /** Fine-tuning: prompt + completion tokens trained. */
  train: number;
  /** Where the rates were measured. */
  measured: string;
  /**
   * How much faster bf16 is where the run asks for it (`student.server.genDtype` and `trainDtype`
   * "bfloat16"), on a CPU with AMX: generation and training tokens/s over float32's.
   */
  bfloat16?: { generate: number; train: number };
}

/**
 * SmolLM2-135M-Instruct (hf backend, float32, LoRA r16), one thread per server with two servers
 * side by side on a 2-core machine (what `run --workers 2` does): generation about 70 tok/s with
 * finished rows dropped (90 when the server is alone; `npm run bench -- generation --prompts
 * arith`), scoring 450, LoRA training 150 (0.25-0.33 steps of 16 arith examples a second; 0.38
 * alone). Checked against smollm2-paper.json's loss runs: 8.1-9.2 min each, estimated 7.8.
 */
export const SMOLLM2_135M_CPU: StudentRates = {
  generate: 70,
  score: 450,
  train: 150,
  measured: "SmolLM2-135M, two servers of one thread on a 2-core CPU",
  // bench, 2 threads, Intel Xeon with AMX: bf16 generation 2.3x (arith pool of 128) and 2.4x (128
  // GSM8K questions) float32's; bf16-autocast LoRA training 1.87x (`npm run bench -- train-dtype`)
  bfloat16: { generate: 2.0, train: 1.8 },
};

/**
 * The rates a run's student gets: bf16 generation and training faster by the measured factors
 * where its server asks for them.
 */
export function ratesFor(config: RunConfig, rates: StudentRates): StudentRates {
  const server = config.student.server ?? {};
  const f = rates.bfloat16 ?? { generate: 1, train: 1 };
  return {
    ...rates,
    generate: rates.generate * (server.genDtype === "bfloat16" ? f.generate : 1),
    train: rates.train * (server.trainDtype === "bfloat16" ? f.train : 1),
  };
}

/**
 * Rough BPE tokens of a text (English and digits: about 3.5 characters a token), at least 1.
 * @example roughTokens("Tom has 23 apples.") // 5
 */
export const roughTokens = (text: string): number => Math.max(1, Math.round(text.length / 3.5));

export interface WallTimeEstimate {
  /** Seconds of student work for the run, one server. */
  seconds: number;
  /** The same, by step. */
  parts: { pretrain: number; evaluate: number; pool: number; scoreSamples: number; train: number };
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Seconds of student work for one run: (iterations + 1) evaluations of the test set, the pool's
 * answers and scores each active iteration (as the criterion's costs declare), the synthetic
 * samples answered and scored by the `scoreSynthetic` criteria, each iteration's training (all
 * samples so far with `trainFrom: "base"`, the iteration's own with `"continue"`, plus replay) and
 * the pretrained base (counted here; a base shared by runs is built once, see `estimateExperiment`).
 * Token counts come from the seeds' and test items' text (`roughTokens`); a child is taken to be
 * as long as an average seed. Within 30% on the runs it was checked against; a guide, not a promise.
 * Usage:
 * // data/experiments/smollm2-paper.json, a loss run: about 630 s (pretrain 161, evaluate 84,
 * // pool 148, scoring samples 41, train 193)
 * estimateStudentSeconds(config, loadTask(config.task, config.taskOptions), SMOLLM2_135M_CPU).seconds
 */
export function estimateStudentSeconds(config: RunConfig, data: { seeds: readonly Example[]; test: readonly Example[] }, measured: StudentRates): WallTimeEstimate {
  const rates = ratesFor(config, measured);
  const prompt = mean(data.seeds.map((e) => roughTokens(e.question))) + 4;
  const answer = mean(data.seeds.map((e) => roughTokens(e.answer))) + 1;
  const testPrompt = mean(data.test.map((e) => roughTokens(e.question))) + 4;
  const testAnswer = mean(data.test.map((e) => roughTokens(e.answer))) + 1;
  const answerSeconds = (n: number, p: number, a: number) => (n * a) / rates.generate + (n * p) / rates.score;
  const scoreSeconds = (n: number, p: number, a: number) => (n * (p + a)) / rates.score;
  const iterations = plannedIterations(config);
  const perIteration = config.perIteration * config.samplesPerSeed;
  const evaluate = (iterations + 1) * answerSeconds(data.test.length, testPrompt, testAnswer);
  let pool = 0;
  if (config.method === "active") {
    const costs = getCriterion(config.criterion).costs;
    const once = (costs.studentGenerate ? answerSeconds(data.seeds.length, prompt, answer) : 0) + (costs.studentScore ? scoreSeconds(data.seeds.length, prompt, answer) : 0);
    pool = iterations * once;
  }
  const synthetic = config.scoreSynthetic ?? SYNTHETIC_CRITERIA;
  const scoreSamples = synthetic.length === 0 ? 0 : iterations * (answerSeconds(perIteration, prompt, answer) + synthetic.length * scoreSeconds(perIteration, prompt, answer));
  const s = config.student;
  const epochs = (hp: { epochs?: number; steps?: number; batchSize?: number }, n: number): number =>
    hp.steps !== undefined ? (hp.steps * (hp.batchSize ?? 8)) / Math.max(1, n) : (hp.epochs ?? 3);
  const replay = (n: number): number => (s.replayPerSample !== undefined ? Math.round(s.replayPerSample * n) : (s.replay ?? 0));
  let train = 0;
  for (let t = 1; t <= iterations; t++) {
    const samples = config.trainFrom === "base" ? t * perIteration : perIteration;
    const n = samples + replay(samples);
    train += (n * epochs(s.hyperparameters, n) * (prompt + answer)) / rates.train;
  }
  const pretrain = s.pretrain ? (s.pretrain.examples * epochs(s.pretrain.hyperparameters, s.pretrain.examples) * (prompt + answer)) / rates.train : 0;
  const parts = { pretrain, evaluate, pool, scoreSamples, train };
  return { seconds: pretrain + evaluate + pool + scoreSamples + train, parts };
}

/**
 * Wall seconds for runs spread over `workers` servers: each distinct pretrained base once, then
 * the runs' work shared out (the longest run is a floor). Servers are assumed to run side by side
 * at full speed, one thread each (a 2-core machine with 2 workers).
 */
export function estimateExperiment(runs: { config: RunConfig; estimate: WallTimeEstimate }[], workers: number): number {
  const bases = new Map<string, number>();
  let work = 0;
  let longest = 0;
  for (const { config, estimate } of runs) {
    if (config.student.pretrain) bases.set(JSON.stringify([config.student.baseModel, config.student.pretrain, config.taskOptions]), estimate.parts.pretrain);
    const own = estimate.seconds - estimate.parts.pretrain;
    work += own;
    longest = Math.max(longest, own);
  }
  const w = Math.max(1, Math.min(workers, runs.length));
  const baseSeconds = [...bases.values()].sort((a, b) => b - a);
  const baseWall = baseSeconds.length ? Math.max(baseSeconds[0]!, baseSeconds.reduce((a, b) => a + b, 0) / w) : 0;
  return baseWall + Math.max(longest, work / w);
}
