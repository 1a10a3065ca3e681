import { test } from "node:test";
import assert from "node:assert/strict";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { estimateExperiment, estimateStudentSeconds, roughTokens, type StudentRates } from "../../lib/experiment/wall-time.js";
import { describeStudentTime } from "../../lib/experiment/student-time.js";
import type { Example } from "../../lib/tasks/types.js";
import type { RunConfig } from "../../lib/experiment/config.js";

// rates of 1 token/s make the expected seconds token counts: every question 35 characters (10
// tokens + 4 of prompt), every answer 7 (2 + 1)
const unit: StudentRates = { generate: 1, score: 1, train: 1, measured: "test" };
const ex = (i: number): Example => ({ id: `e${i}`, task: "arith", question: "x".repeat(35), answer: "y".repeat(7) });
const data = { seeds: Array.from({ length: 20 }, (_, i) => ex(i)), test: Array.from({ length: 10 }, (_, i) => ex(100 + i)) };
const config = (patch: Record<string, unknown>): RunConfig =>
  validateRunConfig({
    name: "r", task: "arith", criterion: "loss", budget: { samples: 8 }, perIteration: 2, samplesPerSeed: 2, scoreSynthetic: [],
    student: { baseModel: "SmolLM2-135M.gguf", hyperparameters: { epochs: 1 } }, teacher: { kind: "procedural" }, ...patch,
  }, { knownCriteria: ["loss", "random", "gt-loss", "entropy"], knownTasks: ["arith"], source: "t.json" });

test("estimateStudentSeconds counts the token work of each step", () => {
  assert.equal(roughTokens("x".repeat(35)), 10);
  const e = estimateStudentSeconds(config({}), data, unit);
  // 2 iterations; evaluate 3 x 10 items x (3 answer + 14 prompt) tokens
  assert.equal(e.parts.evaluate, 3 * 10 * (3 + 14));
  // loss answers (3 + 14) and scores (17) the 20 seeds each iteration
  assert.equal(e.parts.pool, 2 * 20 * (17 + 17));
  // trainFrom base: 4 samples, then 8, of 17 tokens, 1 epoch
  assert.equal(e.parts.train, (4 + 8) * 17);
  assert.equal(e.parts.scoreSamples, 0);
  assert.equal(e.seconds, e.parts.evaluate + e.parts.pool + e.parts.train);
  assert.equal(estimateStudentSeconds(config({ trainFrom: "continue" }), data, unit).parts.train, (4 + 4) * 17);
  assert.equal(estimateStudentSeconds(config({ criterion: "random" }), data, unit).parts.pool, 0);
  assert.equal(estimateStudentSeconds(config({ criterion: "gt-loss" }), data, unit).parts.pool, 2 * 20 * 17);
  // three synthetic criteria: each iteration's 4 children answered once and scored three times
  assert.equal(estimateStudentSeconds(config({ scoreSynthetic: ["loss", "entropy", "gt-loss"] }), data, unit).parts.scoreSamples, 2 * 4 * (17 + 3 * 17));
});

test("a bf16 student generates and trains faster by the measured factors; scoring keeps its rate", () => {
  const fast: StudentRates = { ...unit, bfloat16: { generate: 2, train: 4 } };
  const plain = estimateStudentSeconds(config({}), data, fast);
  assert.equal(plain.parts.train, (4 + 8) * 17); // no trainDtype: the float32 rate
  const server = { genDtype: "bfloat16", trainDtype: "bfloat16" };
  const bf16 = estimateStudentSeconds(config({ student: { baseModel: "SmolLM2-135M.gguf", server, hyperparameters: { epochs: 1 } } }), data, fast);
  assert.equal(bf16.parts.train, ((4 + 8) * 17) / 4);
  // evaluate: 3 answers of 3 generated tokens at 2/s, prompts of 14 scored at 1/s, for 10 items x 3 evaluations
  assert.equal(bf16.parts.evaluate, 3 * 10 * (3 / 2 + 14));
  // only genDtype: training at the float32 rate
  const gen = estimateStudentSeconds(config({ student: { baseModel: "SmolLM2-135M.gguf", server: { genDtype: "bfloat16" }, hyperparameters: { epochs: 1 } } }), data, fast);
  assert.equal(gen.parts.train, (4 + 8) * 17);
});

test("estimateExperiment builds a shared base once and shares the runs out over the workers", () => {
  const run = (seconds: number, pretrain: number, seed: number) => ({
    config: config({ seed, student: { baseModel: "SmolLM2-135M.gguf", hyperparameters: { epochs: 1 }, pretrain: { examples: 10, hyperparameters: { epochs: 1 } } } }),
    estimate: { seconds, parts: { pretrain, evaluate: 0, pool: 0, scoreSamples: 0, train: seconds - pretrain } },
  });
  // one base (100 s) + 4 runs of 300 s own work over 2 workers
  assert.equal(estimateExperiment([run(400, 100, 0), run(400, 100, 1), run(400, 100, 2), run(400, 100, 3)], 2), 100 + 600);
  // more workers than runs: the longest run is the floor
  assert.equal(estimateExperiment([run(400, 100, 0), run(200, 100, 1)], 8), 100 + 300);
});

test("describeStudentTime: an estimate for SmolLM2-135M on CPU, a line without one for other hf models, nothing for tiny or --url", () => {
  const smol = config({});
  const line = describeStudentTime([smol], () => ({ task: { name: "arith" } as never, ...data }), 2, false)!;
  assert.match(line, /^real student: about \d+ s for 1 run\(s\) with 2 workers \(\d+% training, \d+% evaluating, \d+% answering the pool, 0% scoring samples; from rates measured for SmolLM2-135M/);
  const other = config({ student: { baseModel: "Qwen/Qwen2.5-0.5B", hyperparameters: { epochs: 1 } } });
  assert.equal(describeStudentTime([other], () => ({ task: { name: "arith" } as never, ...data }), 1, false), "real student: no measured rate for Qwen/Qwen2.5-0.5B; the first iteration's progress bars give the pace");
  assert.equal(describeStudentTime([config({ student: { baseModel: "tiny", hyperparameters: { epochs: 1 } } })], () => ({ task: { name: "arith" } as never, ...data }), 1, false), null);
  assert.equal(describeStudentTime([smol], () => ({ task: { name: "arith" } as never, ...data }), 1, true), null);
});
