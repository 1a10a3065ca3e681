/**
 * Opens (creating if needed) the project's SQLite store.
 *
 *   const store = openStore(".activesynth/store.sqlite");
 */
import { mkdirSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { migrations, latestVersion } from "./migrations.js";
import { SqliteStore } from "./sqlite-store.js";
import type { Store } from "./types.js";

export interface OpenStoreOptions {
  /** How long a write waits for another process's lock before failing (ms). Default 10000. */
  busyTimeoutMs?: number;
  /** Open without writing: no migrations, no directory creation; the file must exist and be current. */
  readonly?: boolean;
}

/**
 * Opens the store at `path` (":memory:" for a throwaway in-memory store).
 * Creates a missing parent directory, switches the file to WAL with a busy timeout so that
 * several processes can share it, and applies the missing migrations in one transaction.
 * @throws when the file was written by a newer activesynth (its schema version is above
 * {@link latestVersion}), or when `readonly` and the file is missing or needs migrating.
 * @example
 * const store = openStore("out/demo.sqlite");
 * store.setMeta("hello", { n: 1 });
 * store.getMeta("hello") // { n: 1 }
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new Error(`openStore: busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  }
  const memory = path === ":memory:";
  const file = memory ? path : resolve(path);
  if (!memory) {
    if (options.readonly && !existsSync(file)) throw new Error(`${file}: store file does not exist`);
    if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  }
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!memory && !options.readonly) db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db, file, options.readonly ?? false);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db, file);
}

/** Applies the migrations above the file's `user_version`, all in one IMMEDIATE transaction. */
function migrate(db: Database.Database, file: string, readonly: boolean): void {
  const current = (): number => db.pragma("user_version", { simple: true }) as number;
  const tooNew = (v: number) =>
    new Error(
      `${file}: store schema version ${v} is newer than this activesynth knows (${latestVersion}); ` +
        `upgrade activesynth to open it`,
    );
  const before = current();
  if (before > latestVersion) throw tooNew(before);
  if (before === latestVersion) return;
  if (readonly) {
    throw new Error(`${file}: store schema version ${before} needs migrating to ${latestVersion}; open it once without readonly`);
  }
  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated meanwhile.
    const v = current();
    if (v > latestVersion) throw tooNew(v);
    for (const m of migrations) {
      if (m.version <= v) continue;
      db.exec(m.sql);
      m.data?.(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
