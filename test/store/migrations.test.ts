import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { openStore, latestVersion, migrations } from "../../lib/store/index.js";
import { tempDir } from "./helpers.js";

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
    assert.deepEqual(tables, ["checkpoints", "evaluations", "examples", "generations", "iterations", "meta", "runs", "scores",
      "selections", "student_answers", "teacher_calls", "training_jobs"]);
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
