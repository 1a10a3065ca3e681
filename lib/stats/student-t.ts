import { regularizedIncompleteBetaXY } from "./incomplete-beta.js";

/**
 * Two-sided tail probability of Student's t distribution: P(|T| >= |t|) with df degrees of freedom.
 *
 * Definition: P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2) (regularized incomplete beta), the same
 * identity cephes' `stdtr` (scipy.special.stdtr) uses; scipy's t-tests report 2 * stdtr(df, -|t|).
 *
 * Edge cases: t = ±Infinity gives 0; t = 0 gives 1; NaN t or df <= 0 gives NaN.
 *
 * Cost: O(√df) (see regularizedIncompleteBeta).
 *
 * Reference: Abramowitz & Stegun (1964), 26.7.1 and 26.5.27.
 *
 * @example studentTTwoSided(2.0, 10) // 0.07338803477074035 (scipy 2*t.sf(2, 10): 0.07338803477074039)
 */
export function studentTTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedIncompleteBetaXY(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}
