// A run killed mid-iteration (SIGKILL to the CLI and the student server it started) and run again
// must end exactly like an uninterrupted run of the same config, without writing again any row
// (teacher generation, selection, score, answer, evaluation) that existed before the kill.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/loop/resume.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { openStore } from "../../lib/store/index.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";
import { killGroup, runCliProcess, spawnCli, type CliResult } from "../helpers/cli.js";

const RUN = "resume-loss";
// a pretrained base (found again after the restart through the checkpoint dir), then 2 iterations
// of 30 steps: long enough to kill the process while it trains iteration 2
const config = smallArithConfig({
  name: RUN,
  student: {
    baseModel: "tiny",
    pretrain: { kinds: ["add", "sub"], examples: 200, hyperparameters: { steps: 15, batchSize: 16, learningRate: 0.003 }, seed: 0 },
    hyperparameters: { steps: 30, batchSize: 16, learningRate: 0.003 },
  },
});

const tmp = tempDir("activesynth-resume-");
const configFile = tmp.path("config.json");
const args = (name: string) => ["run", "--config", configFile, "--db", tmp.path(`${name}.sqlite`), "--checkpoint-dir", tmp.path(`${name}-ckpt`)];
const children: ChildProcess[] = [];

/** Rows of the tables the loop writes, read raw (rowid and created_at included). */
type Row = Record<string, unknown>;
function readTables(db: string): Record<string, Row[]> {
  const conn = new Database(db, { readonly: true });
  try {
    const all = (sql: string) => conn.prepare(sql).all() as Row[];
    return {
      runs: all("SELECT id, status FROM runs"),
      iterations: all("SELECT rowid, * FROM iterations ORDER BY iteration"),
      selections: all("SELECT rowid, * FROM selections ORDER BY iteration, rank"),
      generations: all("SELECT rowid, * FROM generations ORDER BY iteration, parent_id, sample_index"),
      synthetic: all("SELECT rowid, * FROM examples WHERE source = 'synthetic' ORDER BY id"),
      evaluations: all("SELECT rowid, * FROM evaluations ORDER BY iteration, example_id"),
      trainingJobs: all("SELECT rowid, * FROM training_jobs ORDER BY iteration"),
      scores: all("SELECT id AS rowid, * FROM score_sets ORDER BY id"),
      answers: all("SELECT id AS rowid, * FROM answer_sets ORDER BY id"),
      scoreRows: readScores(db),
    };
  } finally {
    conn.close();
  }
}

/** Every stored score, one row per (model, criterion, example), read through the store (the file keeps them as sets). */
function readScores(db: string): Row[] {
  const store = openStore(db, { readonly: true });
  try {
    return store.listScores({}).map((r) => ({ model: r.model, criterion: r.criterion, example_id: r.exampleId, value: r.value, extra: r.extra }));
  } finally {
    store.close();
  }
}

/** The tables with model ids replaced by the iteration that made them, rowids and times dropped. */
function normalised(t: Record<string, Row[]>): Record<string, unknown[]> {
  const label = new Map<string, string>(t.iterations!.map((r) => [r.model as string, `model@${r.iteration}`]));
  const m = (id: unknown) => label.get(id as string) ?? `unknown:${id}`;
  const drop = (r: Row, ...keys: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !["rowid", "created_at", "updated_at", ...keys].includes(k)));
  return {
    runs: t.runs!,
    iterations: t.iterations!.map((r) => ({ ...drop(r), model: m(r.model) })),
    selections: t.selections!.map((r) => drop(r)),
    generations: t.generations!.map((r) => drop(r)),
    synthetic: t.synthetic!.map((r) => drop(r)),
    evaluations: t.evaluations!.map((r) => ({ ...drop(r), model: m(r.model) })),
    trainingJobs: t.trainingJobs!.map((r) => ({ ...drop(r, "job_id"), base_model: m(r.base_model), fine_tuned_model: m(r.fine_tuned_model) })),
    scores: t.scoreRows!.map((r) => ({ ...drop(r), model: m(r.model) })).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  };
}

/** Logs every insert, update and delete on the tables a resumed run must not write again. */
function installWriteLog(db: string): void {
  const conn = new Database(db);
  try {
    conn.exec("CREATE TABLE test_write_log (tbl TEXT, op TEXT, key TEXT)");
    const keys: Record<string, string> = {
      generations: "run_id || '/' || iteration || '/' || parent_id || '/' || sample_index",
      selections: "run_id || '/' || iteration || '/' || rank",
      examples: "id",
      evaluations: "run_id || '/' || iteration || '/' || example_id",
      iterations: "run_id || '/' || iteration",
    };
    for (const [tbl, key] of Object.entries(keys)) {
      const when = tbl === "examples" ? "WHEN %.source = 'synthetic'" : "";
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        const row = op === "DELETE" ? "OLD" : "NEW";
        conn.exec(
          `CREATE TRIGGER test_log_${tbl}_${op.toLowerCase()} AFTER ${op} ON ${tbl} ${when.replace("%", row)} ` +
            `BEGIN INSERT INTO test_write_log VALUES ('${tbl}', '${op}', ${key.replace(/\b(run_id|iteration|parent_id|sample_index|rank|id|model|criterion|example_id)\b/g, `${row}.$1`)}); END`,
        );
      }
    }
    // scores and answers are stored as sets (one row per write): log each example a set holds
    const sets: Record<string, [string, string]> = {
      score_sets: ["scores", "model || '/' || criterion || '/' || value"],
      answer_sets: ["student_answers", "model || '/' || value"],
    };
    for (const [tbl, [name, key]] of Object.entries(sets)) {
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        const row = op === "DELETE" ? "OLD" : "NEW";
        conn.exec(
          `CREATE TRIGGER test_log_${tbl}_${op.toLowerCase()} AFTER ${op} ON ${tbl} ` +
            `BEGIN INSERT INTO test_write_log SELECT '${name}', '${op}', ${key.replace(/\b(model|criterion)\b/g, `${row}.$1`)} FROM json_each(${row}.example_ids); END`,
        );
      }
    }
  } finally {
    conn.close();
  }
}

let beforeKill: Record<string, Row[]>;
let afterResume: Record<string, Row[]>;
let reference: Record<string, Row[]>;
let writes: { tbl: string; op: string; key: string }[];
let killed: CliResult;
let resumed: CliResult;

before(async () => {
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  // the uninterrupted run, side by side with the one to kill
  const ref = spawnCli(args("reference"));
  const victim = spawnCli(args("killed"));
  children.push(ref.child, victim.child);

  const db = tmp.path("killed.sqlite");
  let exited = false;
  victim.done.then(() => (exited = true));
  for (;;) {
    if (exited) break;
    if (existsSync(db)) {
      try {
        const store = openStore(db, { readonly: true });
        try {
          if (store.getIteration(RUN, 1) && store.getTrainingJob(RUN, 2)?.status === "running") break;
        } finally {
          store.close();
        }
      } catch {
        // not created or not migrated yet
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  killGroup(victim.child);
  killed = await victim.done;
  assert.equal(killed.signal, "SIGKILL", `the run ended before it reached the kill point:\n${killed.stderr}`);

  beforeKill = readTables(db);
  installWriteLog(db);
  resumed = await runCliProcess(args("killed"));
  const conn = new Database(db, { readonly: true });
  writes = conn.prepare("SELECT * FROM test_write_log").all() as typeof writes;
  conn.close();
  afterResume = readTables(db);

  const refResult = await ref.done;
  assert.equal(refResult.code, 0, refResult.stderr);
  reference = readTables(tmp.path("reference.sqlite"));
});

after(() => {
  for (const child of children) killGroup(child);
  tmp.cleanup();
});

test("the kill landed mid-iteration: iteration 1 evaluated, iteration 2 selected, generated and training", () => {
  assert.deepEqual(beforeKill.runs, [{ id: RUN, status: "running" }]);
  assert.deepEqual(beforeKill.iterations!.map((r) => r.iteration), [0, 1]);
  assert.deepEqual(beforeKill.trainingJobs!.map((r) => [r.iteration, r.status]), [[1, "succeeded"], [2, "running"]]);
  assert.equal(beforeKill.selections!.filter((r) => r.iteration === 2).length, 10);
  assert.equal(beforeKill.generations!.filter((r) => r.iteration === 2).length, 20);
  assert.deepEqual(beforeKill.evaluations!.map((r) => r.iteration).filter((t, i, a) => a.indexOf(t) === i), [0, 1]);
});

test("the resumed run finishes with exit code 0", () => {
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(afterResume.runs, [{ id: RUN, status: "finished" }]);
  assert.deepEqual(afterResume.iterations!.map((r) => [r.iteration, r.samples]), [[0, 0], [1, 20], [2, 40]]);
});

test("the resumed run equals the uninterrupted one: iterations, selections, samples, evaluations, scores", () => {
  const got = normalised(afterResume);
  const want = normalised(reference);
  for (const table of Object.keys(want)) assert.deepEqual(got[table], want[table], `table ${table} differs`);
});

test("nothing that existed before the kill was written again; rows kept their rowid and time", () => {
  // no teacher generation, selection, synthetic sample or score made again: iteration 2 had them all
  for (const tbl of ["generations", "selections", "examples", "scores"]) {
    assert.deepEqual(writes.filter((w) => w.tbl === tbl), [], `${tbl} written again after the resume`);
  }
  // what was written is new: the evaluation of iteration 2 and the answers of its model
  for (const w of writes) assert.equal(w.op, "INSERT", `${w.op} ${w.tbl} ${w.key}`);
  assert.deepEqual(writes.filter((w) => w.tbl === "iterations").map((w) => w.key), [`${RUN}/2`]);
  const evals = writes.filter((w) => w.tbl === "evaluations");
  assert.equal(evals.length, 60);
  assert.ok(evals.every((w) => w.key.startsWith(`${RUN}/2/`)));
  const model2 = afterResume.iterations![2]!.model as string;
  assert.deepEqual(new Set(writes.filter((w) => w.tbl === "student_answers").map((w) => w.key.slice(0, model2.length))), new Set([model2]));

  for (const table of ["iterations", "selections", "generations", "synthetic", "evaluations", "scores", "answers"]) {
    const now = new Map(afterResume[table]!.map((r) => [r.rowid, r]));
    for (const row of beforeKill[table]!) assert.deepEqual(now.get(row.rowid), row, `${table} row ${row.rowid} changed`);
  }
  // iteration 1's model was found on the restarted server (same checkpoint dir), not trained again
  assert.deepEqual(afterResume.trainingJobs![0], beforeKill.trainingJobs![0]);
});
