/**
 * What the viewer reads from a store, page by page: every list is a LIMIT/OFFSET (or keyset) query
 * over an index, and nothing reads a whole table into memory except one (model, criterion)'s
 * scores for the pool histogram (one float64 column, the figure is binned here). The file is
 * opened read-only (a running experiment may write to it at the same time: WAL readers do not
 * block it), through `openCliStore` so that a file that is not a store is refused with one line.
 *
 * Scores and answers are stored as sets (lib/store/packed-sets.ts: one row per write, ids as a JSON
 * array). One example's values are found without parsing every set: `instr` picks the sets whose
 * id list holds the example's JSON-quoted id, and only those are parsed.
 */
import Database from "better-sqlite3";
import { basename, resolve } from "node:path";
import type { ExampleRow, GenerationRow, IterationRow, RunRow, Store, TeacherCallRow } from "../store/types.js";
import { exampleFromRaw, generationFromRaw, iterationFromRaw, runFromRaw, teacherCallFromRaw, type Raw } from "../store/rows.js";
import { unpackValues } from "../store/packed-sets.js";
import { openCliStore } from "../cli/open-store.js";
import { runStatus, type RunStatusEntry } from "../results/status.js";
import type { SortKey } from "./routes.js";

/** One selected seed of an iteration, with what the teacher made of it. */
export interface SelectedSeed {
  rank: number;
  score: number | null;
  example: ExampleRow | null;
  exampleId: string;
  /** Generation attempts from this seed in this iteration, and the successful ones. */
  generations: number;
  ok: number;
}

/** A question found by search. */
export interface SearchHit {
  rowid: number;
  example: ExampleRow;
}

/** The stored answers and scores of some examples under some checkpoints, keyed `model \0 exampleId`. */
export interface StudentView {
  answers: Map<string, string>;
  /** criterion -> value */
  scores: Map<string, Map<string, number>>;
}

export const viewKey = (model: string, exampleId: string): string => `${model}\u0000${exampleId}`;

const SORT_SQL: Record<SortKey, string> = {
  rank: "s.rank",
  score: "s.score",
  kind: "e.kind",
  id: "s.example_id",
  children: "g.ok",
};

/** Below this many ids, each id's sets are found with `instr`; above, the models' sets are read whole. */
const FEW_IDS = 12;

export class ViewData {
  readonly path: string;
  readonly name: string;
  private readonly db: Database.Database;
  private readonly store: Store;
  private readonly statements = new Map<string, Database.Statement>();

  /** Opens `path` read-only. @throws UsageError when it is not a store (or needs migrating). */
  constructor(path: string) {
    this.path = resolve(path);
    this.name = basename(path);
    this.store = openCliStore(path, { readonly: true });
    this.db = new Database(this.path, { readonly: true, fileMustExist: true, timeout: 10_000 });
    this.db.pragma("busy_timeout = 10000");
  }

  close(): void {
    this.store.close();
    if (this.db.open) this.db.close();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  // ------------------------------------------------------------------ runs

  /** Runs whose id, name, status or config contains `filter` (any case), a page of them in creation order, with their status. */
  runs(filter: string, offset: number, limit: number): { total: number; items: RunStatusEntry[] } {
    const where = "(@q = '' OR instr(lower(id || ' ' || name || ' ' || status || ' ' || config), lower(@q)) > 0)";
    const total = (this.stmt(`SELECT COUNT(*) AS n FROM runs WHERE ${where}`).get({ q: filter }) as Raw).n as number;
    const raws = this.stmt(`SELECT * FROM runs WHERE ${where} ORDER BY created_at, rowid LIMIT @limit OFFSET @offset`).all({ q: filter, limit, offset }) as Raw[];
    return { total, items: raws.map((r) => runStatus(this.store, runFromRaw(r))) };
  }

  run(id: string): RunRow | null {
    const r = this.stmt("SELECT * FROM runs WHERE id = ?").get(id) as Raw | undefined;
    return r ? runFromRaw(r) : null;
  }

  status(run: RunRow): RunStatusEntry {
    return runStatus(this.store, run);
  }

  iterations(runId: string): IterationRow[] {
    return (this.stmt("SELECT * FROM iterations WHERE run_id = ? ORDER BY iteration").all(runId) as Raw[]).map(iterationFromRaw);
  }

  iteration(runId: string, iteration: number): IterationRow | null {
    const r = this.stmt("SELECT * FROM iterations WHERE run_id = ? AND iteration = ?").get(runId, iteration) as Raw | undefined;
    return r ? iterationFromRaw(r) : null;
  }

  /** How many seeds of each kind each iteration selected. */
  selectedByKind(runId: string): Array<{ iteration: number; kind: string; count: number }> {
    const sql = `SELECT s.iteration AS iteration, COALESCE(e.kind, '(none)') AS kind, COUNT(*) AS n FROM selections s
      LEFT JOIN examples e ON e.id = s.example_id WHERE s.run_id = ? GROUP BY s.iteration, kind ORDER BY s.iteration, kind`;
    return (this.stmt(sql).all(runId) as Raw[]).map((r) => ({ iteration: r.iteration, kind: r.kind, count: r.n }));
  }

  /** Per iteration: generation attempts, successful ones, teacher tokens and cost of the generations. */
  generationsByIteration(runId: string): Map<number, { attempts: number; ok: number; tokens: number; costUsd: number }> {
    const sql = `SELECT iteration, COUNT(*) AS n, TOTAL(status = 'ok') AS ok, TOTAL(prompt_tokens + completion_tokens) AS tokens, TOTAL(cost_usd) AS cost
      FROM generations WHERE run_id = ? GROUP BY iteration`;
    return new Map((this.stmt(sql).all(runId) as Raw[]).map((r) => [r.iteration as number, { attempts: r.n, ok: r.ok, tokens: r.tokens, costUsd: r.cost }]));
  }

  // ------------------------------------------------------------------ an iteration

  selectionCount(runId: string, iteration: number): number {
    return (this.stmt("SELECT COUNT(*) AS n FROM selections WHERE run_id = ? AND iteration = ?").get(runId, iteration) as Raw).n as number;
  }

  /** The scores of every seed the iteration selected (for the histogram's overlay). */
  selectedScores(runId: string, iteration: number): number[] {
    const rows = this.stmt("SELECT score FROM selections WHERE run_id = ? AND iteration = ? AND score IS NOT NULL").all(runId, iteration) as Raw[];
    return rows.map((r) => r.score as number);
  }

  /** A page of the iteration's selected seeds, sorted by `sort` (then rank). */
  selectionPage(runId: string, iteration: number, sort: SortKey, dir: "asc" | "desc", offset: number, limit: number): SelectedSeed[] {
    const order = `${SORT_SQL[sort]} IS NULL, ${SORT_SQL[sort]} ${dir === "desc" ? "DESC" : "ASC"}, s.rank`;
    const sql = `SELECT s.rank AS s_rank, s.example_id AS s_example_id, s.score AS s_score, g.n AS g_n, g.ok AS g_ok, e.*
      FROM selections s
      LEFT JOIN examples e ON e.id = s.example_id
      LEFT JOIN (SELECT parent_id, COUNT(*) AS n, TOTAL(status = 'ok') AS ok FROM generations WHERE run_id = @run AND iteration = @t GROUP BY parent_id) g
        ON g.parent_id = s.example_id
      WHERE s.run_id = @run AND s.iteration = @t ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    return (this.stmt(sql).all({ run: runId, t: iteration, limit, offset }) as Raw[]).map((r) => ({
      rank: r.s_rank, score: r.s_score, exampleId: r.s_example_id,
      example: r.id === null ? null : exampleFromRaw(r),
      generations: r.g_n ?? 0, ok: r.g_ok ?? 0,
    }));
  }

  /**
   * The scores a checkpoint gave the seed pool under a criterion (the synthetic samples it also
   * scored left out: their ids start with `<run>/t<iteration>/`); a later write of an example wins.
   */
  poolScores(model: string, criterion: string): number[] {
    const runIds = (this.stmt("SELECT id FROM runs").all() as Raw[]).map((r) => `${r.id}/t`);
    const byId = new Map<string, number>();
    for (const s of this.stmt("SELECT id, example_ids, vals FROM score_sets WHERE model = ? AND criterion = ? ORDER BY id").iterate(model, criterion) as Iterable<Raw>) {
      const ids = JSON.parse(s.example_ids) as string[];
      const vals = unpackValues(s.vals as Buffer, ids.length, `score set ${s.id}`);
      for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, vals[i]!);
    }
    const out: number[] = [];
    for (const [id, v] of byId) if (!runIds.some((prefix) => id.startsWith(prefix))) out.push(v);
    return out;
  }

  /** Whether any score set of (model, criterion) exists. */
  hasScores(model: string, criterion: string): boolean {
    return this.stmt("SELECT 1 FROM score_sets WHERE model = ? AND criterion = ? LIMIT 1").get(model, criterion) !== undefined;
  }

  // ------------------------------------------------------------------ examples

  example(id: string): ExampleRow | null {
    const r = this.stmt("SELECT * FROM examples WHERE id = ?").get(id) as Raw | undefined;
    return r ? exampleFromRaw(r) : null;
  }

  examples(ids: readonly string[]): Map<string, ExampleRow> {
    if (ids.length === 0) return new Map();
    const rows = this.stmt("SELECT e.* FROM json_each(?) j JOIN examples e ON e.id = j.value").all(JSON.stringify([...new Set(ids)])) as Raw[];
    return new Map(rows.map((r) => [r.id as string, exampleFromRaw(r)]));
  }

  /** The synthetic samples a run's teacher wrote from `parentId`, by iteration and sample index. */
  children(parentId: string, runId: string): ExampleRow[] {
    const sql = "SELECT * FROM examples WHERE parent_id = ? AND run_id = ? ORDER BY iteration, sample_index, id";
    return (this.stmt(sql).all(parentId, runId) as Raw[]).map(exampleFromRaw);
  }

  /** A run's generation attempts from `parentId` (ok and failed), by iteration and sample index. */
  generationsFrom(runId: string, parentId: string): GenerationRow[] {
    const sql = "SELECT * FROM generations WHERE run_id = ? AND parent_id = ? ORDER BY iteration, sample_index";
    return (this.stmt(sql).all(runId, parentId) as Raw[]).map(generationFromRaw);
  }

  /** The runs and iterations that selected an example. */
  selectionsOf(exampleId: string): Array<{ runId: string; iteration: number; rank: number; score: number | null }> {
    const sql = "SELECT run_id, iteration, rank, score FROM selections WHERE example_id = ? ORDER BY run_id, iteration LIMIT 500";
    return (this.stmt(sql).all(exampleId) as Raw[]).map((r) => ({ runId: r.run_id, iteration: r.iteration, rank: r.rank, score: r.score }));
  }

  /** Teacher calls by key, in the order of `keys`. */
  teacherCalls(keys: readonly string[]): TeacherCallRow[] {
    if (keys.length === 0) return [];
    const sql = "SELECT t.* FROM json_each(?) j JOIN teacher_calls t ON t.key = j.value ORDER BY j.key";
    return (this.stmt(sql).all(JSON.stringify(keys)) as Raw[]).map(teacherCallFromRaw);
  }

  /**
   * The stored answers and scores of `ids` under each of `models`. Few ids: only the sets whose
   * id list holds one of them are read (`instr` over the JSON text, in SQLite); many: the models'
   * sets are read and filtered.
   */
  studentView(models: readonly string[], ids: readonly string[]): StudentView {
    const out: StudentView = { answers: new Map(), scores: new Map() };
    if (models.length === 0 || ids.length === 0) return out;
    const wanted = new Set(ids);
    const modelsJson = JSON.stringify([...new Set(models)]);
    const sets = (table: "answer_sets" | "score_sets", columns: string): Raw[] => {
      const base = `SELECT ${columns} FROM ${table} WHERE model IN (SELECT value FROM json_each(@models))`;
      if (ids.length > FEW_IDS) return this.stmt(`${base} ORDER BY id`).all({ models: modelsJson }) as Raw[];
      const byId = new Map<number, Raw>();
      for (const id of wanted) {
        for (const r of this.stmt(`${base} AND instr(example_ids, @needle) > 0`).all({ models: modelsJson, needle: JSON.stringify(id) }) as Raw[]) byId.set(r.id, r);
      }
      return [...byId.values()].sort((a, b) => a.id - b.id);
    };
    for (const s of sets("answer_sets", "id, model, example_ids, answers")) {
      const setIds = JSON.parse(s.example_ids) as string[];
      let answers: string[] | null = null;
      for (let i = 0; i < setIds.length; i++) {
        if (!wanted.has(setIds[i]!)) continue;
        answers ??= JSON.parse(s.answers) as string[];
        out.answers.set(viewKey(s.model, setIds[i]!), answers[i]!);
      }
    }
    for (const s of sets("score_sets", "id, model, criterion, example_ids, vals")) {
      const setIds = JSON.parse(s.example_ids) as string[];
      let vals: Float64Array | null = null;
      for (let i = 0; i < setIds.length; i++) {
        if (!wanted.has(setIds[i]!)) continue;
        vals ??= unpackValues(s.vals as Buffer, setIds.length, `score set ${s.id}`);
        const key = viewKey(s.model, setIds[i]!);
        let m = out.scores.get(key);
        if (!m) out.scores.set(key, (m = new Map()));
        m.set(s.criterion, vals[i]!);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ search

  /** Examples whose question contains `q` (ASCII letters in any case), after `after` (a rowid) in store order. */
  search(q: string, after: number, limit: number): SearchHit[] {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const sql = "SELECT rowid AS _rowid, * FROM examples WHERE rowid > ? AND question LIKE ? ESCAPE '\\' ORDER BY rowid LIMIT ?";
    return (this.stmt(sql).all(after, pattern, limit) as Raw[]).map((r) => ({ rowid: r._rowid, example: exampleFromRaw(r) }));
  }
}
