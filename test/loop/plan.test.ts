import { test } from "node:test";
import assert from "node:assert/strict";
import { planSamples } from "../../lib/loop/plan.js";

test("a sample budget is cut into m x k iterations, the last one shorter", () => {
  assert.deepEqual(planSamples({ budget: { samples: 250 }, perIteration: 10, samplesPerSeed: 10 }), [100, 100, 50]);
  assert.deepEqual(planSamples({ budget: { samples: 200 }, perIteration: 10, samplesPerSeed: 10 }), [100, 100]);
  assert.deepEqual(planSamples({ budget: { samples: 7 }, perIteration: 7, samplesPerSeed: 1 }), [7]);
});

test("a token budget has no plan up front", () => {
  assert.equal(planSamples({ budget: { teacherTokens: 1000 }, perIteration: 10, samplesPerSeed: 1 }), null);
});
