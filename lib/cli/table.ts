/**
 * Renders rows as an aligned plain-text table (numbers right-aligned). Number cells are written
 * with the same number of decimals down a column (the most any of them needs, at most 4), so `66`
 * and `66.3` print as `66.0` and `66.3`; a column of whole numbers stays whole. A non-zero number
 * that would round to zero at that precision is written with 3 significant digits instead of
 * `0.0000`. Numbers with a meaning of their own (accuracies, p-values) are best formatted by the
 * caller (see `./format.js`) and passed as strings.
 */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const decimals = header.map((_, i) => Math.max(0, ...rows.map((r) => (typeof r[i] === "number" ? decimalsOf(r[i] as number) : 0))));
  const cells = [header, ...rows.map((r) => r.map((c, i) => (typeof c === "number" ? formatNumber(c, decimals[i] ?? 0) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  // numbers, and strings written as numbers ("66.7", "< 0.001"), are right-aligned
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === "number" || r[i] === "-" || /^(< )?-?\d+(\.\d+)?%?$/.test(String(r[i]))));
  const render = (r: Array<string | number>) =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [render(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(render)].join("\n");
}

const MAX_DECIMALS = 4;

/** Decimals a number needs as JavaScript writes it, at most MAX_DECIMALS. */
function decimalsOf(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return 0;
  const text = String(n);
  if (/e/i.test(text)) return MAX_DECIMALS;
  return Math.min(MAX_DECIMALS, text.split(".")[1]?.length ?? 0);
}

function formatNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return String(n);
  const fixed = n.toFixed(decimals);
  // 0.00001 in a column of 4 decimals: say what it is rather than 0.0000
  if (n !== 0 && Number(fixed) === 0) return n.toPrecision(3);
  return fixed;
}
