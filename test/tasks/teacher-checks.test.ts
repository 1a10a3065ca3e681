// Each task's checks of LLM teacher output, which live with the task (the generic readers are
// test/teacher/final-answer.test.ts's).
import { test } from "node:test";
import assert from "node:assert/strict";
import { finalHashNumber } from "../../lib/tasks/math-hash.js";
import { finalBoxed } from "../../lib/tasks/math/template.js";
import { finalLabel } from "../../lib/tasks/logic/template.js";
import { checkExpression, evaluate, puzzleNumbers, solvable } from "../../lib/tasks/game24/check.js";

test("finalHashNumber reads the last #### line", () => {
  assert.deepEqual(finalHashNumber("3 + 4 = 7\n#### 7"), { ok: true, value: "7" });
  assert.deepEqual(finalHashNumber("#### 1\nwait\n#### $1,234.50."), { ok: true, value: "1234.50" });
  assert.deepEqual(finalHashNumber("#### -3"), { ok: true, value: "-3" });
  assert.equal(finalHashNumber("the answer is 7").ok, false);
  assert.match((finalHashNumber("#### seven") as { reason: string }).reason, /not a number/);
});

test("finalBoxed takes the last boxed with nested braces", () => {
  assert.deepEqual(finalBoxed("first \\boxed{1} then \\boxed{\\frac{1}{2}}."), { ok: true, value: "\\frac{1}{2}" });
  assert.equal(finalBoxed("\\boxed{\\frac{1}{2}").ok, false);
  assert.equal(finalBoxed("\\boxed{}").ok, false);
  assert.equal(finalBoxed("no box").ok, false);
});

test("finalLabel: True/False/Unknown after such a seed, else a listed letter", () => {
  const tfuSeed = "reasoning\nAnswer: Unknown";
  assert.deepEqual(finalLabel("so\nAnswer: true", tfuSeed, "q"), { ok: true, value: "True" });
  assert.equal(finalLabel("Answer: B", tfuSeed, "q").ok, false);
  const mcSeed = "Answer: (C)";
  assert.deepEqual(finalLabel("Answer: (B) because", mcSeed, "Pick: (A) x (B) y (C) z"), { ok: true, value: "B" });
  assert.match((finalLabel("Answer: D", mcSeed, "Pick: (A) x (B) y (C) z") as { reason: string }).reason, /not among/);
  assert.equal(finalLabel("I pick B", mcSeed, "q").ok, false);
});

test("game24: exact rational evaluation, number use and solvability", () => {
  assert.deepEqual(evaluate("8 / (3 - 8 / 3)"), { value: 24, numbers: [8, 3, 8, 3] });
  assert.deepEqual(checkExpression("8 ÷ (3 − 8 ÷ 3)".replace("−", "-"), [3, 3, 8, 8]), { ok: true });
  assert.match((checkExpression("1 + 2 + 3 + 4", [1, 2, 3, 4]) as { reason: string }).reason, /equals 10/);
  assert.match((checkExpression("(1 + 2 + 3) * 4 * 1", [1, 2, 3, 4]) as { reason: string }).reason, /uses/);
  assert.match((checkExpression("(1 + 2 + ) * 4", [1, 2, 3, 4]) as { reason: string }).reason, /unreadable/);
  assert.throws(() => evaluate("4 / (2 - 2)"), RangeError);
  assert.deepEqual(puzzleNumbers("Use 4, 7, 8, 8 to make 24"), [4, 7, 8, 8]);
  assert.equal(solvable([3, 3, 8, 8]), true);
  assert.equal(solvable([1, 1, 1, 1]), false);
});
