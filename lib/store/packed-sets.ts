/**
 * Scores and student answers are stored as sets: one row per write of a (model, criterion) or a
 * model, holding the example ids as a JSON array, the values as packed float64 (NaN and
 * ±Infinity kept) and the answers or extras as JSON arrays. A checkpoint scoring a 100k-seed pool
 * writes one row, not 100k (bench/store-write.ts: a per-row table cost 0.3-0.5 s per 100k rows,
 * the set a few tens of ms). Reading merges a key's sets in write order: a later value for an
 * example replaces an earlier one, and the example keeps its place of first write, as the
 * per-row upsert did.
 */
import { endianness } from "node:os";
import type { AnswerRow, ScoreRow } from "./types.js";
import type { Raw } from "./rows.js";
import { groupBy } from "../util/group-by.js";

const bigEndian = endianness() === "BE";

/** float64 values as a little-endian BLOB. */
export function packValues(values: Float64Array): Buffer {
  const buf = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return bigEndian ? Buffer.from(buf).swap64() : buf;
}

/** The BLOB back as float64 values (copied: a SQLite Buffer need not be 8-byte aligned). */
export function unpackValues(blob: Buffer, n: number, where: string): Float64Array {
  if (blob.byteLength !== 8 * n) throw new Error(`${where}: ${blob.byteLength} value bytes for ${n} ids (want ${8 * n}); the store is damaged`);
  const out = new Float64Array(n);
  const bytes = new Uint8Array(out.buffer);
  bytes.set(blob);
  if (bigEndian) Buffer.from(out.buffer).swap64();
  return out;
}

/** Rows grouped by key, each group's rows in their order (one set per group); `same(a, b)` is true when two rows share a key (checked first: the usual put is one group). */
export function groupRows<R>(rows: readonly R[], key: (r: R) => string, same: (a: R, b: R) => boolean): R[][] {
  const head = rows[0];
  if (head === undefined) return [];
  if (rows.every((r) => same(head, r))) return [rows as R[]];
  return [...groupBy(rows, key).values()];
}

/**
 * A score set's columns (model, criterion, example_ids, vals, extras, extra_keys, extra_vals) from
 * rows of one (model, criterion). Extras that are all flat objects with the same keys holding
 * finite numbers (a student's meanNll, sumNll, tokens, meanEntropy) are kept as columns of float64
 * (`extra_keys`, `extra_vals`, row after row); any other extras as one JSON array.
 */
export function scoreSetOf(rows: readonly ScoreRow[]): unknown[] {
  const first = rows[0]!;
  const vals = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) vals[i] = rows[i]!.value;
  const ids = JSON.stringify(rows.map((r) => r.exampleId));
  const columns = numericColumns(rows);
  if (columns) return [first.model, first.criterion, ids, packValues(vals), null, JSON.stringify(columns.keys), packValues(columns.values)];
  const extras = rows.some((r) => r.extra != null) ? JSON.stringify(rows.map((r) => r.extra ?? null)) : null;
  return [first.model, first.criterion, ids, packValues(vals), extras, null, null];
}

/** The rows' extras as float64 columns, or null when they are not all flat objects of the same finite-number keys. */
function numericColumns(rows: readonly ScoreRow[]): { keys: string[]; values: Float64Array } | null {
  const head = rows[0]!.extra;
  if (head == null || typeof head !== "object" || Array.isArray(head)) return null;
  const keys = Object.keys(head);
  const k = keys.length;
  if (k === 0) return null;
  const values = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    const e = rows[i]!.extra as Record<string, unknown> | null | undefined;
    if (e == null || typeof e !== "object") return null;
    let n = 0;
    for (const key in e) {
      const v = e[key];
      if (key !== keys[n] || typeof v !== "number" || !Number.isFinite(v)) return null;
      values[i * k + n++] = v;
    }
    if (n !== k) return null;
  }
  return { keys, values };
}

/** Row i's extra from a set's columns. */
function extraAt(keys: string[], values: Float64Array, i: number): Record<string, number> {
  const out: Record<string, number> = {};
  const base = i * keys.length;
  for (let k = 0; k < keys.length; k++) out[keys[k]!] = values[base + k]!;
  return out;
}

/** An answer set's columns (model, example_ids, answers) from rows of one model. */
export function answerSetOf(rows: readonly AnswerRow[]): unknown[] {
  return [rows[0]!.model, JSON.stringify(rows.map((r) => r.exampleId)), JSON.stringify(rows.map((r) => r.answer))];
}

/**
 * Merges stored score sets (in write order) into rows keyed by model, criterion and example id.
 * `keep` filters by example id before anything is built for it.
 */
export function mergeScoreSets(sets: Raw[], keep?: (exampleId: string) => boolean): Map<string, ScoreRow> {
  const out = new Map<string, ScoreRow>();
  for (const s of sets) {
    const ids = JSON.parse(s.example_ids) as string[];
    const vals = unpackValues(s.vals as Buffer, ids.length, `score set ${s.id}`);
    const extras = s.extras === null ? null : (JSON.parse(s.extras) as Array<Record<string, unknown> | null>);
    const keys = s.extra_keys === null ? null : (JSON.parse(s.extra_keys) as string[]);
    const columns = keys === null ? null : unpackValues(s.extra_vals as Buffer, ids.length * keys.length, `score set ${s.id} extras`);
    for (let i = 0; i < ids.length; i++) {
      const exampleId = ids[i]!;
      if (keep && !keep(exampleId)) continue;
      const extra = columns ? extraAt(keys!, columns, i) : (extras?.[i] ?? null);
      const row: ScoreRow = { exampleId, model: s.model, criterion: s.criterion, value: vals[i]!, extra };
      const key = s.model + "\u0000" + s.criterion + "\u0000" + exampleId;
      out.set(key, row); // a Map keeps a key at its first place: a later write's value, at the first write's place
    }
  }
  return out;
}

/** Merges one model's answer sets (in write order) into answers by example id. */
export function mergeAnswerSets(sets: Raw[], keep?: (exampleId: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sets) {
    const ids = JSON.parse(s.example_ids) as string[];
    const answers = JSON.parse(s.answers) as string[];
    if (answers.length !== ids.length) throw new Error(`answer set ${s.id}: ${answers.length} answers for ${ids.length} ids; the store is damaged`);
    for (let i = 0; i < ids.length; i++) if (!keep || keep(ids[i]!)) out.set(ids[i]!, answers[i]!);
  }
  return out;
}
