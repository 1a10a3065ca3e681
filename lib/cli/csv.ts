/**
 * One CSV field as RFC 4180 writes it: quoted (with inner quotes doubled) when it holds a comma, a
 * quote, a CR or an LF; null and undefined are empty; numbers as JavaScript writes them (full
 * precision).
 * @example csvField('loss, "run" 1') // '"loss, ""run"" 1"'
 * @example csvField(0.75) // "0.75"
 * @example csvField(null) // ""
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (RFC 4180): a header row, then the rows; every record ends with CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",") + "\r\n").join("");
}
