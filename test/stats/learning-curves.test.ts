import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurves, type LearningPoint } from "../../lib/stats/learning-curves.js";

const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test("mean over seeds on the union of x, interpolating inside each seed's range only", () => {
  const points: LearningPoint[] = [
    { method: "loss", seed: 1, x: 100, accuracy: 0.4 },
    { method: "loss", seed: 1, x: 300, accuracy: 0.6 },
    { method: "loss", seed: 2, x: 100, accuracy: 0.2 },
    { method: "loss", seed: 2, x: 200, accuracy: 0.4 },
    { method: "random", seed: 1, x: 100, accuracy: 0.1 },
  ];
  const [loss, random] = learningCurves(points, { resamples: 200, seed: 1 });
  assert.ok(loss && random);
  assert.equal(loss.method, "loss");
  assert.deepEqual(loss.points.map((p) => p.x), [100, 200, 300]);
  // x=200: seed 1 interpolated 0.5, seed 2 has 0.4 -> 0.45; x=300: only seed 1 covers it
  close(loss.points[0]!.mean, 0.3);
  close(loss.points[1]!.mean, 0.45);
  close(loss.points[2]!.mean, 0.6);
  assert.deepEqual(loss.points.map((p) => p.nSeeds), [2, 2, 1]);
  assert.deepEqual(loss.seeds.map((s) => s.seed), [1, 2]);
  assert.deepEqual(loss.seeds[0]!.x, [100, 300]);
  // bootstrap over two seeds: the mean of a resample is 0.2, 0.3 or 0.4 at x=100
  assert.ok(loss.points[0]!.lower >= 0.2 - 1e-12 && loss.points[0]!.upper <= 0.4 + 1e-12);
  assert.ok(loss.points[0]!.lower < 0.3 && loss.points[0]!.upper > 0.3);
  // one seed: degenerate interval
  assert.deepEqual(random.points, [{ x: 100, mean: 0.1, lower: 0.1, upper: 0.1, nSeeds: 1 }]);
});

test("bootstrap band is reproducible from the seed", () => {
  const points: LearningPoint[] = [];
  for (let s = 0; s < 5; s++) for (const x of [1, 2]) points.push({ method: "m", seed: `s${s}`, x, accuracy: 0.1 * s + x / 10 });
  assert.deepEqual(learningCurves(points, { seed: 5 }), learningCurves(points, { seed: 5 }));
});

test("errors: empty, NaN, duplicates, mixed datasets", () => {
  assert.throws(() => learningCurves([]), { message: "learningCurves requires at least 1 point" });
  assert.throws(() => learningCurves([{ method: "a", seed: 1, x: 1, accuracy: NaN }]), {
    message: "learningCurves requires finite x and accuracy (points[0].accuracy = NaN)",
  });
  assert.throws(() => learningCurves([{ method: "a", seed: 1, x: 1, accuracy: 0 }, { method: "a", seed: 1, x: 1, accuracy: 1 }]), {
    message: "learningCurves requires one point per (method, seed, x) (points[1] repeats a/1/1)",
  });
  assert.throws(
    () => learningCurves([
      { method: "a", seed: 1, x: 1, accuracy: 0, dataset: "gsm8k", model: "q" },
      { method: "a", seed: 1, x: 2, accuracy: 0, dataset: "math", model: "q" },
    ]),
    { message: "learningCurves requires points of one dataset and model (got gsm8k/q and math/q); filter first" },
  );
});
