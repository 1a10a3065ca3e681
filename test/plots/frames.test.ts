import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openStore, type Store } from "../../lib/store/index.js";
import { runsFrame, examplesFrame, scoresFrame, evaluationsFrame, iterationsFrame, frameHtml, makeFrame } from "../../lib/notebook/frames.js";
import { buildFixtureStore, tempDir, SEEDS } from "./fixture-store.js";

describe("danfojs frames of a real store", () => {
  let store: Store;
  let cleanup: () => void;
  before(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    store = buildFixtureStore(join(t.dir, "s.sqlite"), { syntheticScores: true });
  });
  after(() => {
    store.close();
    cleanup();
  });

  test("runsFrame: one row per run with task, method, seed, model", () => {
    const df = runsFrame(store);
    assert.deepEqual(df.columns, ["id", "name", "status", "task", "method", "seed", "model", "createdAt", "updatedAt", "error"]);
    assert.deepEqual(df.shape, [5, 10]);
    assert.deepEqual(df.column("method").values, ["loss", "random", "static", "loss", "random"]);
    assert.deepEqual([...new Set(df.column("model").values as string[])], ["tiny-base"]);
  });

  test("examplesFrame and scoresFrame: filters and the lineage join", () => {
    assert.equal(examplesFrame(store, { source: "seed" }).shape[0], SEEDS.length);
    const syn = examplesFrame(store, { source: "synthetic", runId: "loss-s0" });
    assert.equal(syn.shape[0], 12);
    assert.ok((syn.column("parentId").values as string[]).every((p) => p.startsWith("arith/seed/")));
    const scores = scoresFrame(store, { criterion: "loss" });
    assert.deepEqual(scores.columns, ["exampleId", "model", "criterion", "value", "source", "kind", "task", "runId", "parentId"]);
    const bySource = scores.groupby(["source"]).col(["value"]).count();
    const counts = Object.fromEntries((bySource.values as [string, number][]).map(([s, n]) => [s, n]));
    // 5 checkpoints score the 8 seeds: tiny-base (shared by both loss runs) and 2 per run
    assert.deepEqual(counts, { seed: 5 * 8, synthetic: 24 });
  });

  test("evaluations and iterations: mean accuracy by run and iteration (groupby)", () => {
    const ev = evaluationsFrame(store, "loss-s0");
    assert.equal(ev.shape[0], 3 * 4);
    const mean = ev.groupby(["runId", "iteration"]).col(["correct"]).mean();
    assert.deepEqual(mean.values, [["loss-s0", 1, 0.5], ["loss-s0", 2, 0.75], ["loss-s0", 3, 1]]);
    const its = iterationsFrame(store);
    assert.equal(its.shape[0], 15);
    const byMethod = its.query(its.column("iteration").eq(3)).groupby(["method"]).col(["accuracy"]).mean();
    assert.deepEqual(byMethod.values, [["loss", 0.875], ["random", 0.625], ["static", 0.5]]);
  });

  test("frameHtml: escaped table, row limit with a note; empty frames keep their columns", () => {
    const df = makeFrame(["a", "b"], [{ a: 1, b: "<x> & y" }, { a: 2.123456, b: null }, { a: 3, b: "z" }]);
    const html = frameHtml(df, { maxRows: 2 });
    assert.ok(html.includes("<th style=\"text-align:left\">a</th>"));
    assert.ok(html.includes("<td>&lt;x&gt; &amp; y</td>"));
    assert.ok(html.includes(">2.1235</td>"));
    assert.ok(!html.includes(">z</td>"));
    assert.match(html, /… 1 more rows \(3 in all\)/);
    const blank = openStore(":memory:");
    const empty = evaluationsFrame(blank); // a store with no evaluation yet (an unknown run is an error, not an empty frame)
    blank.close();
    assert.deepEqual(empty.columns, ["runId", "iteration", "model", "exampleId", "kind", "correct", "prediction"]);
    assert.match(frameHtml(empty), /<th style="text-align:left">runId<\/th>.*<tbody><\/tbody>/);
  });
});
