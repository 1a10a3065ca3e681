import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Store } from "../../lib/store/index.js";
import { storeFigures, selectRuns, winrateCells, orderingSamples, fidelityPairs, selectionCounts, lastSelectionScores, seedLineage } from "../../lib/figures/index.js";
import { childrenFigure } from "../../lib/plots/children-figure.js";
import { buildFixtureStore, tempDir, SEEDS } from "./fixture-store.js";

describe("store -> figures (real SQLite store)", () => {
  let plain: Store;
  let rich: Store;
  let cleanup: () => void;
  before(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    plain = buildFixtureStore(join(t.dir, "plain.sqlite"));
    rich = buildFixtureStore(join(t.dir, "rich.sqlite"), { syntheticScores: true });
  });
  after(() => {
    plain.close();
    rich.close();
    cleanup();
  });

  test("a store from the loop alone: curves, winrate, exploration; ordering and fidelity skipped with a reason", () => {
    const set = storeFigures(plain);
    assert.deepEqual(set.figures.map((f) => f.name), [
      "learning-curves-arith", "winrate",
      "selections-loss-s0", "score-histogram-loss-s0", "selections-random-s0", "selections-static-s0",
      "selections-loss-s1", "score-histogram-loss-s1", "selections-random-s1",
    ]);
    assert.deepEqual(set.skipped.map((s) => s.name), ["ordering-deltas", "fidelity"]);
    assert.match(set.skipped[0]!.reason, /scoreSynthetic/);
  });

  test("learning curves: the best active method against random with the efficiency subtitle", () => {
    const fig = storeFigures(plain).figures[0]!.figure;
    assert.deepEqual(fig.data.filter((t) => t.mode === "lines+markers").map((t) => t.name), ["loss", "random", "static"]);
    const title = (fig.layout.title as { text: string }).text;
    // random's mean ends at 0.625 (x = 12); loss's mean (0.5, 0.75, 0.875) reaches it at x = 6: 2x
    assert.match(title, /loss: 2\.00x sample efficiency vs random/);
  });

  test("winrate cells: (task, model, seed) cells with >= 2 methods; matrix over them", () => {
    const cells = winrateCells(plain, selectRuns(plain));
    assert.equal(cells.length, 5);
    assert.deepEqual(cells.find((c) => c.method === "loss" && c.seed === 0)!.curve, [{ x: 4, accuracy: 0.5 }, { x: 8, accuracy: 0.75 }, { x: 12, accuracy: 1 }]);
    const fig = storeFigures(plain).figures[1]!.figure;
    assert.deepEqual(fig.data[0]!.x, ["loss", "random", "static"]);
    // seed 0: loss 1 > random .75 > static .5; seed 1: loss .75 > random .5
    assert.deepEqual(fig.data[0]!.z, [[null, 1, 1], [0, null, 1], [0, 0, null]]);
    assert.equal(storeFigures(plain, { runs: ["loss-s0"] }).skipped[0]!.name, "winrate");
  });

  test("exploration: selections by kind, the last selection's scores matched to their checkpoint", () => {
    const run = selectRuns(plain, ["loss-s0"])[0]!;
    assert.deepEqual(selectionCounts(plain, run).map((c) => [c.iteration, c.kind, c.count]), [[1, "mul", 1], [1, "add", 1], [2, "mul", 2], [3, "mul", 2]]);
    const last = lastSelectionScores(plain, run)!;
    assert.equal(last.iteration, 3);
    assert.equal(last.model, "loss-s0-ckpt-2");
    assert.deepEqual(last.groups.map((g) => [g.name, g.values.length]), [["add", 6], ["mul", 2]]);
    assert.equal(lastSelectionScores(plain, selectRuns(plain, ["random-s0"])[0]!), null);
    // the histogram's axis names the checkpoint by what it did, not by its id
    const hist = storeFigures(plain).figures.find((f) => f.name === "score-histogram-loss-s0")!.figure;
    const xTitle = (hist.layout.xaxis as { title: { text: string } }).title.text;
    assert.equal(xTitle, "loss of each seed under the model that chose the seeds (iteration 3)");
    assert.ok(!xTitle.includes("ckpt"));
  });

  test("ordering and fidelity from scored synthetic samples", () => {
    const runs = selectRuns(rich);
    const samples = orderingSamples(rich, runs);
    assert.equal(samples.length, 2 * 3 * 4); // 2 loss runs x 3 iterations x 4 children
    assert.ok(samples.every((s) => s.correct === (s.exampleId.includes("/6/") || s.exampleId.includes("/7/") ? false : true)));
    const pairs = fidelityPairs(rich, runs).get("loss")!;
    assert.equal(pairs.seedScores.length, 24);
    const set = storeFigures(rich);
    assert.deepEqual(set.skipped, []);
    const ordering = set.figures.find((f) => f.name === "ordering-deltas-arith")!.figure;
    // high loss first puts the wrong (mul) children first: the curve starts below zero
    assert.ok((ordering.data[0]!.y as number[])[0]! < 0);
    const fid = set.figures.find((f) => f.name === "fidelity-loss")!.figure;
    assert.match((fid.layout.title as { text: string }).text, /Spearman ρ = 0\.\d\d, p /);
  });

  test("a seed's lineage feeds childrenFigure", () => {
    const { seed, children } = seedLineage(rich, SEEDS[6]!.id, { runId: "loss-s0" });
    assert.equal(seed.id, SEEDS[6]!.id);
    assert.equal(children.length, 6); // picked in all 3 iterations, 2 children each
    assert.ok(Object.keys(children[0]!.scores!).every((k) => k.startsWith("loss@")));
    const fig = childrenFigure(seed, children);
    assert.equal((fig.data[0]!.cells as { values: string[][] }).values[0]!.length, 7);
    assert.throws(() => seedLineage(rich, "nope"), /no example "nope" in the store/);
  });

  test("unknown runs are named", () => {
    assert.throws(() => storeFigures(plain, { runs: ["nope"] }), /unknown run\(s\): nope \(the store has: loss-s0, /);
  });

  test("same store in, same figures out", () => {
    assert.equal(JSON.stringify(storeFigures(rich)), JSON.stringify(storeFigures(rich)));
  });
});
