/**
 * The Store on SQLite (better-sqlite3). Every put of several rows runs in one transaction with
 * one prepared statement; every put is an upsert on the table's key, so writing a row twice
 * leaves one row holding the latest values. Lookups by many ids pass the ids as one JSON array
 * (`json_each`), so 10k ids are one statement, not 10k.
 */
import type Database from "better-sqlite3";
import type {
  AnswerRow, CallPurpose, CallStatus, CheckpointRow, EvaluationRow, ExampleRow, ExampleSource, GenerationRow,
  IterationRow, RunRow, RunStatus, ScoreRow, SelectionRow, SpendFilter, SpendSums, Store, TeacherCallRow, TrainingJobRow,
} from "./types.js";
import * as rows from "./rows.js";
import { answerSetOf, groupRows, mergeAnswerSets, mergeScoreSets, scoreSetOf } from "./packed-sets.js";
import { explainForeignKey, iterationRange, upsertSql, valuesOf, now, unique, type Upsert } from "./sql.js";
import type { Raw } from "./rows.js";
import type { RunConfig } from "../experiment/config.js";

const RUN_STATUSES: readonly RunStatus[] = ["pending", "running", "finished", "failed"];

export class SqliteStore implements Store {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database, readonly path: string) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The prepared statement for `sql`, prepared once. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs `sql` once per row in one transaction; a missing run becomes an error naming it. */
  private putMany(op: string, upsert: Upsert, raws: Raw[]): void {
    if (raws.length === 0) return;
    const s = this.stmt(upsert.sql);
    const n = upsert.columns.length;
    try {
      this.db.transaction(() => {
        const values = new Array<unknown>(n);
        for (const r of raws) {
          for (let i = 0; i < n; i++) values[i] = r[upsert.columns[i]!];
          s.run(values);
        }
      })();
    } catch (err) {
      throw this.explain(op, err, raws);
    }
  }

  private explain(op: string, err: unknown, raws: Raw[]): unknown {
    return explainForeignKey(op, err, raws, (id) => this.getRun(id) !== null, this.path);
  }


  // ---------------------------------------------------------------- runs

  upsertRun(run: { id: string; name: string; config: RunConfig | Record<string, unknown> }): RunRow {
    const t = now();
    const sql = upsertSql("runs", ["id", "name", "config", "status", "error", "created_at", "updated_at"], ["id"],
      ["status", "error", "created_at"]);
    this.putMany("upsertRun", sql, [
      { id: run.id, name: run.name, config: JSON.stringify(run.config ?? {}), status: "pending", error: null, created_at: t, updated_at: t },
    ]);
    return this.getRun(run.id)!;
  }

  getRun(id: string): RunRow | null {
    const r = this.stmt("SELECT * FROM runs WHERE id = ?").get(id) as Raw | undefined;
    return r ? rows.runFromRaw(r) : null;
  }

  listRuns(): RunRow[] {
    // creation order; runs created in the same millisecond keep their insertion order (rowid), not
    // their ids' alphabetical one, so figure lists do not depend on the machine's speed
    return (this.stmt("SELECT * FROM runs ORDER BY created_at, rowid").all() as Raw[]).map(rows.runFromRaw);
  }

  setRunStatus(id: string, status: RunStatus, error: string | null = null): void {
    if (!RUN_STATUSES.includes(status)) throw new Error(`setRunStatus: unknown status ${JSON.stringify(status)} for run ${JSON.stringify(id)}`);
    const info = this.stmt("UPDATE runs SET status = ?, error = ?, updated_at = ? WHERE id = ?").run(status, error, now(), id);
    if (info.changes === 0) throw new Error(`setRunStatus: run ${JSON.stringify(id)} is not in the store ${this.path}`);
  }

  // ---------------------------------------------------------------- examples

  /**
   * Upserts examples by id. Rows already stored with the same values are not written again, so the
   * runs of an experiment sharing a 100k-seed pool store it once (a lookup per id instead of a
   * write to the table and its four indexes).
   */
  putExamples(examples: ExampleRow[]): void {
    const cols = ["id", "task", "source", "question", "answer", "kind", "meta", "run_id", "iteration", "parent_id", "sample_index"];
    let raws = examples.map(rows.exampleToRaw);
    if (raws.length >= 1000) {
      const stored = new Map<string, Raw>();
      const sql = "SELECT * FROM examples WHERE id IN (SELECT value FROM json_each(?))";
      for (const r of this.stmt(sql).all(JSON.stringify(raws.map((r) => r.id))) as Raw[]) stored.set(r.id, r);
      if (stored.size > 0) raws = raws.filter((r) => { const old = stored.get(r.id); return !old || cols.some((c) => old[c] !== r[c]); });
    }
    this.putMany("putExamples", upsertSql("examples", cols, ["id"]), raws);
  }

  getExample(id: string): ExampleRow | null {
    const r = this.stmt("SELECT * FROM examples WHERE id = ?").get(id) as Raw | undefined;
    return r ? rows.exampleFromRaw(r) : null;
  }

  /**
   * Examples matching every given filter. With `ids`, rows come in the order of `ids` (missing ids
   * skipped, duplicates once); otherwise in insertion order.
   */
  getExamples(filter: { source?: ExampleSource; runId?: string; iteration?: number; ids?: string[]; task?: string }): ExampleRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      params.push(value);
    };
    if (filter.source !== undefined) add("e.source = ?", filter.source);
    if (filter.runId !== undefined) add("e.run_id = ?", filter.runId);
    if (filter.iteration !== undefined) add("e.iteration = ?", filter.iteration);
    if (filter.task !== undefined) add("e.task = ?", filter.task);
    const cond = where.length ? where.join(" AND ") : "1";
    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) return [];
      const sql = `SELECT e.* FROM json_each(?) j JOIN examples e ON e.id = j.value WHERE ${cond} ORDER BY j.key`;
      return (this.stmt(sql).all(JSON.stringify(unique(filter.ids)), ...params) as Raw[]).map(rows.exampleFromRaw);
    }
    return (this.stmt(`SELECT e.* FROM examples e WHERE ${cond} ORDER BY e.rowid`).all(...params) as Raw[]).map(rows.exampleFromRaw);
  }

  // ---------------------------------------------------------------- teacher calls

  getTeacherCall(key: string): TeacherCallRow | null {
    const r = this.stmt("SELECT * FROM teacher_calls WHERE key = ?").get(key) as Raw | undefined;
    return r ? rows.teacherCallFromRaw(r) : null;
  }

  putTeacherCall(row: TeacherCallRow): void {
    this.putTeacherCalls([row]);
  }

  putTeacherCalls(calls: TeacherCallRow[]): void {
    const cols = ["key", "run_id", "endpoint", "model", "request", "response", "prompt_tokens", "completion_tokens",
      "cost_usd", "latency_ms", "status", "error", "purpose", "iteration", "created_at"];
    const at = now();
    this.putMany("putTeacherCall", upsertSql("teacher_calls", cols, ["key"]), calls.map((c) => rows.teacherCallToRaw(c, at)));
  }

  /** Calls in the order they were first stored. */
  listTeacherCalls(filter: { runId?: string; status?: CallStatus }): TeacherCallRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId !== undefined) (where.push("run_id = ?"), params.push(filter.runId));
    if (filter.status !== undefined) (where.push("status = ?"), params.push(filter.status));
    const sql = `SELECT * FROM teacher_calls WHERE ${where.length ? where.join(" AND ") : "1"} ORDER BY rowid`;
    return (this.stmt(sql).all(...params) as Raw[]).map(rows.teacherCallFromRaw);
  }

  sumTeacherCalls(runId: string, purpose: CallPurpose, filter: SpendFilter = {}): SpendSums {
    const [cond, params] = iterationRange(filter);
    const r = this.stmt(`SELECT COUNT(*) AS n, TOTAL(prompt_tokens + completion_tokens) AS tokens, TOTAL(cost_usd) AS cost
      FROM teacher_calls WHERE run_id = ? AND purpose = ? AND status = 'ok'${cond}`).get(runId, purpose, ...params) as Raw;
    return { rows: r.n, ok: r.n, calls: r.n, tokens: r.tokens, costUsd: r.cost };
  }

  // ---------------------------------------------------------------- generations

  putGenerations(gens: GenerationRow[]): void {
    const cols = ["run_id", "iteration", "parent_id", "sample_index", "status", "reason", "example_id",
      "prompt_tokens", "completion_tokens", "cost_usd", "calls"];
    this.putMany("putGenerations", upsertSql("generations", cols, ["run_id", "iteration", "parent_id", "sample_index"]),
      gens.map(rows.generationToRaw));
  }

  /** Generations of a run (or one iteration), by iteration then in the order first stored. */
  getGenerations(runId: string, iteration?: number): GenerationRow[] {
    const raws = iteration === undefined
      ? this.stmt("SELECT * FROM generations WHERE run_id = ? ORDER BY iteration, rowid").all(runId)
      : this.stmt("SELECT * FROM generations WHERE run_id = ? AND iteration = ? ORDER BY rowid").all(runId, iteration);
    return (raws as Raw[]).map(rows.generationFromRaw);
  }

  sumGenerations(runId: string, filter: SpendFilter = {}): SpendSums {
    const [cond, params] = iterationRange(filter);
    const r = this.stmt(`SELECT COUNT(*) AS n, TOTAL(status = 'ok') AS ok, TOTAL(calls) AS calls,
      TOTAL(prompt_tokens + completion_tokens) AS tokens, TOTAL(cost_usd) AS cost
      FROM generations WHERE run_id = ?${cond}`).get(runId, ...params) as Raw;
    return { rows: r.n, ok: r.ok, calls: r.calls, tokens: r.tokens, costUsd: r.cost };
  }

  // ---------------------------------------------------------------- answers and scores

  /** Stores answers as one set per model (lib/store/packed-sets.ts); a later answer for an example replaces an earlier one. */
  putAnswers(answers: AnswerRow[]): void {
    if (answers.length === 0) return;
    const s = this.stmt("INSERT INTO answer_sets (model, example_ids, answers) VALUES (?, ?, ?)");
    const groups = groupRows(answers, (a) => a.model, (a, b) => a.model === b.model);
    if (groups.length === 1) s.run(answerSetOf(groups[0]!));
    else this.db.transaction(() => groups.forEach((g) => s.run(answerSetOf(g))))();
  }

  /**
   * The stored answers of `model` for those of `exampleIds` it has (all of them when omitted: the
   * loop's pool read, which then builds no set of the pool's ids), keyed by example id.
   */
  getAnswers(model: string, exampleIds?: readonly string[]): Map<string, string> {
    if (exampleIds?.length === 0) return new Map();
    const sets = this.stmt("SELECT * FROM answer_sets WHERE model = ? ORDER BY id").all(model) as Raw[];
    if (sets.length === 0) return new Map(); // a checkpoint the loop has just trained
    if (exampleIds === undefined) return mergeAnswerSets(sets);
    const wanted = new Set(exampleIds);
    return mergeAnswerSets(sets, (id) => wanted.has(id));
  }

  /** Stores scores as one set per (model, criterion); `value` NaN and ±Infinity read back as they were, `extra` as null when absent. */
  putScores(scores: ScoreRow[]): void {
    if (scores.length === 0) return;
    const s = this.stmt("INSERT INTO score_sets (model, criterion, example_ids, vals, extras, extra_keys, extra_vals) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const groups = groupRows(scores, (r) => r.model + "\u0000" + r.criterion, (a, b) => a.model === b.model && a.criterion === b.criterion);
    if (groups.length === 1) s.run(scoreSetOf(groups[0]!));
    else this.db.transaction(() => groups.forEach((g) => s.run(scoreSetOf(g))))();
  }

  /** The stored scores of (model, criterion) for those of `exampleIds` it has (all of them when omitted), keyed by example id. */
  getScores(model: string, criterion: string, exampleIds?: readonly string[]): Map<string, ScoreRow> {
    const out = new Map<string, ScoreRow>();
    if (exampleIds?.length === 0) return out;
    const sets = this.stmt("SELECT * FROM score_sets WHERE model = ? AND criterion = ? ORDER BY id").all(model, criterion) as Raw[];
    if (sets.length === 0) return out;
    const wanted = exampleIds === undefined ? null : new Set(exampleIds);
    for (const row of mergeScoreSets(sets, wanted ? (id) => wanted.has(id) : undefined).values()) out.set(row.exampleId, row);
    return out;
  }

  /** Scores matching the filter, each (model, criterion, example) once with its latest value, in first-write order. */
  listScores(filter: { model?: string; criterion?: string }): ScoreRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.model !== undefined) (where.push("model = ?"), params.push(filter.model));
    if (filter.criterion !== undefined) (where.push("criterion = ?"), params.push(filter.criterion));
    const sql = `SELECT * FROM score_sets WHERE ${where.length ? where.join(" AND ") : "1"} ORDER BY id`;
    return [...mergeScoreSets(this.stmt(sql).all(...params) as Raw[]).values()];
  }

  // ---------------------------------------------------------------- selections

  /**
   * Stores selections. The selection of each (run, iteration) present in `rows` is replaced as a
   * whole, so re-selecting fewer seeds leaves no stale ranks behind.
   */
  putSelection(selection: SelectionRow[]): void {
    if (selection.length === 0) return;
    const raws = selection.map(rows.selectionToRaw);
    const del = this.stmt("DELETE FROM selections WHERE run_id = ? AND iteration = ?");
    const upsert = upsertSql("selections", ["run_id", "iteration", "rank", "example_id", "score"], ["run_id", "iteration", "rank"]);
    const ins = this.stmt(upsert.sql);
    const groups = new Map<string, Raw>();
    for (const r of raws) groups.set(JSON.stringify([r.run_id, r.iteration]), r);
    try {
      this.db.transaction(() => {
        for (const r of groups.values()) del.run(r.run_id, r.iteration);
        for (const r of raws) ins.run(valuesOf(upsert, r));
      })();
    } catch (err) {
      throw this.explain("putSelection", err, raws);
    }
  }

  getSelection(runId: string, iteration: number): SelectionRow[] {
    const sql = "SELECT * FROM selections WHERE run_id = ? AND iteration = ? ORDER BY rank";
    return (this.stmt(sql).all(runId, iteration) as Raw[]).map(rows.selectionFromRaw);
  }

  listSelections(runId: string): SelectionRow[] {
    const sql = "SELECT * FROM selections WHERE run_id = ? ORDER BY iteration, rank";
    return (this.stmt(sql).all(runId) as Raw[]).map(rows.selectionFromRaw);
  }

  // ---------------------------------------------------------------- training

  putTrainingJob(job: TrainingJobRow): void {
    const cols = ["run_id", "iteration", "job_id", "base_model", "fine_tuned_model", "status", "training_examples", "config", "error", "updated_at"];
    this.putMany("putTrainingJob", upsertSql("training_jobs", cols, ["run_id", "iteration"]), [rows.trainingJobToRaw(job, now())]);
  }

  getTrainingJob(runId: string, iteration: number): TrainingJobRow | null {
    const r = this.stmt("SELECT * FROM training_jobs WHERE run_id = ? AND iteration = ?").get(runId, iteration) as Raw | undefined;
    return r ? rows.trainingJobFromRaw(r) : null;
  }

  listTrainingJobs(runId: string): TrainingJobRow[] {
    return (this.stmt("SELECT * FROM training_jobs WHERE run_id = ? ORDER BY iteration").all(runId) as Raw[]).map(rows.trainingJobFromRaw);
  }

  putCheckpoint(checkpoint: CheckpointRow): void {
    const sql = upsertSql("checkpoints", ["model", "base_model", "job_id", "config", "created_at"], ["model"], ["created_at"]);
    this.putMany("putCheckpoint", sql, [rows.checkpointToRaw(checkpoint, now())]);
  }

  getCheckpoint(model: string): CheckpointRow | null {
    const r = this.stmt("SELECT * FROM checkpoints WHERE model = ?").get(model) as Raw | undefined;
    return r ? rows.checkpointFromRaw(r) : null;
  }

  // ---------------------------------------------------------------- evaluation

  putEvaluations(evals: EvaluationRow[]): void {
    const cols = ["run_id", "iteration", "example_id", "model", "prediction", "correct"];
    this.putMany("putEvaluations", upsertSql("evaluations", cols, ["run_id", "iteration", "example_id"]), evals.map(rows.evaluationToRaw));
  }

  /** Evaluations of one iteration in the order first stored. */
  getEvaluations(runId: string, iteration: number): EvaluationRow[] {
    const sql = "SELECT * FROM evaluations WHERE run_id = ? AND iteration = ? ORDER BY rowid";
    return (this.stmt(sql).all(runId, iteration) as Raw[]).map(rows.evaluationFromRaw);
  }

  putIteration(row: IterationRow): void {
    const cols = ["run_id", "iteration", "samples", "teacher_tokens", "cost_usd", "model", "accuracy", "test_size", "created_at"];
    this.putMany("putIteration", upsertSql("iterations", cols, ["run_id", "iteration"]), [rows.iterationToRaw(row, now())]);
  }

  getIteration(runId: string, iteration: number): IterationRow | null {
    const r = this.stmt("SELECT * FROM iterations WHERE run_id = ? AND iteration = ?").get(runId, iteration) as Raw | undefined;
    return r ? rows.iterationFromRaw(r) : null;
  }

  /** Iterations of one run (or of all runs, by run id), in iteration order. */
  listIterations(runId?: string): IterationRow[] {
    const raws = runId === undefined
      ? this.stmt("SELECT * FROM iterations ORDER BY run_id, iteration").all()
      : this.stmt("SELECT * FROM iterations WHERE run_id = ? ORDER BY iteration").all(runId);
    return (raws as Raw[]).map(rows.iterationFromRaw);
  }

  // ---------------------------------------------------------------- meta

  getMeta(key: string): unknown | null {
    const r = this.stmt("SELECT value FROM meta WHERE key = ?").get(key) as Raw | undefined;
    return r ? rows.fromJson(r.value) : null;
  }

  /** Stores a JSON value (undefined is stored as null). */
  setMeta(key: string, value: unknown): void {
    this.putMany("setMeta", upsertSql("meta", ["key", "value"], ["key"]), [{ key, value: JSON.stringify(value ?? null) }]);
  }
}
