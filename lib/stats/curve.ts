/**
 * Small helpers on piecewise-linear curves given as x values (strictly increasing) and y values.
 * Internal to lib/stats except {@link normalizedAuc}, which the index exports.
 */

/**
 * Linear interpolation of the curve at x; NaN outside [xs[0], xs[last]] (never extrapolates).
 * @example interpolateAt([0, 10], [0.2, 0.4], 5) // 0.30000000000000004
 */
export function interpolateAt(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0 || x < xs[0]! || x > xs[n - 1]!) return NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  if (xs[lo] === x) return ys[lo]!;
  if (xs[hi] === x) return ys[hi]!;
  return ys[lo]! + ((x - xs[lo]!) / (xs[hi]! - xs[lo]!)) * (ys[hi]! - ys[lo]!);
}

/**
 * Smallest x at which the piecewise-linear curve first reaches y >= target (walking up in x), or
 * NaN if it never does. If the first point already reaches the target, that first x is returned
 * (nothing is known below it, so it is an upper bound on the true crossing).
 * @example firstReach([100, 200, 400], [0.2, 0.4, 0.5], 0.3) // 150
 */
export function firstReach(xs: ArrayLike<number>, ys: ArrayLike<number>, target: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (ys[0]! >= target) return xs[0]!;
  for (let i = 1; i < n; i++) {
    if (ys[i]! >= target) {
      const t = (target - ys[i - 1]!) / (ys[i]! - ys[i - 1]!);
      return xs[i - 1]! + t * (xs[i]! - xs[i - 1]!);
    }
  }
  return NaN;
}

/**
 * Area under a curve by the trapezoid rule, divided by its x range, i.e. the curve's mean height
 * over [x_first, x_last] (an accuracy when y is accuracy).
 *
 * Definition: AUC = Σ_i (x_{i+1} - x_i)(y_i + y_{i+1}) / 2 / (x_last - x_first).
 * Edge cases: one point gives its y; points must be sorted by x, strictly increasing.
 * Cost: O(n).
 * @throws {Error} "normalizedAuc requires at least 1 point"
 * @throws {Error} "normalizedAuc requires strictly increasing x (x[2] = 5 after 5)"
 * @example normalizedAuc([0, 10, 20], [0.2, 0.4, 0.4]) // 0.35
 */
export function normalizedAuc(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) throw new Error("normalizedAuc requires at least 1 point");
  if (n === 1) return ys[0]!;
  let area = 0;
  for (let i = 1; i < n; i++) {
    if (!(xs[i]! > xs[i - 1]!)) {
      throw new Error(`normalizedAuc requires strictly increasing x (x[${i}] = ${xs[i]} after ${xs[i - 1]})`);
    }
    area += ((xs[i]! - xs[i - 1]!) * (ys[i]! + ys[i - 1]!)) / 2;
  }
  return area / (xs[n - 1]! - xs[0]!);
}
