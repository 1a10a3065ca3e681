import { test } from "node:test";
import assert from "node:assert/strict";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { ConfigError } from "../../lib/experiment/config.js";

const known = { knownCriteria: ["random", "loss"], knownTasks: ["arith", "gsm8k"], source: "exp.json" };
const good = {
  name: "r1",
  task: "arith",
  criterion: "loss",
  budget: { samples: 100 },
  perIteration: 10,
  samplesPerSeed: 2,
  student: { baseModel: "tiny", hyperparameters: { steps: 10 } },
  teacher: { kind: "procedural" },
};

test("a good config gets its defaults", () => {
  const c = validateRunConfig(good, known);
  assert.equal(c.method, "active");
  assert.equal(c.selection, "top");
  assert.equal(c.trainFrom, "base");
  assert.equal(c.seed, 0);
  assert.equal(c.generationConcurrency, 16);
  assert.deepEqual(c.student.hyperparameters, { steps: 10 });
});

test("scoreSynthetic: kept when given (an empty list turns it off), absent by default, teacher-side criteria refused", () => {
  assert.equal(validateRunConfig(good, known).scoreSynthetic, undefined);
  assert.deepEqual(validateRunConfig({ ...good, scoreSynthetic: [] }, known).scoreSynthetic, []);
  assert.deepEqual(validateRunConfig({ ...good, scoreSynthetic: ["loss"] }, known).scoreSynthetic, ["loss"]);
  assert.throws(
    () => validateRunConfig({ ...good, scoreSynthetic: ["llm-judge"] }, { ...known, knownCriteria: ["random", "loss", "llm-judge"] }),
    /"scoreSynthetic\[0\]" "llm-judge" cannot score samples: it calls the teacher/,
  );
});

test("static runs select at random whatever criterion is written", () => {
  assert.equal(validateRunConfig({ ...good, method: "static", criterion: undefined }, known).criterion, "random");
});

const bad: Array<[string, Record<string, unknown>, RegExp]> = [
  ["unknown criterion", { criterion: "vibes" }, /exp\.json: "criterion" is unknown: "vibes"; known: random, loss/],
  ["unknown task", { task: "chess" }, /"task" is unknown: "chess"/],
  ["budget below one iteration", { budget: { samples: 5 } }, /"budget.samples" \(5\) is below one iteration's samples, perIteration x samplesPerSeed = 20/],
  ["missing budget", { budget: undefined }, /"budget" is missing/],
  ["missing field", { perIteration: undefined }, /"perIteration" must be an integer >= 1/],
  ["bad hyperparameter", { student: { hyperparameters: { epohcs: 2 } } }, /"student.hyperparameters.epohcs" is not a hyperparameter/],
  ["scoreSynthetic not a list", { scoreSynthetic: "loss" }, /"scoreSynthetic" must be an array of criterion names/],
  ["scoreSynthetic unknown criterion", { scoreSynthetic: ["loss", "vibes"] }, /"scoreSynthetic\[1\]" is unknown: "vibes"/],
  ["bad teacher", { teacher: { kind: "oracle" } }, /"teacher.kind" must be one of procedural, openai/],
  ["openai teacher without model", { teacher: { kind: "openai", baseURL: "http://x" } }, /"teacher.model" must be a non-empty string/],
  ["bad name", { name: "a b" }, /"name" may only hold/],
];
for (const [what, patch, message] of bad) {
  test(`rejects: ${what}`, () => {
    assert.throws(() => validateRunConfig({ ...good, ...patch }, known), (e: unknown) => e instanceof ConfigError && message.test((e as Error).message));
  });
}

test("a misspelt top-level field is named", () => {
  assert.throws(() => validateRunConfig({ ...good, perIteraton: 3 }, known), /"perIteraton" is not a config field/);
});
