import { test } from "node:test";
import assert from "node:assert/strict";
import { cumulativeAccuracyDelta } from "../../lib/stats/cumulative-accuracy-delta.js";

test("desc order: cumulative accuracy along the order, computed by hand", () => {
  // order by score high->low: 0.9 (1), 0.7 (1), 0.5 (0), 0.1 (0) -> acc 1, 1, 2/3, 1/2
  const r = cumulativeAccuracyDelta({ scores: [0.1, 0.9, 0.5, 0.7], correct: [false, true, false, true], order: "desc" });
  assert.deepEqual(r.curve.map((p) => p.accuracy), [1, 1, 2 / 3, 0.5]);
  assert.deepEqual(r.curve.map((p) => p.k), [1, 2, 3, 4]);
  assert.equal(r.summary.finalAccuracy, 0.5);
  // every shuffle has the same total, so the last random mean is exact
  assert.equal(r.curve[3]!.randomMean, 0.5);
  assert.equal(r.curve[3]!.deltaPercent, 0);
});

test("asc order reverses the ranking (reward: low first)", () => {
  const r = cumulativeAccuracyDelta({ scores: [0.1, 0.9, 0.5, 0.7], correct: [0, 1, 0, 1], order: "asc" });
  assert.deepEqual(r.curve.map((p) => p.accuracy), [0, 0, 1 / 3, 0.5]);
});

test("deltaPercent = 100 (acc - randomMean) / randomMean; random mean near the overall accuracy", () => {
  const scores = Array.from({ length: 40 }, (_, i) => i);
  const correct = scores.map((i) => i >= 20); // high scores are the correct ones
  const r = cumulativeAccuracyDelta({ scores, correct, order: "desc", shuffles: 400, seed: 9 });
  for (const p of r.curve) {
    assert.ok(Math.abs(p.deltaPercent - (100 * (p.accuracy - p.randomMean)) / p.randomMean) < 1e-9);
    assert.ok(Math.abs(p.randomMean - 0.5) < 0.1, `randomMean ${p.randomMean} at k=${p.k}`);
  }
  assert.equal(r.curve[19]!.accuracy, 1); // the 20 correct ones come first
  assert.ok(Math.abs(r.curve[0]!.deltaPercent - 100) < 20);
  const mean = r.curve.reduce((a, p) => a + p.deltaPercent, 0) / 40;
  assert.ok(Math.abs(r.summary.meanDeltaPercent - mean) < 1e-9);
  const area = r.curve.reduce((a, p) => a + p.accuracy - p.randomMean, 0) / 40;
  assert.ok(Math.abs(r.summary.areaDelta - area) < 1e-12);
  assert.ok(r.summary.areaDelta > 0.2);
});

test("randomMean 0: deltaPercent 0 when accuracy is 0 too", () => {
  const r = cumulativeAccuracyDelta({ scores: [1, 2, 3], correct: [0, 0, 0], order: "desc" });
  assert.deepEqual(r.curve.map((p) => p.deltaPercent), [0, 0, 0]);
  assert.equal(r.summary.meanDeltaPercent, 0);
});

test("ties in score are broken by the seed, reproducibly", () => {
  const scores = new Array(12).fill(1);
  const correct = scores.map((_, i) => i % 2 === 0);
  const order = (seed: number) => cumulativeAccuracyDelta({ scores, correct, order: "desc", seed, shuffles: 5 }).curve.map((p) => p.accuracy);
  assert.deepEqual(order(1), order(1));
  const distinct = new Set([1, 2, 3, 4, 5, 6].map((s) => order(s).join(",")));
  assert.ok(distinct.size > 1, "different seeds should give different tie orders");
});

test("errors", () => {
  assert.throws(() => cumulativeAccuracyDelta({ scores: [], correct: [], order: "desc" }), { message: "cumulativeAccuracyDelta requires at least 1 sample" });
  assert.throws(() => cumulativeAccuracyDelta({ scores: [1, 2, 3], correct: [1, 0], order: "desc" }), {
    message: "cumulativeAccuracyDelta requires scores and correct of equal length (got 3 and 2)",
  });
  assert.throws(() => cumulativeAccuracyDelta({ scores: [1, NaN], correct: [1, 0], order: "desc" }), {
    message: "cumulativeAccuracyDelta requires finite scores (scores[1] = NaN)",
  });
  assert.throws(() => cumulativeAccuracyDelta({ scores: [1, 2], correct: [1, 2], order: "desc" }), {
    message: "cumulativeAccuracyDelta requires correct values in [0, 1] (correct[1] = 2)",
  });
  assert.throws(() => cumulativeAccuracyDelta({ scores: [1], correct: [1], order: "desc", shuffles: 0 }), {
    message: "cumulativeAccuracyDelta requires shuffles to be a positive integer (got 0)",
  });
});
