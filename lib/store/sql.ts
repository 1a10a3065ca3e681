/** SQL helpers of the SQLite store: positional upserts, the spend filter's condition, small utilities. */
import type { SpendFilter } from "./types.js";
import type { Raw } from "./rows.js";

/** An upsert statement and the column order of its positional parameters. */
export interface Upsert {
  sql: string;
  columns: readonly string[];
}

/**
 * `INSERT ... ON CONFLICT(key) DO UPDATE` over positional parameters (binding by position is what
 * lets a batched put run near raw better-sqlite3 speed; see bench/store-write.ts); `keep` columns
 * keep their first value.
 */
export function upsertSql(table: string, columns: string[], key: string[], keep: string[] = []): Upsert {
  const updates = columns.filter((c) => !key.includes(c) && !keep.includes(c)).map((c) => `${c} = excluded.${c}`);
  const sql =
    `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ` +
    `ON CONFLICT (${key.join(", ")}) DO ` + (updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING");
  return { sql, columns };
}

/** A raw row's values in the upsert's column order. */
export const valuesOf = (upsert: Upsert, r: Raw): unknown[] => upsert.columns.map((c) => r[c]);

export const now = (): string => new Date().toISOString();
export const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** SQL condition (with its parameters) for a spend filter's iteration range. */
export function iterationRange(filter: SpendFilter): [string, number[]] {
  if (filter.iteration !== undefined) return [" AND iteration = ?", [filter.iteration]];
  if (filter.upToIteration !== undefined) return [" AND iteration <= ?", [filter.upToIteration]];
  return ["", []];
}

/** A foreign-key failure as an error that names the runs missing from the store; other errors as they are. */
export function explainForeignKey(op: string, err: unknown, raws: Raw[], hasRun: (id: string) => boolean, path: string): unknown {
  if ((err as { code?: string }).code !== "SQLITE_CONSTRAINT_FOREIGNKEY") return err;
  const runIds = unique(raws.map((r) => r.run_id).filter((id): id is string => typeof id === "string"));
  const missing = runIds.filter((id) => !hasRun(id));
  return new Error(
    `${op}: run ${missing.map((id) => JSON.stringify(id)).join(", ") || "(unknown)"} is not in the store ${path}; call upsertRun first`,
    { cause: err },
  );
}
