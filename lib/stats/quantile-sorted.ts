/**
 * Quantile of an ascending-sorted sample by linear interpolation (Hyndman & Fan type 7; the
 * default of numpy.percentile, R's quantile and Excel's PERCENTILE.INC).
 *
 * Definition: with h = (n - 1)p, q = s[⌊h⌋] + (h - ⌊h⌋)(s[⌊h⌋ + 1] - s[⌊h⌋]) (0-based).
 *
 * Edge cases: p = 0 gives the minimum, p = 1 the maximum; n = 1 gives the only value. Infinite
 * values are allowed (an interpolation touching one gives ±Infinity, never NaN when both ends
 * are the same infinity).
 *
 * Cost: O(1); the caller sorts.
 *
 * Reference: Hyndman & Fan, "Sample Quantiles in Statistical Packages", Am. Stat. 50 (1996).
 *
 * @throws {Error} "quantileSorted requires at least 1 value"
 * @throws {Error} "quantileSorted requires p in [0, 1] (got 1.5)"
 * @example quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error("quantileSorted requires at least 1 value");
  if (!(p >= 0 && p <= 1)) throw new Error(`quantileSorted requires p in [0, 1] (got ${p})`);
  const h = (n - 1) * p;
  const i = Math.floor(h);
  const a = sorted[i]!;
  if (i + 1 >= n) return a;
  const b = sorted[i + 1]!;
  if (a === b) return a;
  return a + (h - i) * (b - a);
}
