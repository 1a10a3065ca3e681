// The efficiency interval in words: bootstrap resamples that never reach the target, or whose
// baseline ends no higher than the curves start, are said in words, never printed as 0.00 or inf.
//   node --test dist/test/loop/summary-interval.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { experimentSummary } from "../../lib/results/summary.js";
import type { CurvePoint } from "../../lib/results/curves.js";

function points(curves: Record<string, number[][]>): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const [method, seeds] of Object.entries(curves)) {
    seeds.forEach((ys, seed) => ys.forEach((accuracy, i) => out.push({ runId: `${method}${seed}`, task: "arith", method, seed, iteration: i, samples: 100 * i, teacherTokens: 0, accuracy })));
  }
  return out;
}
const sentenceOf = (p: CurvePoint[]) => experimentSummary(p, { baseline: "random", methods: ["loss"] }).efficiency[0]!.sentence;

test("every resample reaches: a plain interval", () => {
  const s = sentenceOf(points({ random: [[0.5, 0.55, 0.6], [0.5, 0.56, 0.61], [0.5, 0.54, 0.62]], loss: [[0.5, 0.7, 0.8], [0.5, 0.68, 0.76], [0.5, 0.65, 0.75]] }));
  assert.match(s, /95% CI \d\.\d\d-\d\.\d\d over 3 seeds\)\.$/);
  assert.doesNotMatch(s, /inf|0\.00|bound/);
});

test("a seed that never reaches the target: no lower bound, and how often, in words", () => {
  const s = sentenceOf(points({ random: [[0.5, 0.55, 0.6], [0.5, 0.56, 0.61], [0.5, 0.54, 0.62]], loss: [[0.5, 0.7, 0.8], [0.5, 0.52, 0.55], [0.5, 0.65, 0.75]] }));
  assert.match(s, /95% CI up to \d\.\d\d with no lower bound over 3 seeds \(in \d+% of bootstrap resamples loss never reaches random's final accuracy within its samples\)/);
  assert.doesNotMatch(s, /inf|0\.00/);
});

test("a baseline seed that ends below where it starts: no upper bound, in words", () => {
  const s = sentenceOf(points({ random: [[0.5, 0.55, 0.6], [0.5, 0.52, 0.49], [0.5, 0.54, 0.62]], loss: [[0.5, 0.7, 0.8], [0.5, 0.68, 0.76], [0.5, 0.65, 0.75]] }));
  assert.match(s, /95% CI from \d\.\d\d with no upper bound over 3 seeds \(in some resamples random ends no higher than loss's first point\)/);
  assert.doesNotMatch(s, /inf/);
});
