// notebookSetup on a real SQLite store: paths from options and the environment, the demo-run
// check (its error names the command that makes the runs), read-only opening, and the student
// server that close() stops.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { demoConfigs } from "../../lib/experiment/demo.js";
import { openStore } from "../../lib/store/open-store.js";
import { MissingDemoRunsError, notebookSetup, NOTEBOOK_DB_DEFAULT } from "../../lib/notebook/setup.js";
import { tempDir } from "../helpers/temp-dir.js";

const tmp = tempDir("activesynth-nbsetup-");
after(() => tmp.cleanup());

/** A store holding the quick demo's runs, `finished` ones finished and the rest running. */
function demoStore(path: string, finished: (name: string) => boolean = () => true): void {
  const store = openStore(path);
  for (const config of demoConfigs({ quick: true })) {
    store.upsertRun({ id: config.name, name: config.name, config });
    store.setRunStatus(config.name, finished(config.name) ? "finished" : "running");
  }
  store.close();
}

describe("notebookSetup", () => {
  test("opens the store read-only by default and returns the demo runs, by method", async () => {
    const db = tmp.path("full.sqlite");
    demoStore(db);
    const nb = notebookSetup({ db, checkpointDir: tmp.path("ckpt") });
    try {
      assert.equal(nb.dbPath, db);
      assert.equal(nb.checkpointDir, tmp.path("ckpt"));
      assert.deepEqual(nb.demoConfigs.map((c) => c.name), ["demo-quick-loss-s0", "demo-quick-random-s0", "demo-quick-static-s0"]);
      assert.deepEqual(nb.demoRuns.map((r) => [r.name, r.method]), [["demo-quick-loss-s0", "loss"], ["demo-quick-random-s0", "random"], ["demo-quick-static-s0", "static"]]);
      assert.equal(nb.demoRun("loss").name, "demo-quick-loss-s0");
      assert.equal(nb.demoRun("static").id, "demo-quick-static-s0");
      assert.throws(() => nb.store.setMeta("x", 1), /readonly/i, "read-only by default");
    } finally {
      await nb.close();
      await nb.close(); // twice is harmless
    }
  });

  test("paths come from ACTIVESYNTH_NOTEBOOK_DB and ACTIVESYNTH_CHECKPOINTS when not given, else the defaults", async () => {
    const db = tmp.path("env.sqlite");
    demoStore(db);
    const saved = { db: process.env.ACTIVESYNTH_NOTEBOOK_DB, ckpt: process.env.ACTIVESYNTH_CHECKPOINTS };
    try {
      process.env.ACTIVESYNTH_NOTEBOOK_DB = db;
      process.env.ACTIVESYNTH_CHECKPOINTS = tmp.path("env-ckpt");
      const nb = notebookSetup();
      assert.equal(nb.dbPath, db);
      assert.equal(nb.checkpointDir, tmp.path("env-ckpt"));
      await nb.close();
      delete process.env.ACTIVESYNTH_NOTEBOOK_DB;
      delete process.env.ACTIVESYNTH_CHECKPOINTS;
      // the default, relative to the working directory (notebooks/ under Jupyter), needs the demo runs
      assert.throws(() => notebookSetup(), (e: unknown) => e instanceof MissingDemoRunsError && e.dbPath === resolve(NOTEBOOK_DB_DEFAULT));
    } finally {
      if (saved.db === undefined) delete process.env.ACTIVESYNTH_NOTEBOOK_DB;
      else process.env.ACTIVESYNTH_NOTEBOOK_DB = saved.db;
      if (saved.ckpt === undefined) delete process.env.ACTIVESYNTH_CHECKPOINTS;
      else process.env.ACTIVESYNTH_CHECKPOINTS = saved.ckpt;
    }
  });

  test("missing demo runs: an error naming the runs and the command that makes them", () => {
    const db = tmp.path("partial.sqlite");
    demoStore(db, (name) => !name.includes("random"));
    const ckpt = tmp.path("ckpt");
    assert.throws(() => notebookSetup({ db, checkpointDir: ckpt }), (e: unknown) => {
      assert.ok(e instanceof MissingDemoRunsError);
      assert.deepEqual(e.runs, ["demo-quick-random-s0"], "an unfinished run counts as missing");
      assert.equal(e.command, `npx activesynth demo --quick --db "${db}" --out "${tmp.path("notebooks-out")}" --checkpoint-dir "${ckpt}"`);
      assert.ok(e.message.includes(e.command), e.message);
      assert.match(e.message, /lacks the quick demo's finished run\(s\) demo-quick-random-s0/);
      assert.match(e.message, /bash scripts\/test-notebooks\.sh/);
      return true;
    });
  });

  test("a missing store file: the same error, and no file is created", () => {
    const db = tmp.path("absent", "none.sqlite");
    for (const options of [{}, { readonly: false }, { needDemoRuns: false }]) {
      assert.throws(() => notebookSetup({ db, checkpointDir: tmp.path("ckpt"), ...options }),
        (e: unknown) => e instanceof MissingDemoRunsError && /none\.sqlite does not exist\. Make them with `npx activesynth demo --quick/.test(e.message));
    }
    assert.equal(existsSync(db), false);
  });

  test("without needDemoRuns a writable set-up creates an empty store (the quick start runs the demo itself)", async () => {
    const db = tmp.path("new", "empty.sqlite");
    const nb = notebookSetup({ db, checkpointDir: tmp.path("ckpt"), readonly: false, needDemoRuns: false });
    try {
      assert.deepEqual(nb.demoRuns, []);
      assert.throws(() => nb.demoRun("loss"), (e: unknown) => e instanceof MissingDemoRunsError && /demo-quick-loss-s0/.test(e.message));
      nb.store.setMeta("written", true);
      assert.equal(nb.store.getMeta("written"), true);
    } finally {
      await nb.close();
    }
  });

  test("student() starts one tiny server on the checkpoint directory, shared; close() stops it; a later call starts another", async () => {
    const db = tmp.path("server.sqlite");
    demoStore(db);
    const nb = notebookSetup({ db, checkpointDir: join(tmp.dir, "server-ckpt") });
    try {
      const [a, b] = await Promise.all([nb.student({ threads: 1 }), nb.student({ threads: 1 })]);
      assert.equal(a, b, "one server for the notebook");
      assert.ok(await a.health(), "the server answers");
      await nb.close();
      await assert.rejects(() => a.health(), "the server is gone after close()");
      // a cell run again after the last one (the tutorial's "Try it") gets a fresh server
      const c = await nb.student({ threads: 1 });
      assert.notEqual(c, a);
      assert.ok(await c.health());
      await nb.stopStudent();
      await assert.rejects(() => c.health(), "stopStudent() stops it");
    } finally {
      await nb.close();
    }
  });
});
