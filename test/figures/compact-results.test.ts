// compactResults on a real SQLite store (the plots fixture: loss and random with seeds 0 and 1,
// static with seed 0, 3 iterations; test items 2 add + 2 mul; loss picks mul seeds), checked
// against hand counts of the fixture's rows and against the library's own summary functions; a
// store of the paper experiment's shape (25 runs x 4 iterations x 150 test items) for the size;
// and `activesynth results` as a user runs it.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/figures/compact-results.test.js
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openStore } from "../../lib/store/index.js";
import type { ExampleRow, Store } from "../../lib/store/index.js";
import { compactResults, parseCompactResults } from "../../lib/figures/compact-results.js";
import type { CompactResults } from "../../lib/figures/compact-types.js";
import { curvePoints } from "../../lib/results/curves.js";
import { experimentSummary } from "../../lib/results/summary.js";
import { paperFindings } from "../../lib/figures/findings.js";
import { selectRuns } from "../../lib/figures/common.js";
import { buildFixtureStore } from "../plots/fixture-store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess } from "../helpers/cli.js";

const tmp = tempDir("activesynth-compact-");
const db = tmp.path("fixture.sqlite");
const bigDb = tmp.path("paper-shape.sqlite");
let store: Store;
let results: CompactResults;

before(() => {
  buildFixtureStore(db, { syntheticScores: true }).close();
  store = openStore(db, { readonly: true });
  results = compactResults(store);
});
after(() => {
  store.close();
  tmp.cleanup();
});

const run = (name: string) => results.runs.find((r) => r.name === name)!;

describe("per run and iteration", () => {
  test("runs carry method, criterion, seed, task and base model", () => {
    assert.deepEqual(results.runs.map((r) => [r.name, r.method, r.criterion, r.label, r.seed, r.task, r.baseModel, r.status]), [
      ["loss-s0", "active", "loss", "loss", 0, "arith", "tiny-base", "finished"],
      ["random-s0", "active", "random", "random", 0, "arith", "tiny-base", "finished"],
      ["static-s0", "static", "static", "static", 0, "arith", "tiny-base", "finished"],
      ["loss-s1", "active", "loss", "loss", 1, "arith", "tiny-base", "finished"],
      ["random-s1", "active", "random", "random", 1, "arith", "tiny-base", "finished"],
    ]);
    assert.deepEqual(results.config, { task: "arith", student: { baseModel: "tiny-base" } }, "only what every run shares");
    assert.deepEqual(results.pools, { arith: { add: 6, mul: 2 } });
  });

  test("accuracy by kind is the hand count of the evaluations (tests 0-1 add, 2-3 mul; the first round(4 x accuracy) right)", () => {
    // loss-s0: accuracy 0.5, 0.75, 1 -> add 2/2 each time; mul 0/2, 1/2, 2/2
    assert.deepEqual(run("loss-s0").iterations.map((it) => [it.iteration, it.samples, it.teacherTokens, it.accuracy, it.testSize, it.byKind]), [
      [1, 4, 120, 0.5, 4, { add: { items: 2, correct: 2, accuracy: 1 }, mul: { items: 2, correct: 0, accuracy: 0 } }],
      [2, 8, 240, 0.75, 4, { add: { items: 2, correct: 2, accuracy: 1 }, mul: { items: 2, correct: 1, accuracy: 0.5 } }],
      [3, 12, 360, 1, 4, { add: { items: 2, correct: 2, accuracy: 1 }, mul: { items: 2, correct: 2, accuracy: 1 } }],
    ]);
    // random-s1: 0.25, 0.5, 0.5 -> add 1/2, 2/2, 2/2; mul never
    assert.deepEqual(run("random-s1").iterations.map((it) => [it.byKind.add!.correct, it.byKind.mul!.correct]), [[1, 0], [2, 0], [2, 0]]);
    // and everywhere: the kinds' counts add up to the stored accuracy and test size
    for (const r of results.runs) {
      for (const it of r.iterations) {
        const kinds = Object.values(it.byKind);
        assert.equal(kinds.reduce((s, k) => s + k.items, 0), it.testSize, `${r.name} t=${it.iteration}`);
        assert.equal(kinds.reduce((s, k) => s + k.correct, 0), Math.round(it.accuracy * it.testSize), `${r.name} t=${it.iteration}`);
      }
    }
  });

  test("selections by kind are the fixture's picks (loss: seeds 6+0, then 6+7; random and static: two add seeds)", () => {
    assert.deepEqual(run("loss-s0").iterations.map((it) => it.selected), [{ add: 1, mul: 1 }, { mul: 2 }, { mul: 2 }]);
    assert.deepEqual(run("random-s1").iterations.map((it) => it.selected), [{ add: 2 }, { add: 2 }, { add: 2 }]);
    assert.deepEqual(run("static-s0").iterations.map((it) => it.selected), [{ add: 2 }, { add: 2 }, { add: 2 }]);
  });
});

describe("summary", () => {
  test("final accuracy per method: min, max, mean over seeds", () => {
    assert.deepEqual(results.summary.methods, ["loss", "random", "static"]);
    assert.deepEqual(results.summary.final, [
      { method: "loss", runs: 2, samples: [12], min: 0.75, max: 1, mean: 0.875 },
      { method: "random", runs: 2, samples: [12], min: 0.5, max: 0.75, mean: 0.625 },
      { method: "static", runs: 1, samples: [12], min: 0.5, max: 0.5, mean: 0.5 },
    ]);
  });

  test("efficiency ratios: the hand values on the mean curves, and experimentSummary's intervals and sentences", () => {
    // loss mean 0.5, 0.75, 0.875 at 4, 8, 12; random 0.25, 0.5, 0.625; static 0.25, 0.5, 0.5.
    // loss reaches 0.625 at x = 6 (6 / 12: 2x), and static's 0.5 at its first point, x = 4 (3x);
    // random reaches static's 0.5 at x = 8 (1.5x)
    const got = results.summary.efficiency.map((e) => [e.method, e.baseline, e.efficiency, e.dataFraction]);
    assert.deepEqual(got, [["loss", "random", 2, 0.5], ["loss", "static", 3, 1 / 3], ["random", "static", 1.5, 2 / 3]]);
    const points = curvePoints(store);
    for (const e of results.summary.efficiency) {
      const own = experimentSummary(points.filter((p) => p.method === e.method || p.method === e.baseline), { baseline: e.baseline, methods: [e.method] }).efficiency[0]!;
      assert.equal(e.lower, own.ratio!.efficiency.lower);
      assert.equal(e.upper, Number.isFinite(own.ratio!.efficiency.upper) ? own.ratio!.efficiency.upper : null);
      assert.equal(e.sentence, own.sentence);
    }
    assert.equal(results.summary.efficiency.find((e) => e.baseline === "static")!.seeds, 1, "static ran one seed");
    assert.deepEqual(results.summary.efficiencyGuide, experimentSummary(points, { baseline: "random", methods: ["loss"], order: "best" }).efficiencyGuide);
  });

  test("win counts: loss beats random in both seeds and static in the one they share; the findings' Fig 5 says the same", () => {
    assert.deepEqual(results.summary.wins, [
      { method: "loss", baseline: "random", wins: 2, ties: 0, losses: 0, comparisons: 2 },
      { method: "static", baseline: "random", wins: 0, ties: 0, losses: 1, comparisons: 1 },
      { method: "loss", baseline: "static", wins: 1, ties: 0, losses: 0, comparisons: 1 },
      { method: "random", baseline: "static", wins: 1, ties: 0, losses: 0, comparisons: 1 },
    ]);
    const fig5 = results.findings.find((f) => f.label === "Fig 5 loss beats random")!;
    assert.match(fig5.text, /in 2 of 2 cells/);
  });

  test("the findings are paperFindings' on the same runs, non-finite numbers as null", () => {
    const own = paperFindings(store, selectRuns(store));
    assert.deepEqual(results.findings.map((f) => f.text), own.map((f) => f.text));
    assert.deepEqual(results.findings.map((f) => f.figure), ["fig2", "fig3", "fig3", "fig5", "fig5", "fig4", "fig4"]);
    assert.ok(results.findings.every((f) => [f.value, f.lower, f.upper].every((v) => v === null || Number.isFinite(v))));
  });

  test("valid JSON that reads back equal, the same for the same store, and parseCompactResults checks the format", () => {
    const text = JSON.stringify(results);
    assert.deepEqual(JSON.parse(text), results);
    assert.equal(JSON.stringify(compactResults(store)), text);
    assert.deepEqual(parseCompactResults(text), results);
    assert.throws(() => parseCompactResults('{"format": "activesynth-status-v1", "runs": []}'), /^Error: parseCompactResults: format is "activesynth-status-v1", expected "activesynth-compact-results\/v1"/);
    assert.throws(() => parseCompactResults("{"), /^Error: parseCompactResults: not JSON/);
  });

  test("runs chosen by name prefix or list; an empty choice or a (method, seed) twice is an error", () => {
    assert.deepEqual(compactResults(store, { namePrefix: "loss-" }).runs.map((r) => r.name), ["loss-s0", "loss-s1"]);
    assert.deepEqual(compactResults(store, { runs: ["random-s1", "loss-s1"] }).summary.wins, [{ method: "loss", baseline: "random", wins: 1, ties: 0, losses: 0, comparisons: 1 }]);
    assert.throws(() => compactResults(store, { namePrefix: "gsm8k-" }), /^Error: compactResults: no run whose name starts with "gsm8k-" \(the store has: loss-s0, random-s0/);
    const dup = openStore(":memory:");
    try {
      for (const name of ["a", "b"]) dup.upsertRun({ id: name, name, config: { name, task: "arith", method: "active", criterion: "loss", seed: 0 } });
      assert.throws(() => compactResults(dup), /runs "a" and "b" are both loss with seed 0; choose runs with options\.runs or namePrefix/);
    } finally {
      dup.close();
    }
  });
});

/** A store of the paper experiment's shape: 5 methods x 5 seeds, t = 0..3, 150 test items of 3 kinds, 10 seeds picked an iteration. */
function paperShapeStore(path: string): void {
  const s = openStore(path);
  const kinds = ["add", "sub", "mul"];
  const ex = (source: "seed" | "test", i: number): ExampleRow => ({
    id: `arith/${source}/${i}`, task: "arith", source, kind: kinds[i % 3]!, question: `q${i}`, answer: `#### ${i}`, runId: null, iteration: null, parentId: null, sampleIndex: null,
  });
  const seeds = Array.from({ length: 240 }, (_, i) => ex("seed", i));
  const tests = Array.from({ length: 150 }, (_, i) => ex("test", i));
  s.putExamples([...seeds, ...tests]);
  const methods = [["loss", "active"], ["random", "active"], ["entropy", "active"], ["gt-loss", "active"], ["random", "static"]] as const;
  for (const [criterion, method] of methods) {
    for (let seed = 0; seed < 5; seed++) {
      const name = `smol-${method === "static" ? "static" : criterion}-seed-${seed}`;
      s.upsertRun({ id: name, name, config: { name, task: "arith", method, criterion, seed, description: "paper shape", student: { baseModel: "SmolLM2" } } });
      for (let t = 0; t <= 3; t++) {
        const right = 60 + 10 * t + seed + (criterion === "loss" ? 5 * t : 0);
        s.putEvaluations(tests.map((e, j) => ({ runId: name, iteration: t, model: `${name}-${t}`, exampleId: e.id, prediction: "", correct: j < right })));
        s.putIteration({ runId: name, iteration: t, samples: 80 * t, teacherTokens: 9000 * t, costUsd: 0, model: `${name}-${t}`, accuracy: right / 150, testSize: 150 });
        if (t > 0) s.putSelection(Array.from({ length: 10 }, (_, rank) => ({ runId: name, iteration: t, rank, exampleId: seeds[(7 * seed + 10 * t + rank) % 240]!.id, score: null })));
      }
      s.setRunStatus(name, "finished");
    }
  }
  s.close();
}

describe("size", () => {
  test("25 runs x 4 iterations x 150 test items: well under 1 MB", () => {
    paperShapeStore(bigDb);
    const big = openStore(bigDb, { readonly: true });
    try {
      const r = compactResults(big);
      const bytes = Buffer.byteLength(JSON.stringify(r, null, 2));
      assert.equal(r.runs.length, 25);
      assert.deepEqual(r.summary.methods, ["loss", "random", "entropy", "gt-loss", "static"]);
      assert.equal(r.description, "paper shape");
      // smol-loss-seed-0 at t = 3: right = 60 + 30 + 0 + 15 = 105, tests 0..104; mul is every third from 2: 2, 5, ..., 104
      assert.deepEqual(r.runs[0]!.iterations[3]!.byKind.mul, { items: 50, correct: 35, accuracy: 0.7 });
      assert.ok(bytes < 150_000, `${bytes} bytes`);
    } finally {
      big.close();
    }
  });
});

describe("activesynth results", () => {
  test("writes the document to --out and one summary line to stderr", async () => {
    const out = tmp.path("out", "results.json");
    const result = await runCliProcess(["results", "--db", db, "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^results: 5 run\(s\) \(loss 2, random 2, static 1\), 3 evaluated iterations each; \d+\.\d kB to .*results\.json\n$/);
    assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), results);
  });

  test("--runs PREFIX selects; without --out the document goes to stdout", async () => {
    const result = await runCliProcess(["results", "--db", db, "--runs", "random-"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).runs.map((r: { name: string }) => r.name), ["random-s0", "random-s1"]);
  });

  for (const [why, args, pattern] of [
    ["no --db", ["results", "--out", "x.json"], /^activesynth results: --db FILE is required$/],
    ["a missing store", ["results", "--db", "never-made.sqlite"], /^activesynth results: --db: no store at never-made\.sqlite$/],
    ["a prefix no run has", ["results", "--db", db, "--runs", "zz"], /^activesynth results: --runs: no run whose name starts with "zz" \(the store has: loss-s0, /],
  ] as const) {
    test(`${why}: one line naming the flag, exit code 2`, async () => {
      const result = await runCliProcess([...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      const lines = result.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, pattern);
    });
  }
});
