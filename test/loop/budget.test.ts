/** Budget arithmetic (lib/loop/budget.ts) and the run estimate (lib/loop/estimate.ts): pure, no I/O. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mayJudge, mayStartBatch, samplesLeft, tokensPerAttempt } from "../../lib/loop/budget.js";
import { estimateRun, formatTokens } from "../../lib/experiment/estimate.js";
import type { Spent } from "../../lib/loop/spent.js";
import type { RunConfig } from "../../lib/experiment/config.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { criterionNames } from "../../lib/select/registry.js";
import { taskNames } from "../../lib/tasks/registry.js";

const spent = (over: Partial<Spent> = {}): Spent => ({ okSamples: 0, failedSamples: 0, teacherTokens: 0, costUsd: 0, calls: 0, judgeTokens: 0, judgeCalls: 0, ...over });

test("tokensPerAttempt: generation tokens (judging excluded) per attempted sample", () => {
  assert.equal(tokensPerAttempt(spent()), null);
  assert.equal(tokensPerAttempt(spent({ okSamples: 3, failedSamples: 1, teacherTokens: 900, judgeTokens: 100 })), 200);
});

test("mayStartBatch: only when the predicted batch fits; never once the limit is reached", () => {
  assert.equal(mayStartBatch({ samples: 10 }, spent({ teacherTokens: 1e9 }), 16), true, "no token budget");
  assert.equal(mayStartBatch({ teacherTokens: 1000 }, spent(), 16), true, "no history yet");
  const s = spent({ okSamples: 4, teacherTokens: 800 }); // 200 per attempt
  assert.equal(mayStartBatch({ teacherTokens: 1200 }, s, 2), true); // 800 + 400 <= 1200
  assert.equal(mayStartBatch({ teacherTokens: 1199 }, s, 2), false);
  assert.equal(mayStartBatch({ teacherTokens: 800 }, s, 1), false);
  assert.equal(mayJudge({ teacherTokens: 801 }, s), true);
  assert.equal(mayJudge({ teacherTokens: 800 }, s), false);
  assert.equal(samplesLeft({ samples: 10 }, spent({ okSamples: 4 })), 6);
  assert.equal(samplesLeft({ samples: 3 }, spent({ okSamples: 4 })), 0);
  assert.equal(samplesLeft({ teacherTokens: 5 }, spent()), Infinity);
});

function config(extra: Record<string, unknown>): RunConfig {
  return validateRunConfig(
    {
      name: "e",
      task: "arith",
      criterion: "loss",
      budget: { samples: 800 },
      perIteration: 80,
      samplesPerSeed: 1,
      student: { baseModel: "tiny" },
      teacher: { kind: "openai", baseURL: "http://127.0.0.1:1/v1", model: "m", priceTable: { m: { promptPer1M: 0.15, completionPer1M: 0.6 } } },
      ...extra,
    },
    { knownCriteria: criterionNames(), knownTasks: taskNames() },
  );
}

test("estimateRun: calls, tokens, dollars and iterations, described in one line", () => {
  const e = estimateRun(config({}), { poolSize: 1000 });
  // 800 samples x 2 calls; 1600 x (350 + 200) tokens; $ = 1600 x (350 x 0.15 + 200 x 0.6) / 1e6
  assert.deepEqual([e.iterations, e.calls, e.judgeCalls, e.tokens], [10, 1600, 0, 880_000]);
  assert.ok(Math.abs(e.costUsd! - 0.276) < 1e-9);
  assert.equal(e.describe(), "about 1,600 calls, 880.0k tokens (~$0.28) over 10 iterations");
  // a judge adds one call per seed per iteration
  const j = estimateRun(config({ criterion: "llm-judge" }), { poolSize: 1000 });
  assert.deepEqual([j.judgeCalls, j.calls, j.tokens], [10_000, 11_600, 880_000 + 10_000 * 460]);
  assert.match(j.describe(), /^about 11,600 calls, 5\.5M tokens \(~\$\d+\.\d\d\) over 10 iterations, 10,000 of them judging$/);
  // a token budget caps tokens and iterations
  const t = estimateRun(config({ budget: { teacherTokens: 200_000 } }), { poolSize: 1000 });
  assert.deepEqual([t.iterations, t.tokens], [3, 200_000]);
  // the procedural teacher makes no calls
  const p = estimateRun(config({ teacher: { kind: "procedural" } }), { poolSize: 1000 });
  assert.equal(p.describe(), "no teacher calls (procedural teacher) over 10 iterations");
  assert.throws(() => estimateRun(config({}), { poolSize: -1 }), /non-negative integer poolSize/);
});

test("formatTokens", () => {
  assert.deepEqual([formatTokens(950), formatTokens(12_345), formatTokens(2_100_000)], ["950", "12.3k", "2.1M"]);
});

test("criterionOptions: the options the run's criterion declares, well-typed, required ones present", () => {
  assert.deepEqual(config({ criterion: "reward", criterionOptions: { rewardModel: "ft:tiny:gold:1" } }).criterionOptions, { rewardModel: "ft:tiny:gold:1" });
  assert.deepEqual(config({ criterion: "llm-judge-hard", criterionOptions: { judgeThreshold: 4 } }).criterionOptions, { judgeThreshold: 4 });
  assert.throws(() => config({ criterionOptions: 3 }), /"criterionOptions" must be an object/);
  assert.throws(() => config({ criterion: "llm-judge-hard", criterionOptions: { judgeTreshold: 5 } }),
    /"criterionOptions.judgeTreshold" is not an option of criterion llm-judge-hard \(did you mean "judgeThreshold"\?\); llm-judge-hard takes judgeMaxTokens, judgeThreshold/);
  assert.throws(() => config({ criterionOptions: { lionHardFraction: 0.5 } }),
    /"criterionOptions.lionHardFraction" is not an option of criterion loss \(it belongs to lion\); loss takes none/);
  assert.throws(() => config({ criterion: "lion", criterionOptions: { lionHardFraction: 2 } }), /"criterionOptions.lionHardFraction" must be a number in 0..1, got 2/);
  assert.throws(() => config({ criterion: "reward" }), /"criterionOptions.rewardModel" is required by criterion reward/);
});
