import { makeRng } from "../util/rng.js";
import { quantileSorted } from "./quantile-sorted.js";

export interface BootstrapOptions {
  /** Number of bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Coverage of the interval, in (0, 1). Default 0.95. */
  confidence?: number;
  /** Seed for the resampling (through lib/util/rng). Default 0. */
  seed?: number;
}

export interface ConfidenceInterval {
  /** The statistic on the original sample. */
  estimate: number;
  /** Lower percentile bound, the (1 - confidence)/2 quantile of the resampled statistics. */
  lower: number;
  /** Upper percentile bound, the (1 + confidence)/2 quantile of the resampled statistics. */
  upper: number;
  confidence: number;
  resamples: number;
}

/**
 * Percentile bootstrap confidence interval for any statistic of one sample.
 *
 * Definition: draw `resamples` samples of size n with replacement from `values` (seeded), apply
 * `statistic` to each, and report the (1 - c)/2 and (1 + c)/2 quantiles of those B numbers
 * (linear interpolation, numpy's default) as [lower, upper]; `estimate` is statistic(values).
 *
 * Edge cases: n = 1 gives lower = upper = estimate for a statistic of the values. Resampled
 * statistics that are NaN are dropped before taking quantiles; if all are NaN the bounds are NaN.
 * The same seed gives the same interval.
 *
 * Cost: O(B · cost(statistic on n values)).
 *
 * Reference: Efron & Tibshirani, An Introduction to the Bootstrap (1993), §13.3.
 *
 * @throws {Error} "bootstrapCI requires at least 1 value"
 * @throws {Error} "bootstrapCI requires confidence in (0, 1) (got 95)"
 * @throws {Error} "bootstrapCI requires resamples to be a positive integer (got 0)"
 * @example bootstrapCI([1, 2, 3, 4], (x) => x.reduce((a, b) => a + b) / x.length, { resamples: 2000, seed: 1 })
 *   // { estimate: 2.5, lower: 1.5, upper: 3.5, confidence: 0.95, resamples: 2000 }
 */
export function bootstrapCI<T>(
  values: readonly T[],
  statistic: (sample: T[]) => number,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  const { resamples, confidence, seed } = checkBootstrapOptions("bootstrapCI", options);
  const n = values.length;
  if (n === 0) throw new Error("bootstrapCI requires at least 1 value");
  const estimate = statistic(values.slice());
  const rng = makeRng(seed);
  const stats: number[] = [];
  const sample = new Array<T>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(0, n - 1)]!;
    const s = statistic(sample.slice());
    if (!Number.isNaN(s)) stats.push(s);
  }
  const [lower, upper] = percentileInterval(stats, confidence);
  return { estimate, lower, upper, confidence, resamples };
}

/** [lower, upper] percentile interval of a list of statistics (NaN, NaN when empty). */
export function percentileInterval(stats: number[], confidence: number): [number, number] {
  if (stats.length === 0) return [NaN, NaN];
  const sorted = Float64Array.from(stats).sort();
  const alpha = (1 - confidence) / 2;
  return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
}

/** Validates and fills bootstrap options; `who` names the caller in errors. */
export function checkBootstrapOptions(
  who: string,
  options: BootstrapOptions,
): Required<BootstrapOptions> {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new Error(`${who} requires resamples to be a positive integer (got ${resamples})`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new Error(`${who} requires confidence in (0, 1) (got ${confidence})`);
  }
  return { resamples, confidence, seed };
}
