import { test } from "node:test";
import assert from "node:assert/strict";
import { nextIteration, planSamples, plannedIterations, resumedIteration } from "../../lib/loop/plan.js";
import type { Spent } from "../../lib/loop/spent.js";

const plan = { perIteration: 10, samplesPerSeed: 10, maxIterations: 20 };
const spent = (okSamples: number, teacherTokens = 0): Spent =>
  ({ okSamples, failedSamples: 0, teacherTokens, costUsd: 0, calls: okSamples, judgeTokens: 0, judgeCalls: 0 });

test("a sample budget is cut into m x k iterations, the last one shorter, at most maxIterations", () => {
  assert.deepEqual(planSamples({ ...plan, budget: { samples: 250 } }), [100, 100, 50]);
  assert.deepEqual(planSamples({ ...plan, budget: { samples: 200 } }), [100, 100]);
  assert.deepEqual(planSamples({ budget: { samples: 7 }, perIteration: 7, samplesPerSeed: 1, maxIterations: 5 }), [7]);
  assert.deepEqual(planSamples({ ...plan, budget: { samples: 1000 }, maxIterations: 3 }), [100, 100, 100]);
  assert.equal(plannedIterations({ ...plan, budget: { samples: 250 } }), 3);
});

test("a token budget has no plan up front: maxIterations is the bound", () => {
  assert.equal(planSamples({ ...plan, budget: { teacherTokens: 1000 } }), null);
  assert.equal(plannedIterations({ ...plan, budget: { teacherTokens: 1000 } }), 20);
});

test("the next iteration takes what the budget has left; none once it is spent", () => {
  const config = { ...plan, budget: { samples: 250 }, generationConcurrency: 16 };
  assert.deepEqual(nextIteration(config, spent(0)), { attempts: 100, seeds: 10 });
  assert.deepEqual(nextIteration(config, spent(200)), { attempts: 50, seeds: 5 });
  assert.deepEqual(nextIteration(config, spent(245)), { attempts: 5, seeds: 1 });
  assert.equal(nextIteration(config, spent(250)), null);
  const tokens = { ...plan, budget: { teacherTokens: 1000 }, generationConcurrency: 16 };
  assert.deepEqual(nextIteration(tokens, spent(0)), { attempts: 100, seeds: 10 });
  assert.equal(nextIteration(tokens, spent(10, 1000)), null, "limit reached");
  assert.equal(nextIteration(tokens, spent(10, 900)), null, "16 more at 90 tokens each would pass the limit");
});

test("a resumed iteration's plan is read back from its selection, cut to the sample budget", () => {
  assert.deepEqual(resumedIteration({ budget: { samples: 250 }, samplesPerSeed: 10 }, 10, 200), { attempts: 50, seeds: 0 });
  assert.deepEqual(resumedIteration({ budget: { samples: 250 }, samplesPerSeed: 10 }, 10, 0), { attempts: 100, seeds: 0 });
  assert.deepEqual(resumedIteration({ budget: { teacherTokens: 9 }, samplesPerSeed: 10 }, 3, 0), { attempts: 30, seeds: 0 });
});
