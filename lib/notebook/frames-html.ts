import type { DataFrame } from "danfojs";
import { escapeHtml } from "./bundles.js";

export interface FrameHtmlOptions {
  /** Rows shown; the rest are counted in a note under the table. Default 20. */
  maxRows?: number;
  /** Longest cell text shown (characters, then "…"). Default 80. */
  maxChars?: number;
}

/**
 * A DataFrame as an HTML table string for `tslab.display.html`: header, the first `maxRows` rows,
 * "… N more rows" below. Every cell is escaped; numbers are right-aligned and shown with up to 4
 * decimals; null, undefined and NaN show empty.
 *
 * Usage: frameHtml(new DataFrame([{ a: 1, b: "<x>" }])) // '<table ...><thead><tr><th>a</th><th>b</th>...<td>&lt;x&gt;</td>...'
 */
export function frameHtml(df: DataFrame, options: FrameHtmlOptions = {}): string {
  const maxRows = options.maxRows ?? 20;
  const maxChars = options.maxChars ?? 80;
  const columns = df.columns.map(String);
  const values = (df.values as unknown[][]).map((row) => (Array.isArray(row) ? row : [row]));
  const shown = values.slice(0, Math.max(0, maxRows));
  const cell = (v: unknown): string => {
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "<td></td>";
    if (typeof v === "number") return `<td style="text-align:right">${Number.isInteger(v) ? v : Number(v.toFixed(4))}</td>`;
    const s = String(v);
    return `<td>${escapeHtml(s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s)}</td>`;
  };
  const head = `<thead><tr>${columns.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join("")}</tr></thead>`;
  const body = `<tbody>${shown.map((row) => `<tr>${row.map(cell).join("")}</tr>`).join("")}</tbody>`;
  const more = values.length > shown.length ? `<p style="color:#666;font-size:90%">… ${values.length - shown.length} more rows (${values.length} in all)</p>` : "";
  return `<table style="border-collapse:collapse;font-size:90%">${head}${body}</table>${more}`;
}
