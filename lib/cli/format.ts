// How the command line writes numbers: one rule per kind of number, used by every table and line.

/**
 * An accuracy (a fraction in 0..1) as a percentage with one decimal, always: `66.0`, never `66`
 * next to `66.300`. `-` for none.
 * @example formatAccuracy(0.663) // "66.3"
 * @example formatAccuracy(0.66) // "66.0"
 * @example formatAccuracy(null) // "-"
 */
export function formatAccuracy(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "-";
  return (100 * fraction).toFixed(1);
}

/**
 * A p-value: three significant digits, `< 0.001` below 0.001 (never `0.000`), `-` when there is
 * none (NaN, as for a constant input).
 * @example formatPValue(0.0885870) // "0.0886"
 * @example formatPValue(0.00004) // "< 0.001"
 * @example formatPValue(0.5) // "0.500"
 * @example formatPValue(1) // "1.00"
 */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "-";
  if (p < 0.001) return "< 0.001";
  return p.toPrecision(3);
}
