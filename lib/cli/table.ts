/** Renders rows as an aligned plain-text table (numbers right-aligned). */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  // numbers, and strings written as numbers ("66.7"), are right-aligned
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === "number" || r[i] === "-" || /^-?\d+(\.\d+)?%?$/.test(String(r[i]))));
  const render = (r: Array<string | number>) =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [render(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(render)].join("\n");
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(3);
}
