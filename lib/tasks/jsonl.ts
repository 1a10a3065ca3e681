/**
 * Line-numbered readers for the data files (JSONL, JSON arrays, plain text) and the field
 * checks that turn a malformed row into `file:line: "field" is missing` at once.
 */
import { existsSync, readFileSync } from "node:fs";

/** A malformed or missing data file or row; `file` and `line` say where (line is 1-based, 0 = whole file). */
export class DataError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string | null;
  constructor(file: string, line: number, message: string, field: string | null = null) {
    super(line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = "DataError";
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** One parsed row with where it came from. */
export interface Row {
  value: unknown;
  file: string;
  /** 1-based line where the row (its opening brace, for JSON arrays) starts. */
  line: number;
  /** 0-based position among the file's rows. */
  index: number;
}

/**
 * Reads a file as UTF-8, throwing a DataError that names the path and how to point at another
 * data directory when the file is missing.
 */
export function readDataText(file: string): string {
  if (!existsSync(file)) {
    throw new DataError(file, 0, "file not found (point at your copy with --data <dir>, the dataDir option or ACTIVESYNTH_DATA)");
  }
  return readFileSync(file, "utf8");
}

/**
 * Reads a JSON Lines file: one JSON value per non-blank line.
 * @throws DataError `file:line: invalid JSON (...)` for a line that does not parse.
 * Usage: readJsonLines("gsm8k/test.jsonl")[0].line // 1
 */
export function readJsonLines(file: string): Row[] {
  const lines = readDataText(file).split(/\r?\n/);
  const rows: Row[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new DataError(file, i + 1, `invalid JSON (${(err as Error).message})`);
    }
    rows.push({ value, file, line: i + 1, index: rows.length });
  });
  return rows;
}

/**
 * Reads a file holding one JSON array and reports each element with the line where it starts,
 * so that row errors still name `file:line`.
 * @throws DataError when the file is not valid JSON or not an array.
 */
export function readJsonArray(file: string): Row[] {
  const text = readDataText(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DataError(file, 0, `invalid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new DataError(file, 1, "expected a JSON array of rows");
  const starts = elementStartLines(text);
  return parsed.map((value, index) => ({ value, file, line: starts[index] ?? 0, index }));
}

/** Lines (1-based) where the elements of a top-level JSON array start. Assumes valid JSON. */
function elementStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (depth === 1 && expectElement && c !== "]") {
      starts.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 1) expectElement = true;
  }
  return starts;
}

/** Where a row came from, for messages: `file:line`. */
export function where(row: Row): string {
  return `${row.file}:${row.line}`;
}

function asObject(row: Row): Record<string, unknown> {
  if (typeof row.value !== "object" || row.value === null || Array.isArray(row.value)) {
    throw new DataError(row.file, row.line, "expected a JSON object");
  }
  return row.value as Record<string, unknown>;
}

/**
 * A required non-empty string field.
 * @throws DataError `file:line: "field" is missing` or `... "field" must be a non-empty string`.
 */
export function stringField(row: Row, field: string): string {
  const obj = asObject(row);
  if (!(field in obj) || obj[field] === null || obj[field] === undefined) {
    throw new DataError(row.file, row.line, `"${field}" is missing`, field);
  }
  const v = obj[field];
  if (typeof v !== "string" || v.trim() === "") {
    throw new DataError(row.file, row.line, `"${field}" must be a non-empty string (got ${JSON.stringify(v)})`, field);
  }
  return v;
}

/** An optional field read as a string (numbers are converted); undefined when absent. */
export function optionalStringField(row: Row, field: string): string | undefined {
  const v = asObject(row)[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string" || typeof v === "number") return String(v);
  throw new DataError(row.file, row.line, `"${field}" must be a string or number (got ${JSON.stringify(v)})`, field);
}

/**
 * A required non-empty array of strings. Blank items are an error, unless `dropBlank` is set, in
 * which case they are dropped (at least one item must remain).
 */
export function stringArrayField(row: Row, field: string, dropBlank = false): string[] {
  const obj = asObject(row);
  if (!(field in obj) || obj[field] === null || obj[field] === undefined) {
    throw new DataError(row.file, row.line, `"${field}" is missing`, field);
  }
  let v = obj[field];
  if (dropBlank && Array.isArray(v)) v = v.filter((s) => !(typeof s === "string" && s.trim() === ""));
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === "string" && s.trim() !== "")) {
    throw new DataError(row.file, row.line, `"${field}" must be a non-empty list of strings`, field);
  }
  return v as string[];
}

/** A required string field that must be one of `allowed`. */
export function enumField<T extends string>(row: Row, field: string, allowed: readonly T[]): T {
  const v = stringField(row, field).trim();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new DataError(row.file, row.line, `"${field}" must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`, field);
  }
  return v as T;
}
