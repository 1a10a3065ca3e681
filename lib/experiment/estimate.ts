/**
 * What a run will spend, estimated before it starts ("about 1,600 calls, 2.1M tokens (~$0.84)").
 * Pure: from the config, the seed pool's size and typical tokens per call.
 */
import type { RunConfig } from "./config.js";
import { getCriterion } from "../select/registry.js";
import { costUsd } from "../teacher/usage.js";
import { planSamples, plannedIterations } from "../loop/plan.js";

/** Typical tokens of one teacher call. */
export interface CallTokens {
  prompt: number;
  completion: number;
}

export interface EstimateOptions {
  /** Seeds in the pool (judging criteria call the teacher once or twice per seed per iteration). */
  poolSize: number;
  /** Per generation call (a run makes two per sample). Default { prompt: 350, completion: 200 }. */
  generationCall?: CallTokens;
  /** Per judge call. Default { prompt: 400, completion: 60 }. */
  judgeCall?: CallTokens;
}

export interface RunEstimate {
  iterations: number;
  /** Teacher calls: generation (two per sample, failures not counted) plus judging. */
  calls: number;
  generationCalls: number;
  judgeCalls: number;
  /** Prompt + completion tokens. */
  tokens: number;
  /** Dollars, when the teacher config has a price for its model. */
  costUsd?: number;
  /** e.g. "about 1,600 calls, 2.1M tokens (~$0.84) over 10 iterations". */
  describe(): string;
}

/**
 * Estimates a run from its config: iterations (sample budget / (perIteration x samplesPerSeed),
 * or what the token budget buys, at most maxIterations), teacher calls (two per sample, plus the
 * criterion's declared `teacherCallsPerSeed` x pool size per iteration) and tokens. A token budget
 * caps the tokens. The procedural teacher makes no calls. Failed generations (retried by later
 * iterations) are not foreseen: the real spend of a sample budget is that much higher.
 * @throws when poolSize is not a non-negative integer, or the criterion is unknown
 * Usage:
 * // budget { samples: 800 }, perIteration 80, gpt-4o-mini prices, criterion loss
 * estimateRun(config, { poolSize: 1000 }).describe() // "about 1,600 calls, 880.0k tokens (~$0.28) over 10 iterations"
 */
export function estimateRun(config: RunConfig, options: EstimateOptions): RunEstimate {
  if (!Number.isInteger(options.poolSize) || options.poolSize < 0) throw new Error(`estimateRun requires a non-negative integer poolSize, got ${options.poolSize}`);
  const gen = options.generationCall ?? { prompt: 350, completion: 200 };
  const judge = options.judgeCall ?? { prompt: 400, completion: 60 };
  const llm = config.teacher.kind === "openai";
  const active = config.method === "active";
  const perIterSamples = config.perIteration * config.samplesPerSeed;
  const judgePerIter = active && llm ? options.poolSize * (getCriterion(config.criterion).costs.teacherCallsPerSeed ?? 0) : 0;
  const genPerIter = llm ? 2 * perIterSamples : 0;
  const tokPerIter = genPerIter * (gen.prompt + gen.completion) + judgePerIter * (judge.prompt + judge.completion);

  const plan = planSamples(config);
  let iterations = plannedIterations(config);
  let samples = plan ? plan.reduce((a, b) => a + b, 0) : perIterSamples * iterations;
  const limit = config.budget.teacherTokens;
  if (limit !== undefined && tokPerIter > 0) {
    const affordable = Math.ceil(limit / tokPerIter);
    if (affordable < iterations) {
      iterations = affordable;
      samples = Math.min(samples, perIterSamples * iterations);
    }
  }
  let generationCalls = llm ? 2 * samples : 0;
  let judgeCalls = judgePerIter * iterations;
  let promptTokens = generationCalls * gen.prompt + judgeCalls * judge.prompt;
  let completionTokens = generationCalls * gen.completion + judgeCalls * judge.completion;
  const total = promptTokens + completionTokens;
  if (limit !== undefined && total > limit) {
    const f = limit / total;
    [generationCalls, judgeCalls, promptTokens, completionTokens] = [generationCalls * f, judgeCalls * f, promptTokens * f, completionTokens * f];
  }
  const price = config.teacher.kind === "openai" ? config.teacher.priceTable?.[config.teacher.model] : undefined;
  const estimate: RunEstimate = {
    iterations,
    calls: Math.round(generationCalls + judgeCalls),
    generationCalls: Math.round(generationCalls),
    judgeCalls: Math.round(judgeCalls),
    tokens: Math.round(promptTokens + completionTokens),
    ...(price && config.teacher.kind === "openai" ? { costUsd: costUsd(config.teacher.priceTable, config.teacher.model, promptTokens, completionTokens) } : {}),
    describe: () => describeEstimate(estimate, llm),
  };
  return estimate;
}

/** Compact token count: 950, 12.3k, 2.1M. */
export function formatTokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function describeEstimate(e: RunEstimate, llm: boolean): string {
  const its = `${e.iterations} iteration${e.iterations === 1 ? "" : "s"}`;
  if (!llm) return `no teacher calls (procedural teacher) over ${its}`;
  const cost = e.costUsd !== undefined ? ` (~$${e.costUsd.toFixed(2)})` : "";
  const judged = e.judgeCalls > 0 ? `, ${e.judgeCalls.toLocaleString("en-US")} of them judging` : "";
  return `about ${e.calls.toLocaleString("en-US")} calls, ${formatTokens(e.tokens)} tokens${cost} over ${its}${judged}`;
}
