/**
 * Merges stores: a sweep split over machines (each with its own SQLite file) comes back as one.
 * Every run is copied with everything it holds (iterations, selections, generations, evaluations,
 * training jobs, its synthetic examples and teacher calls); the shared parts (the pool's examples,
 * cached teacher calls, checkpoints, score and answer sets, meta) are copied once.
 *
 *   mergeStores(["a.sqlite", "b.sqlite"], "all.sqlite")
 */
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { openStore } from "./open-store.js";

/** Tables whose rows belong to one run (`run_id`), and the key that orders them. */
const RUN_TABLES: Readonly<Record<string, string>> = {
  iterations: "iteration",
  selections: "iteration, rank",
  generations: "iteration, parent_id, sample_index",
  evaluations: "iteration, example_id",
  training_jobs: "iteration",
};

/** Shared tables copied once: a row whose key is already there is kept as first written. */
const SHARED_TABLES = ["teacher_calls", "checkpoints", "meta"] as const;

/** What a merge did. */
export interface MergeReport {
  /** Runs copied, by input file. */
  copied: Record<string, string[]>;
  /** Runs found in more than one input, identical, copied once (from the first). */
  identical: string[];
}

/** A merge that cannot be done: two runs of one name that differ, a pool example that differs, an input of another version. */
export class MergeConflictError extends Error {
  override name = "MergeConflictError";
}

/**
 * Writes the runs of every input store into a new store at `out` (which must not exist), in input
 * order. A run name in two inputs is refused unless the two runs are identical (then it is copied
 * once); a pool example or checkpoint id with different contents in two inputs is refused too.
 * Score and answer sets keep their write order, input after input (a model scored in two inputs
 * reads the later one's values, as it would in one store written in that order).
 * @throws MergeConflictError naming the run (or example) and the two files; Error for a missing input
 * or an existing output.
 */
export function mergeStores(inputs: readonly string[], out: string): MergeReport {
  if (inputs.length < 2) throw new Error(`merge needs at least two stores, got ${inputs.length}`);
  if (existsSync(out)) throw new Error(`${out} exists; merge writes a new store (give another --out, or remove it)`);
  for (const file of inputs) {
    if (!existsSync(file)) throw new Error(`${file}: store file does not exist`);
    // an input of an older schema needs migrating first; one of a newer schema cannot be read
    openStore(file, { readonly: true }).close();
  }
  openStore(out).close();
  const db = new Database(out);
  const report: MergeReport = { copied: {}, identical: [] };
  const origin = new Map<string, string>();
  try {
    db.pragma("foreign_keys = ON");
    for (const file of inputs) {
      db.prepare("ATTACH DATABASE ? AS src").run(file);
      try {
        db.transaction(() => copyStore(db, file, origin, report)).immediate();
      } finally {
        db.prepare("DETACH DATABASE src").run();
      }
    }
  } catch (error) {
    db.close();
    // nothing half-merged is left behind
    for (const f of [out, `${out}-wal`, `${out}-shm`]) rmSync(f, { force: true });
    throw error;
  }
  db.close();
  return report;
}

const columnsOf = (db: Database.Database, table: string): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);

function copyStore(db: Database.Database, file: string, origin: Map<string, string>, report: MergeReport): void {
  const runs = (db.prepare("SELECT id FROM src.runs ORDER BY rowid").all() as { id: string }[]).map((r) => r.id);
  const skip: string[] = [];
  for (const run of runs) {
    const first = origin.get(run);
    if (first === undefined) continue;
    if (runDigest(db, "main", run) !== runDigest(db, "src", run)) {
      throw new MergeConflictError(`run "${run}" is in both ${first} and ${file}, and the two differ; rename one (run it again under another name) or leave one file out`);
    }
    skip.push(run);
    report.identical.push(run);
  }
  checkShared(db, file);
  const keep = runs.filter((r) => !skip.includes(r));
  db.exec("CREATE TEMP TABLE IF NOT EXISTS merge_runs (id TEXT PRIMARY KEY); DELETE FROM merge_runs;");
  const put = db.prepare("INSERT INTO merge_runs (id) VALUES (?)");
  for (const r of keep) put.run(r);
  const copy = (table: string, where: string, orIgnore = false) => {
    const cols = columnsOf(db, table).join(", ");
    db.exec(`INSERT ${orIgnore ? "OR IGNORE " : ""}INTO main.${table} (${cols}) SELECT ${cols} FROM src.${table} WHERE ${where} ORDER BY rowid`);
  };
  const ofKept = "run_id IN (SELECT id FROM merge_runs)";
  copy("runs", "id IN (SELECT id FROM merge_runs)");
  // the pool's examples are shared (the same ids in every store of one task and pool); a run's own once
  copy("examples", `run_id IS NULL OR ${ofKept}`, true);
  for (const table of Object.keys(RUN_TABLES)) copy(table, ofKept);
  // an identical run's calls are there already: the same keys
  for (const table of SHARED_TABLES) copy(table, "1", true);
  for (const table of ["score_sets", "answer_sets"]) {
    const cols = columnsOf(db, table).filter((c) => c !== "id").join(", ");
    db.exec(`INSERT INTO main.${table} (${cols}) SELECT ${cols} FROM src.${table} ORDER BY id`);
  }
  for (const r of keep) origin.set(r, file);
  report.copied[file] = keep;
}

/** Pool examples and checkpoints that both files hold must be the same. */
function checkShared(db: Database.Database, file: string): void {
  const cols = columnsOf(db, "examples").filter((c) => c !== "id");
  const differs = cols.map((c) => `m.${c} IS NOT s.${c}`).join(" OR ");
  const example = db.prepare(`SELECT s.id FROM src.examples s JOIN main.examples m ON m.id = s.id WHERE ${differs} LIMIT 1`).get() as { id: string } | undefined;
  if (example) throw new MergeConflictError(`example "${example.id}" differs between ${file} and the stores before it (a pool built from other data or task options under the same ids)`);
  const checkpoint = db.prepare("SELECT s.model FROM src.checkpoints s JOIN main.checkpoints m ON m.model = s.model WHERE m.base_model IS NOT s.base_model LIMIT 1").get() as { model: string } | undefined;
  if (checkpoint) throw new MergeConflictError(`checkpoint "${checkpoint.model}" has another base model in ${file} than in the stores before it`);
}

/** A hash of everything one run holds in a schema (`main` or `src`): its row and the rows of its tables. */
function runDigest(db: Database.Database, schema: string, run: string): string {
  const hash = createHash("sha256");
  const add = (sql: string) => {
    for (const row of db.prepare(sql).iterate(run)) hash.update(JSON.stringify(row)).update("\n");
  };
  add(`SELECT id, name, config, status, error FROM ${schema}.runs WHERE id = ?`);
  for (const [table, order] of Object.entries(RUN_TABLES)) add(`SELECT * FROM ${schema}.${table} WHERE run_id = ? ORDER BY ${order}`);
  add(`SELECT * FROM ${schema}.examples WHERE run_id = ? ORDER BY id`);
  return hash.digest("hex");
}
