import { test } from "node:test";
import assert from "node:assert/strict";
import { grade, loadTask } from "../../lib/tasks/registry.js";
import { evaluate, parseExpression, solveGame24 } from "../../lib/tasks/game24/index.js";
import { formatRational } from "../../lib/tasks/game24/rational.js";
import { DATA_DIR, missingData } from "./data-dir.js";

test("game24: every puzzle is solved and its reference expression grades correct; ToT test split", (t) => {
  const why = missingData("game24");
  if (why) return t.skip(why);
  const data = loadTask("game24", { dataDir: DATA_DIR });
  assert.equal(data.test.length, 100);
  assert.equal(data.seeds.length, 1262); // 1,362 puzzles in the file (SOURCE.md says 1,361)
  assert.equal(data.test[0]!.question, "4 5 6 10");
  assert.equal(data.test[0]!.id, "game24/test/901");
  for (const ex of [...data.seeds, ...data.test]) {
    assert.equal(ex.meta?.solvable, true, ex.id);
    assert.ok(data.task.grade(ex.answer, ex).correct, `${ex.id}: ${ex.answer}`);
    // The same expression is wrong for a puzzle with one number changed.
    const nums = ex.question.split(" ").map(Number);
    nums[0]! += 1;
    assert.equal(grade("game24", ex.answer, nums.join(" ")).correct, false, ex.id);
  }
  const random = loadTask("game24", { dataDir: DATA_DIR, game24Test: "random", seed: 3 });
  assert.equal(random.test.length, 136);
  assert.deepEqual(loadTask("game24", { dataDir: DATA_DIR, game24Test: "random", seed: 3 }).test.map((e) => e.id), random.test.map((e) => e.id));
});

test("game24: grading proposed expressions", () => {
  const ok = (pred: string, puzzle: string) => assert.equal(grade("game24", pred, puzzle).correct, true, `${pred} | ${puzzle}`);
  const no = (pred: string, puzzle: string) => assert.equal(grade("game24", pred, puzzle).correct, false, `${pred} | ${puzzle}`);
  ok("(10 - 4) * (13 - 9) = 24", "4 9 10 13");
  ok("Answer: (13 - 9) * (10 - 4) = 24", "4 9 10 13");
  ok("10 - 4 = 6\n13 - 9 = 4\n6 * 4 = 24\nAnswer: (10-4)*(13-9) = 24", "4 9 10 13");
  ok("4 / (1 - 2/3) = ... no: 6 / (1 - 3/4) = 24", "1 3 4 6"); // 6/(1/4): exact fractions
  ok("Answer: 8 / (3 - 8/3) = 24", "3 3 8 8");
  ok("(10 − 4) × (13 − 9) = 24", "4 9 10 13"); // unicode minus and times
  ok("$\\left(10 - 4\\right) \\times (13 - 9) = 24$", "4 9 10 13");
  ok("[(5 + 5) - 4] × 4 = 24", "4 4 5 5".replace("4 4", "4 4")); // 6*4
  ok("Answer: 1 * 4 * 6 * 1", "1 1 4 6"); // no "= 24": the answer line itself
  ok("24 ÷ 1 ÷ 1 × 1 = 24", "1 1 1 24");
  no("(10 - 4) * (13 - 9) = 24", "4 9 10 12"); // wrong numbers
  no("4 * 6 = 24", "1 1 4 6"); // numbers unused
  no("(6 - 1) * 4 + 4 * 1 = 24", "1 1 4 6"); // 4 reused
  no("6 / (1 - 1) * 4 = 24", "1 1 4 6"); // division by zero
  no("(10 - 4) * (13 - 9) + 1 = 24", "4 9 10 13");
  no("-4 + 6 * 1 * 1 = 24", "1 1 4 6"); // unary minus is not allowed
  no("1.5 * 16 = 24", "1 1 4 6");
  no("I cannot find a solution.", "1 1 4 6");
  no("import('fs') = 24", "1 1 4 6");
  no("((1 + 1) * 4 * 6", "1 1 4 6");
  no("", "1 1 4 6");
  assert.equal(grade("game24", "Answer: (1 + 1) * 6 + 4 * 1 = 24? no", "1 1 4 6").extracted, "(1 + 1) * 6 + 4 * 1");
});

test("game24: parser and exact evaluation", () => {
  assert.equal(formatRational(evaluate(parseExpression("4 / (1 - 2/3)"))), "12");
  assert.equal(formatRational(evaluate(parseExpression("1 - 2 - 3"))), "-4"); // left-associative
  assert.equal(formatRational(evaluate(parseExpression("8 / 4 / 2"))), "1");
  assert.equal(formatRational(evaluate(parseExpression("2 + 3 * 4"))), "14");
  assert.equal(formatRational(evaluate(parseExpression("1/3 + 1/6"))), "1/2");
  assert.throws(() => evaluate(parseExpression("1 / (2 - 2)")), /division by zero/);
  assert.throws(() => parseExpression("2 +"), /unexpected end/);
  assert.throws(() => parseExpression("(2"), /missing closing/);
  assert.throws(() => parseExpression("2 3"), /after the expression/);
  assert.throws(() => parseExpression("process.exit()"), /unexpected character/);
  assert.equal(solveGame24([1n, 1n, 1n, 1n]), null);
  assert.ok(solveGame24([3n, 3n, 8n, 8n]) !== null);
});
