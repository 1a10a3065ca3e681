// `activesynth merge`: a sweep split over two stores (real runs, the tiny student on CPU) comes back
// as one; status, export and results on the merged store give what they give on the parts; a run
// name in both is refused unless the two are identical.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/cli/merge.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess } from "../helpers/cli.js";

const tmp = tempDir("activesynth-merge-");
const [a, b] = [tmp.path("a.sqlite"), tmp.path("b.sqlite")];
const { name: _n, ...defaults } = smallArithConfig({ name: "m", budget: { samples: 20 }, student: { baseModel: "tiny", hyperparameters: { steps: 5, batchSize: 16 } } });

async function cli(...args: string[]): Promise<string> {
  const r = await runCliProcess(args);
  assert.equal(r.code, 0, `activesynth ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** One machine's share of the sweep, in its own store. */
async function sweep(db: string, runs: object[]): Promise<void> {
  const file = `${db}.json`;
  writeFileSync(file, JSON.stringify({ defaults, runs }));
  await cli("run", "--config", file, "--db", db);
}

type Status = { runs: { id: string }[] };
const statusOf = async (db: string): Promise<Status> => JSON.parse(await cli("status", "--db", db, "--json")) as Status;
const tableCount = (db: string, table: string): number => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

before(async () => {
  await sweep(a, [{ name: "loss-s0", criterion: "loss", seed: 0 }, { name: "static-s0", method: "static", seed: 0 }]);
  await sweep(b, [{ name: "loss-s1", criterion: "loss", seed: 1 }, { name: "random-s1", criterion: "random", seed: 1 }]);
});
after(() => tmp.cleanup());

test("two stores from real runs merge into one: status, export and results as on the parts", async () => {
  const all = tmp.path("all.sqlite");
  const out = await cli("merge", a, b, "--out", all);
  assert.match(out, /a\.sqlite: 2 runs copied\n.*b\.sqlite: 2 runs copied\nwrote /);
  const [sa, sb, merged] = [await statusOf(a), await statusOf(b), await statusOf(all)];
  assert.deepEqual(merged.runs.map((r) => r.id), ["loss-s0", "static-s0", "loss-s1", "random-s1"]);
  // every run's status (config, spend, every iteration's accuracy) is the one its own store gives
  assert.deepEqual(merged.runs, [...sa.runs, ...sb.runs]);
  for (const [run, part] of [["loss-s0", a], ["static-s0", a], ["loss-s1", b], ["random-s1", b]] as const) {
    assert.equal(await cli("export", "--db", all, "--run", run), await cli("export", "--db", part, "--run", run), `${run}'s synthetic data`);
  }
  for (const table of ["iterations", "selections", "generations", "evaluations", "training_jobs"]) {
    assert.equal(tableCount(all, table), tableCount(a, table) + tableCount(b, table), table);
  }
  // the pool is shared: its examples once; each run's synthetic ones kept
  assert.ok(tableCount(all, "examples") < tableCount(a, "examples") + tableCount(b, "examples"));
  assert.equal(tableCount(all, "score_sets"), tableCount(a, "score_sets") + tableCount(b, "score_sets"));
  const results = JSON.parse(await cli("results", "--db", all)) as { runs?: unknown[] };
  assert.equal(JSON.stringify(results).includes("random-s1"), true);
});

test("a run found in two stores: identical is copied once, different is refused naming it and both files", async () => {
  const copy = tmp.path("a-copy.sqlite");
  copyFileSync(a, copy);
  const once = tmp.path("once.sqlite");
  const out = await cli("merge", a, copy, "--out", once);
  assert.match(out, /a-copy\.sqlite: 0 runs copied\nin more than one store, identical, copied once: loss-s0, static-s0/);
  assert.deepEqual((await statusOf(once)).runs, (await statusOf(a)).runs);

  const changed = tmp.path("changed.sqlite");
  copyFileSync(a, changed);
  const d = new Database(changed);
  d.prepare("UPDATE iterations SET accuracy = accuracy + 0.1 WHERE run_id = 'loss-s0' AND iteration = 1").run();
  d.close();
  const refused = await runCliProcess(["merge", a, changed, "--out", tmp.path("never.sqlite")]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /run "loss-s0" is in both .*a\.sqlite and .*changed\.sqlite, and the two differ/);
  assert.equal(existsSync(tmp.path("never.sqlite")), false, "nothing half-merged is left");
});

test("bad arguments: one line each", async () => {
  const cases: [string[], RegExp][] = [
    [["merge", a, b], /--out FILE is required/],
    [["merge", a, "--out", tmp.path("x.sqlite")], /give at least two stores to merge, got 1/],
    [["merge", a, tmp.path("nope.sqlite"), "--out", tmp.path("x.sqlite")], /no store at .*nope\.sqlite/],
    [["merge", a, b, "--out", a], /--out: .*a\.sqlite exists; merge writes a new store/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCliProcess(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trim(), pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
});
