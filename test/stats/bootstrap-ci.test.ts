import { test } from "node:test";
import assert from "node:assert/strict";
import { bootstrapCI } from "../../lib/stats/bootstrap-ci.js";
import { quantileSorted } from "../../lib/stats/quantile-sorted.js";

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

test("quantileSorted interpolates linearly like numpy.percentile", () => {
  // /usr/bin/python3 -c "import numpy as np; print(np.percentile([1,2,3,4],[25,50,97.5]))" -> [1.75 2.5 3.925]
  assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(quantileSorted([1, 2, 3, 4], 0.975) - 3.925) < 1e-12);
  assert.equal(quantileSorted([7], 0.3), 7);
  assert.throws(() => quantileSorted([], 0.5), { message: "quantileSorted requires at least 1 value" });
});

test("percentile bootstrap of the mean: estimate exact, bounds inside the range, reproducible", () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const a = bootstrapCI(values, mean, { resamples: 2000, seed: 3 });
  const b = bootstrapCI(values, mean, { resamples: 2000, seed: 3 });
  assert.deepEqual(a, b);
  assert.equal(a.estimate, 5.5);
  // Normal theory: SE = 2.872 / sqrt(10) = 0.908 (plug-in sd), so 95% bounds near 5.5 -+ 1.78 = [3.72, 7.28]
  assert.ok(a.lower > 3.4 && a.lower < 4.1, `lower ${a.lower}`);
  assert.ok(a.upper > 6.9 && a.upper < 7.6, `upper ${a.upper}`);
  assert.notDeepEqual(bootstrapCI(values, mean, { resamples: 2000, seed: 4 }), a);
});

test("one value, or a constant sample, gives a degenerate interval", () => {
  assert.deepEqual(bootstrapCI([4], mean, { resamples: 50 }), { estimate: 4, lower: 4, upper: 4, confidence: 0.95, resamples: 50 });
  const c = bootstrapCI([2, 2, 2], mean, { resamples: 50 });
  assert.equal(c.lower, 2);
  assert.equal(c.upper, 2);
});

test("errors name the bad option", () => {
  assert.throws(() => bootstrapCI([], mean), { message: "bootstrapCI requires at least 1 value" });
  assert.throws(() => bootstrapCI([1], mean, { confidence: 95 }), { message: "bootstrapCI requires confidence in (0, 1) (got 95)" });
  assert.throws(() => bootstrapCI([1], mean, { resamples: 0 }), { message: "bootstrapCI requires resamples to be a positive integer (got 0)" });
});
