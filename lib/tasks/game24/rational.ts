/**
 * Exact rationals with bigint numerator and denominator, always in lowest terms with a positive
 * denominator, so that equality is structural. Used by the Game of 24 grader and MATH equivalence.
 */

/** An exact rational number n/d (d > 0, gcd(|n|, d) = 1). */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * n/d in lowest terms.
 * @throws RangeError "division by zero" when d is 0.
 * @example rational(2n, -4n) // { n: -1n, d: 2n }
 */
export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
/** a / b; @throws RangeError "division by zero" when b is 0. */
export const div = (a: Rational, b: Rational): Rational => {
  if (b.n === 0n) throw new RangeError("division by zero");
  return rational(a.n * b.d, a.d * b.n);
};
export const equals = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;

/**
 * Parses an exact decimal or integer (`-12`, `0.5`, `.25`, `3.`) into a rational; null otherwise.
 * @example parseDecimal("0.125") // { n: 1n, d: 8n }
 */
export function parseDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = m[3] ?? "";
  const r = rational(BigInt((m[2] || "0") + frac), 10n ** BigInt(frac.length));
  return m[1] === "-" ? rational(-r.n, r.d) : r;
}

/** `n` or `n/d`. */
export function formatRational(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}
