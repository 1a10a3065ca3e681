import type { RunConfig } from "./config.js";

/**
 * Samples to generate in each iteration for a sample budget: m x k per iteration, the last one cut
 * to what is left. For a teacher-token budget the number of iterations is not known up front and
 * this returns null (the loop stops when the budget is spent).
 *
 * @example planSamples({ budget: { samples: 250 }, perIteration: 10, samplesPerSeed: 10 }) // [100, 100, 50]
 */
export function planSamples(config: Pick<RunConfig, "budget" | "perIteration" | "samplesPerSeed">): number[] | null {
  const total = config.budget.samples;
  if (total === undefined) return null;
  const step = config.perIteration * config.samplesPerSeed;
  const out: number[] = [];
  for (let left = total; left > 0; left -= step) out.push(Math.min(step, left));
  return out;
}
