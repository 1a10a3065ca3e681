import { test } from "node:test";
import assert from "node:assert/strict";
import { efficiencyRatio } from "../../lib/stats/efficiency-ratio.js";
import type { LearningPoint } from "../../lib/stats/learning-curves.js";

function curves(spec: Record<string, number[]>, xs = [100, 200, 400], seeds = [1]): LearningPoint[] {
  const out: LearningPoint[] = [];
  for (const [method, acc] of Object.entries(spec)) {
    for (const seed of seeds) xs.forEach((x, i) => out.push({ method, seed, x, accuracy: acc[i]! }));
  }
  return out;
}

test("worked example of the doc: dataFraction 0.5, efficiency 2, baseline never reaches the best", () => {
  const r = efficiencyRatio(curves({ random: [0.3, 0.4, 0.5], loss: [0.4, 0.5, 0.55], entropy: [0.35, 0.45, 0.52] }), { resamples: 50 });
  assert.equal(r.best, "loss");
  assert.deepEqual(r.baselineFinal, { x: 400, accuracy: 0.5 });
  assert.deepEqual(r.bestFinal, { x: 400, accuracy: 0.55 });
  assert.equal(r.dataFraction.value, 0.5);
  assert.equal(r.dataFraction.reached, true);
  assert.equal(r.efficiency.value, 2);
  assert.equal(r.baselineMultiple.reached, false);
  assert.ok(Number.isNaN(r.baselineMultiple.value));
  assert.equal(r.baselineMultiple.bound, 1);
  // one seed per method: every resample is the same curve
  assert.equal(r.dataFraction.lower, 0.5);
  assert.equal(r.dataFraction.upper, 0.5);
  assert.equal(r.baselineMultiple.upper, Infinity);
  assert.equal(r.baselineMultiple.reachedShare, 0);
});

test("interpolated crossing on both conventions", () => {
  // random ends at 0.5 (x=400); best 'loss' reaches 0.5 between x=100 (0.45) and x=200 (0.55): x = 150
  // loss ends at 0.6 (x=400); random reaches 0.6? no -> not reached.
  // With methods restricted to 'slow' (ends 0.45): random reaches 0.45 between 200 (0.4) and 400 (0.5) at 300
  const pts = curves({ random: [0.3, 0.4, 0.5], loss: [0.45, 0.55, 0.6], slow: [0.2, 0.3, 0.45] });
  const r = efficiencyRatio(pts, { resamples: 20 });
  assert.ok(Math.abs(r.dataFraction.value - 150 / 400) < 1e-12);
  assert.ok(Math.abs(r.efficiency.value - 400 / 150) < 1e-12);
  const s = efficiencyRatio(pts, { methods: ["slow"], resamples: 20 });
  assert.equal(s.best, "slow");
  assert.equal(s.dataFraction.reached, false);
  assert.equal(s.dataFraction.bound, 1); // slow's x_max / random's x_final
  assert.ok(Math.abs(s.baselineMultiple.value - 300 / 400) < 1e-12);
});

test("bootstrap over seeds brackets the point estimate and is reproducible", () => {
  const pts: LearningPoint[] = [];
  for (const seed of [1, 2, 3, 4]) {
    const d = (seed - 2.5) * 0.02;
    [100, 200, 400].forEach((x, i) => {
      pts.push({ method: "random", seed, x, accuracy: [0.3, 0.4, 0.5][i]! + d });
      pts.push({ method: "loss", seed, x, accuracy: [0.4, 0.5, 0.55][i]! - d });
    });
  }
  const r = efficiencyRatio(pts, { seed: 7, resamples: 300 });
  assert.equal(r.dataFraction.value, 0.5);
  assert.ok(r.dataFraction.lower < 0.5 && r.dataFraction.upper > 0.5);
  assert.ok(r.efficiency.lower < 2 && r.efficiency.upper > 2);
  assert.deepEqual(efficiencyRatio(pts, { seed: 7, resamples: 300 }), r);
});

test("errors: missing baseline or candidates", () => {
  assert.throws(() => efficiencyRatio(curves({ loss: [0.1, 0.2, 0.3] })), { message: 'efficiencyRatio found no points for the baseline "random"' });
  assert.throws(() => efficiencyRatio(curves({ random: [0.1, 0.2, 0.3] })), { message: "efficiencyRatio found no candidate methods besides the baseline" });
  assert.throws(() => efficiencyRatio(curves({ random: [0.1, 0.2, 0.3] }), { methods: ["lion"] }), { message: 'efficiencyRatio found no points for method "lion"' });
});
