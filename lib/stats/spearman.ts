import { rank } from "./rank.js";
import { regularizedIncompleteBetaXY } from "./incomplete-beta.js";
import { spearmanExactPValue } from "./spearman-exact.js";

/** What to do with pairs where x or y is NaN (mirrors scipy's `nan_policy`; "throw" is "raise"). */
export type NanPolicy = "propagate" | "omit" | "throw";

export interface SpearmanOptions {
  /** NaN handling. Default "propagate" (scipy's default): any NaN gives rho = pValue = NaN. */
  nan?: NanPolicy;
  /**
   * P-value method. "t" (default, scipy's `spearmanr`): the t approximation below.
   * "exact": the exact permutation p-value over all n! pairings (n <= 10), equal to
   * `scipy.stats.permutation_test(..., permutation_type="pairings", n_resamples=inf)`.
   */
  pValue?: "t" | "exact";
}

export interface SpearmanResult {
  /** Spearman's rho in [-1, 1]; NaN when an input is constant or (with "propagate") has NaN. */
  rho: number;
  /** Two-sided p-value for H0: rho = 0. */
  pValue: number;
  /** Number of pairs used (after omitting NaN pairs with nan: "omit"). */
  n: number;
}

/**
 * Spearman's rank correlation coefficient with a two-sided p-value, as `scipy.stats.spearmanr`.
 *
 * Definition: rho is Pearson's correlation of the average ranks (see {@link rank}) of x and of y,
 * so ties (e.g. 0/1 accuracies) are handled exactly. The default p-value uses the t approximation
 * t = rho √((n-2) / (1-rho²)) with n-2 degrees of freedom: p = P(|T| >= |t|), computed as
 * I_{1-rho²}((n-2)/2, 1/2) without forming t. With `pValue: "exact"` it is the exact two-sided
 * permutation p-value 2·min(P(S <= s), P(S >= s)) (capped at 1), over all n! pairings.
 *
 * Edge cases (as scipy 1.10): a constant input gives rho = NaN and pValue = NaN, with no warning
 * (scipy warns ConstantInputWarning). |rho| = 1 gives pValue = 0 under "t". NaN: see
 * {@link SpearmanOptions.nan}; under "omit" the remaining pairs must still number at least 3.
 *
 * Cost: O(n log n) (two sorts); "exact" is O(n!) and limited to n <= 10.
 *
 * Reference: Spearman (1904); Kendall & Gibbons, Rank Correlation Methods (1990);
 * scipy.stats.spearmanr (scipy 1.10, `_stats_py.py`).
 *
 * @throws {Error} "spearman requires x and y of equal length (got 3 and 4)"
 * @throws {Error} "spearman requires at least 3 pairs (got 2)"
 * @throws {Error} "spearman found NaN at index 4 (nan: "throw")"
 * @throws {Error} "spearman exact p-value requires at most 10 pairs (got 11)"
 * @example spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])
 * // { rho: 0.8207826816681233, pValue: 0.08858700531354381, n: 5 }
 */
export function spearman(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: SpearmanOptions = {},
): SpearmanResult {
  const nan = options.nan ?? "propagate";
  if (x.length !== y.length) {
    throw new Error(`spearman requires x and y of equal length (got ${x.length} and ${y.length})`);
  }
  let xs = x;
  let ys = y;
  const firstNan = indexOfNanPair(x, y);
  if (firstNan >= 0) {
    if (nan === "throw") throw new Error(`spearman found NaN at index ${firstNan} (nan: "throw")`);
    if (nan === "propagate") {
      if (x.length < 3) throw new Error(`spearman requires at least 3 pairs (got ${x.length})`);
      return { rho: NaN, pValue: NaN, n: x.length };
    }
    [xs, ys] = dropNanPairs(x, y);
  }
  const n = xs.length;
  if (n < 3) throw new Error(`spearman requires at least 3 pairs (got ${n})`);
  if (options.pValue === "exact" && n > 10) {
    throw new Error(`spearman exact p-value requires at most 10 pairs (got ${n})`);
  }
  const rx = rank(xs);
  const ry = rank(ys);
  const rho = rankCorrelation(rx, ry);
  if (Number.isNaN(rho)) return { rho, pValue: NaN, n };
  const pValue = options.pValue === "exact" ? spearmanExactPValue(rx, ry) : tPValue(rho, n);
  return { rho, pValue, n };
}

/** Pearson correlation of two average-rank vectors (their mean is exactly (n+1)/2). */
function rankCorrelation(rx: Float64Array, ry: Float64Array): number {
  const n = rx.length;
  const mean = (n + 1) / 2;
  // Blocked summation keeps the rounding error near that of numpy's pairwise sums.
  let sxy = 0, sxx = 0, syy = 0;
  for (let start = 0; start < n; start += 4096) {
    const end = Math.min(n, start + 4096);
    let bxy = 0, bxx = 0, byy = 0;
    for (let i = start; i < end; i++) {
      const dx = rx[i]! - mean;
      const dy = ry[i]! - mean;
      bxy += dx * dy;
      bxx += dx * dx;
      byy += dy * dy;
    }
    sxy += bxy;
    sxx += bxx;
    syy += byy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const rho = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, rho));
}

/** Two-sided p of the t approximation: I_{(1-ρ)(1+ρ)}((n-2)/2, 1/2). */
function tPValue(rho: number, n: number): number {
  if (Math.abs(rho) === 1) return 0;
  return regularizedIncompleteBetaXY((1 - rho) * (1 + rho), rho * rho, (n - 2) / 2, 0.5);
}

function indexOfNanPair(x: ArrayLike<number>, y: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) return i;
  }
  return -1;
}

function dropNanPairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      keptX.push(x[i]!);
      keptY.push(y[i]!);
    }
  }
  return [Float64Array.from(keptX), Float64Array.from(keptY)];
}
