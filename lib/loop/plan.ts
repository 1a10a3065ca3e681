/**
 * The iteration plan, in one place: how many samples each iteration makes and how many seeds it
 * selects, from the run's budget. The loop, the CLI's progress bars and `estimateRun` all ask here.
 */
import type { RunConfig } from "../experiment/config.js";
import { mayStartBatch, samplesLeft } from "./budget.js";
import type { Spent } from "./spent.js";

type PlanConfig = Pick<RunConfig, "budget" | "perIteration" | "samplesPerSeed" | "maxIterations">;

/**
 * Samples to generate in each iteration for a sample budget: m x k per iteration, the last one cut
 * to what is left (at most maxIterations). For a teacher-token budget the number of iterations is
 * not known up front and this returns null (the loop stops when the budget is spent).
 *
 * @example planSamples({ budget: { samples: 250 }, perIteration: 10, samplesPerSeed: 10, maxIterations: 20 }) // [100, 100, 50]
 */
export function planSamples(config: PlanConfig): number[] | null {
  const total = config.budget.samples;
  if (total === undefined) return null;
  const step = config.perIteration * config.samplesPerSeed;
  const out: number[] = [];
  for (let left = total; left > 0 && out.length < config.maxIterations; left -= step) out.push(Math.min(step, left));
  return out;
}

/**
 * Iterations a run plans after its base evaluation: the sample budget's plan, or maxIterations
 * under a token budget (an upper bound: the loop stops when the tokens are spent).
 * @example plannedIterations({ budget: { samples: 250 }, perIteration: 10, samplesPerSeed: 10, maxIterations: 20 }) // 3
 */
export function plannedIterations(config: PlanConfig): number {
  return planSamples(config)?.length ?? config.maxIterations;
}

/** What one iteration makes: `attempts` successful samples wanted, from `seeds` selected seeds. */
export interface IterationPlan {
  attempts: number;
  seeds: number;
}

/**
 * The next iteration's plan from what the run has spent, or null when the budget is spent: m x k
 * samples (fewer when the sample budget has less left), ceil(attempts / k) seeds.
 */
export function nextIteration(config: Pick<RunConfig, "budget" | "perIteration" | "samplesPerSeed" | "generationConcurrency">, spent: Spent): IterationPlan | null {
  const { budget, perIteration, samplesPerSeed, generationConcurrency } = config;
  const attempts = Math.min(perIteration * samplesPerSeed, samplesLeft(budget, spent));
  if (attempts <= 0 || !mayStartBatch(budget, spent, Math.min(attempts, generationConcurrency))) return null;
  return { attempts, seeds: Math.ceil(attempts / samplesPerSeed) };
}

/**
 * The plan of an iteration whose generation had started before a resume, read back from its
 * stored selection (`selected` seeds) and the successful samples of the iterations before it.
 */
export function resumedIteration(config: Pick<RunConfig, "budget" | "samplesPerSeed">, selected: number, okBefore: number): IterationPlan {
  const attempts = selected * config.samplesPerSeed;
  const samples = config.budget.samples;
  return { attempts: samples === undefined ? attempts : Math.min(attempts, samples - okBefore), seeds: 0 };
}
