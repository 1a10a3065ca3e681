/**
 * The store's schema as numbered migrations. A file records the last one applied in
 * `PRAGMA user_version`; `openStore` applies the missing ones in one transaction.
 * Never edit a published migration: append a new one.
 */

import type Database from "better-sqlite3";
import { answerSetOf, scoreSetOf } from "./packed-sets.js";
import type { AnswerRow, ScoreRow } from "./types.js";
import type { Raw } from "./rows.js";

/** One schema step: `sql` takes a file from `version - 1` to `version`; `data`, when given, then moves rows. */
export interface Migration {
  version: number;
  sql: string;
  data?: (db: Database.Database) => void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  config      TEXT NOT NULL,            -- JSON
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'running', 'finished', 'failed')),
  error       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE examples (
  id            TEXT PRIMARY KEY,
  task          TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('seed', 'test', 'synthetic', 'base')),
  question      TEXT NOT NULL,
  answer        TEXT NOT NULL,
  kind          TEXT,
  meta          TEXT,                   -- JSON
  run_id        TEXT REFERENCES runs(id),
  iteration     INTEGER,
  parent_id     TEXT,
  sample_index  INTEGER
);
CREATE INDEX examples_source ON examples(source, task);
CREATE INDEX examples_task ON examples(task);
CREATE INDEX examples_run ON examples(run_id, iteration);
CREATE INDEX examples_parent ON examples(parent_id);

CREATE TABLE teacher_calls (
  key                TEXT PRIMARY KEY,
  run_id             TEXT REFERENCES runs(id),
  endpoint           TEXT NOT NULL,
  model              TEXT NOT NULL,
  request            TEXT NOT NULL,     -- JSON
  response           TEXT,              -- JSON
  prompt_tokens      INTEGER NOT NULL DEFAULT 0,
  completion_tokens  INTEGER NOT NULL DEFAULT 0,
  cost_usd           REAL NOT NULL DEFAULT 0,
  latency_ms         REAL NOT NULL DEFAULT 0,
  status             TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error              TEXT,
  created_at         TEXT NOT NULL
);
CREATE INDEX teacher_calls_run ON teacher_calls(run_id, status);
CREATE INDEX teacher_calls_status ON teacher_calls(status);

CREATE TABLE generations (
  run_id             TEXT NOT NULL REFERENCES runs(id),
  iteration          INTEGER NOT NULL,
  parent_id          TEXT NOT NULL,
  sample_index       INTEGER NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  reason             TEXT,
  example_id         TEXT,
  prompt_tokens      INTEGER NOT NULL DEFAULT 0,
  completion_tokens  INTEGER NOT NULL DEFAULT 0,
  cost_usd           REAL NOT NULL DEFAULT 0,
  calls              INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, iteration, parent_id, sample_index)
);

CREATE TABLE student_answers (
  model       TEXT NOT NULL,
  example_id  TEXT NOT NULL,
  answer      TEXT NOT NULL,
  PRIMARY KEY (model, example_id)
);

-- Key columns ordered (model, criterion, example_id) so that getScores is an index range.
CREATE TABLE scores (
  model       TEXT NOT NULL,
  criterion   TEXT NOT NULL,
  example_id  TEXT NOT NULL,
  value       REAL,                     -- NULL stands for NaN (SQLite has no NaN)
  extra       TEXT,                     -- JSON
  PRIMARY KEY (model, criterion, example_id)
);
CREATE INDEX scores_criterion ON scores(criterion);

CREATE TABLE selections (
  run_id      TEXT NOT NULL REFERENCES runs(id),
  iteration   INTEGER NOT NULL,
  rank        INTEGER NOT NULL,
  example_id  TEXT NOT NULL,
  score       REAL,
  PRIMARY KEY (run_id, iteration, rank)
);

CREATE TABLE training_jobs (
  run_id             TEXT NOT NULL REFERENCES runs(id),
  iteration          INTEGER NOT NULL,
  job_id             TEXT,
  base_model         TEXT NOT NULL,
  fine_tuned_model   TEXT,
  status             TEXT NOT NULL
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  training_examples  INTEGER NOT NULL,
  config             TEXT NOT NULL,     -- JSON
  error              TEXT,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (run_id, iteration)
);

CREATE TABLE checkpoints (
  model       TEXT PRIMARY KEY,
  base_model  TEXT NOT NULL,
  job_id      TEXT,
  config      TEXT NOT NULL,            -- JSON
  created_at  TEXT NOT NULL
);

CREATE TABLE evaluations (
  run_id      TEXT NOT NULL REFERENCES runs(id),
  iteration   INTEGER NOT NULL,
  example_id  TEXT NOT NULL,
  model       TEXT NOT NULL,
  prediction  TEXT NOT NULL,
  correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
  PRIMARY KEY (run_id, iteration, example_id)
);

CREATE TABLE iterations (
  run_id          TEXT NOT NULL REFERENCES runs(id),
  iteration       INTEGER NOT NULL,
  samples         INTEGER NOT NULL,
  teacher_tokens  INTEGER NOT NULL,
  cost_usd        REAL NOT NULL,
  model           TEXT NOT NULL,
  accuracy        REAL NOT NULL,
  test_size       INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (run_id, iteration)
);

CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL                  -- JSON
);
`,
  },
  {
    // Teacher calls say what they were for and in which iteration, so that what a run spent is a
    // sum over an index (spentByRun) instead of a JSON parse of every stored request. Older rows
    // are filled in from their request: judge calls by template version and nonce
    // ("judge:<run>/t<iteration>"), the rest as generation calls of an unknown iteration.
    version: 2,
    sql: `
ALTER TABLE teacher_calls ADD COLUMN purpose TEXT;
ALTER TABLE teacher_calls ADD COLUMN iteration INTEGER;
UPDATE teacher_calls SET
  purpose = CASE WHEN json_extract(request, '$.templateVersion') LIKE 'judge/%' THEN 'judge' ELSE 'generate' END,
  iteration = CASE WHEN json_extract(request, '$.nonce') LIKE 'judge:' || run_id || '/t%'
    THEN CAST(substr(json_extract(request, '$.nonce'), length('judge:' || run_id || '/t') + 1) AS INTEGER) END;
CREATE INDEX teacher_calls_spend ON teacher_calls(run_id, purpose, iteration) WHERE status = 'ok';
`,
  },
  {
    // Scores and answers as sets (lib/store/packed-sets.ts): one row per write instead of one per
    // example, so that scoring a 100k-seed pool is one insert. Old rows move into one set per
    // (model, criterion) or model, in their write (rowid) order. Partial example indexes.
    version: 3,
    sql: `
CREATE TABLE score_sets (
  id           INTEGER PRIMARY KEY,     -- write order: a later set's value for an example wins
  model        TEXT NOT NULL,
  criterion    TEXT NOT NULL,
  example_ids  TEXT NOT NULL,           -- JSON array of n ids
  vals         BLOB NOT NULL,           -- n float64, little-endian (NaN and Infinity kept)
  extras       TEXT,                    -- JSON array of n objects or nulls; NULL when all are null or in columns
  extra_keys   TEXT,                    -- JSON array of k keys when every extra is {key: finite number} with these keys
  extra_vals   BLOB                     -- then n x k float64, row after row
);
CREATE INDEX score_sets_key ON score_sets(model, criterion);
CREATE INDEX score_sets_criterion ON score_sets(criterion);

CREATE TABLE answer_sets (
  id           INTEGER PRIMARY KEY,
  model        TEXT NOT NULL,
  example_ids  TEXT NOT NULL,           -- JSON array of n ids
  answers      TEXT NOT NULL            -- JSON array of n answers
);
CREATE INDEX answer_sets_model ON answer_sets(model);

-- The pool's seeds and test examples have no run or parent: index only the rows that do (a 100k
-- pool writes in half the time); a task alone is not a filter the loop uses.
DROP INDEX examples_task;
DROP INDEX examples_run;
DROP INDEX examples_parent;
CREATE INDEX examples_run ON examples(run_id, iteration) WHERE run_id IS NOT NULL;
CREATE INDEX examples_parent ON examples(parent_id) WHERE parent_id IS NOT NULL;
`,
    data: (db) => {
      // rows in write order, a set per run of rows with the same key (at most 50,000 rows), so a
      // large store moves in bounded memory; merging the sets in order reads back what the rows held
      const putScores = db.prepare("INSERT INTO score_sets (model, criterion, example_ids, vals, extras, extra_keys, extra_vals) VALUES (?, ?, ?, ?, ?, ?, ?)");
      const scores = pages(db, "scores");
      inRuns(scores, (r) => r.model + "\u0000" + r.criterion, (run) => putScores.run(scoreSetOf(run.map((r): ScoreRow => ({
        model: r.model, criterion: r.criterion, exampleId: r.example_id, value: r.value === null ? NaN : r.value,
        extra: r.extra === null ? null : JSON.parse(r.extra),
      })))));
      const putAnswers = db.prepare("INSERT INTO answer_sets (model, example_ids, answers) VALUES (?, ?, ?)");
      const answers = pages(db, "student_answers");
      inRuns(answers, (r) => r.model, (run) => putAnswers.run(answerSetOf(run.map((r): AnswerRow => ({ model: r.model, exampleId: r.example_id, answer: r.answer })))));
      db.exec("DROP TABLE scores; DROP TABLE student_answers;");
    },
  },
];

/** A table's rows in rowid order, read 50,000 at a time (the connection stays free for writes in between). */
function* pages(db: Database.Database, table: string): Generator<Raw> {
  const page = db.prepare(`SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT 50000`);
  for (let after = 0; ; ) {
    const rows = page.all(after) as Raw[];
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!._rowid;
  }
}

/** Hands `flush` each run of consecutive rows with the same key, at most 50,000 rows at a time. */
function inRuns(rows: Iterable<Raw>, key: (r: Raw) => string, flush: (run: Raw[]) => void): void {
  let run: Raw[] = [];
  let current = "";
  for (const r of rows) {
    const k = key(r);
    if (run.length > 0 && (k !== current || run.length >= 50_000)) (flush(run), (run = []));
    current = k;
    run.push(r);
  }
  if (run.length > 0) flush(run);
}

/** The schema version this library writes: the last migration's number. */
export const latestVersion: number = migrations[migrations.length - 1]!.version;
