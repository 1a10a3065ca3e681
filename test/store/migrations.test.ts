import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { openStore, latestVersion, migrations } from "../../lib/store/index.js";
import { tempDir } from "./helpers.js";

/** A store file at an older schema version (`v<version>.sqlite` in `dir`), open for filling in. */
function fileAtVersion(dir: string, version: number): { file: string; db: Database.Database } {
  const file = join(dir, `v${version}.sqlite`);
  const db = new Database(file);
  for (const m of migrations.slice(0, version)) db.exec(m.sql);
  db.pragma(`user_version = ${version}`);
  return { file, db };
}

test("migrations are numbered 1, 2, ... in order", () => {
  assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
  assert.equal(latestVersion, migrations.length);
});

test("a fresh file gets the whole schema, WAL and the latest user_version; reopening keeps the data", () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, "nested", "deeper", "s.sqlite");
    const store = openStore(file);
    assert.ok(existsSync(file), "missing directories are created");
    store.setMeta("k", { v: 1 });
    store.close();

    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma("user_version", { simple: true }), latestVersion);
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    assert.deepEqual(tables, ["answer_sets", "checkpoints", "evaluations", "examples", "generations", "iterations", "meta", "runs",
      "score_sets", "selections", "teacher_calls", "training_jobs"]);
    const exampleCols = (db.prepare("PRAGMA table_info(examples)").all() as { name: string }[]).map((r) => r.name);
    assert.deepEqual(exampleCols, ["id", "task", "source", "question", "answer", "kind", "meta", "run_id", "iteration", "parent_id", "sample_index"]);
    db.close();

    const again = openStore(file);
    assert.deepEqual(again.getMeta("k"), { v: 1 });
    again.close();
    const ro = openStore(file, { readonly: true });
    assert.deepEqual(ro.getMeta("k"), { v: 1 });
    ro.close();
  } finally {
    cleanup();
  }
});

test("a file from a newer activesynth is refused with an error naming it", () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, "future.sqlite");
    openStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    assert.throws(() => openStore(file), (err: Error) => {
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, new RegExp(`schema version ${latestVersion + 1} is newer`));
      return true;
    });
  } finally {
    cleanup();
  }
});

test("readonly refuses a missing file and bad options are named", () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(() => openStore(join(dir, "none.sqlite"), { readonly: true }), /none\.sqlite: store file does not exist/);
    assert.throws(() => openStore(join(dir, "x.sqlite"), { busyTimeoutMs: -1 }), /busyTimeoutMs must be a non-negative integer/);
  } finally {
    cleanup();
  }
});

test("migration 2 fills purpose and iteration of a version-1 file's teacher calls from their requests", () => {
  const { dir, cleanup } = tempDir();
  try {
    const { file, db } = fileAtVersion(dir, 1);
    db.prepare("INSERT INTO runs (id, name, config, status, created_at, updated_at) VALUES ('r/t1', 'r/t1', '{}', 'finished', 'x', 'x')").run();
    const put = db.prepare(`INSERT INTO teacher_calls (key, run_id, endpoint, model, request, prompt_tokens, completion_tokens, status, created_at)
      VALUES (?, 'r/t1', 'e', 'm', ?, 10, 5, 'ok', 'x')`);
    put.run("judge", JSON.stringify({ templateVersion: "judge/score/v1", nonce: "judge:r/t1/t12" }));
    put.run("gen", JSON.stringify({ templateVersion: "arith/q/v1", nonce: "0/123" }));
    db.close();
    const store = openStore(file);
    assert.deepEqual([store.getTeacherCall("judge")!.purpose, store.getTeacherCall("judge")!.iteration], ["judge", 12], "run ids holding '/t' parse right");
    assert.deepEqual([store.getTeacherCall("gen")!.purpose, store.getTeacherCall("gen")!.iteration], ["generate", null]);
    assert.equal(store.sumTeacherCalls("r/t1", "judge", { iteration: 12 }).tokens, 15);
    store.close();
  } finally {
    cleanup();
  }
});

test("migration 3 moves a version-2 file's score and answer rows into sets, keeping values, NaN, extras and write order", () => {
  const { dir, cleanup } = tempDir();
  try {
    const { file, db } = fileAtVersion(dir, 2);
    const score = db.prepare("INSERT INTO scores (model, criterion, example_id, value, extra) VALUES (?, ?, ?, ?, ?)");
    score.run("m1", "loss", "b", 2.5, JSON.stringify({ meanNll: 2.5 }));
    score.run("m1", "loss", "a", null, null);
    score.run("m2", "entropy", "a", -1e300, null);
    score.run("m1", "judge", "c", 7, JSON.stringify({ reason: "good" }));
    // past one page (50,000 rows) and one set's cap: read in pages, moved in runs of the same key
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++) score.run("big", "loss", `s${i}`, i, null);
    })();
    db.prepare("UPDATE scores SET value = -7 WHERE model = 'big' AND example_id = 's7'").run(); // a later value, in place (schema 2's upsert)
    const answer = db.prepare("INSERT INTO student_answers (model, example_id, answer) VALUES (?, ?, ?)");
    answer.run("m1", "b", "#### 3");
    answer.run("m2", "a", "");
    answer.run("m1", "a", "#### 4");
    db.close();
    const store = openStore(file);
    assert.deepEqual(store.listScores({ model: "m1" }).concat(store.listScores({ model: "m2" })).map((r) => [r.model, r.criterion, r.exampleId, r.value, r.extra]), [
      ["m1", "loss", "b", 2.5, { meanNll: 2.5 }],
      ["m1", "loss", "a", NaN, null],
      ["m1", "judge", "c", 7, { reason: "good" }],
      ["m2", "entropy", "a", -1e300, null],
    ]);
    const big = store.listScores({ model: "big" });
    assert.equal(big.length, 60_000);
    assert.deepEqual([big[0]!.exampleId, big[7]!.value, big[59_999]!.exampleId, big[59_999]!.value], ["s0", -7, "s59999", 59_999]);
    assert.deepEqual([...store.getAnswers("m1", ["a", "b", "z"])].sort(), [["a", "#### 4"], ["b", "#### 3"]]);
    assert.deepEqual([...store.getAnswers("m2", ["a"])], [["a", ""]]);
    store.close();
    const raw = new Database(file, { readonly: true });
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    assert.ok(!tables.includes("scores") && !tables.includes("student_answers"), `old tables dropped: ${tables.join(", ")}`);
    assert.equal((raw.prepare("SELECT COUNT(*) AS n FROM score_sets").get() as { n: number }).n, 5, "a set per run of one key, at most 50,000 rows: 3 small, 2 for the 60,000 rows");
    raw.close();
  } finally {
    cleanup();
  }
});
