/**
 * Exact two-sided permutation p-value for Spearman's rho, given the two average-rank vectors.
 *
 * Definition: with S = Σ rx_i · ry_π(i) over all n! pairings π (S is an increasing function of
 * rho, since Σ rx² and Σ ry² do not depend on π), p = min(1, 2 · min(P(S <= s), P(S >= s))), the
 * convention of `scipy.stats.permutation_test` (alternative="two-sided"). Ranks are doubled so that
 * S is an exact integer even with average (half-integer) ranks, and ties compare exactly.
 *
 * Method: Heap's algorithm visits every permutation with one swap each, updating S in O(1).
 *
 * Cost: O(n!) time; callers limit n to 10 (3,628,800 pairings, ~30 ms).
 *
 * Reference: Kendall & Gibbons (1990), §4; Heap (1963).
 *
 * @example spearmanExactPValue(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4))
 * // 0.08333333333333333 (= 2/24)
 */
export function spearmanExactPValue(rx: ArrayLike<number>, ry: ArrayLike<number>): number {
  const n = rx.length;
  const a = Int32Array.from(rx, (v) => Math.round(2 * v));
  const b = Int32Array.from(ry, (v) => Math.round(2 * v));
  let observed = 0;
  for (let i = 0; i < n; i++) observed += a[i]! * b[i]!;
  const perm = Int32Array.from(b);
  let s = observed;
  let atMost = 0;
  let atLeast = 0;
  let total = 0;
  const count = (): void => {
    total++;
    if (s <= observed) atMost++;
    if (s >= observed) atLeast++;
  };
  count();
  const c = new Int32Array(n);
  let i = 1;
  while (i < n) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      // Swapping perm[i] and perm[j] changes S by (a_i - a_j)(perm_j - perm_i).
      s += (a[i]! - a[j]!) * (perm[j]! - perm[i]!);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
      count();
      c[i]!++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / total);
}
