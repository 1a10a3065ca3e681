import { test } from "node:test";
import assert from "node:assert/strict";
import { finalAnswerLine, parseQuestionBlock } from "../../lib/teacher/final-answer.js";

test("parseQuestionBlock is strict", () => {
  assert.deepEqual(parseQuestionBlock("Here:\n<question>\n What is 2+3? \n</question>", "x"), { ok: true, value: "What is 2+3?" });
  assert.match((parseQuestionBlock("What is 2+3?", "x") as { reason: string }).reason, /no <question>/);
  assert.match((parseQuestionBlock("<question>a</question><question>b</question>", "x") as { reason: string }).reason, /2 <question> blocks/);
  assert.match((parseQuestionBlock("<question>  </question>", "x") as { reason: string }).reason, /empty/);
  assert.match((parseQuestionBlock("<question>Ann has  3 apples.</question>", "ann has 3 apples.") as { reason: string }).reason, /copies the seed/);
});

test("finalAnswerLine takes the last Answer: line", () => {
  assert.deepEqual(finalAnswerLine("Answer: 1\nthen\nanswer:  (B) because "), { ok: true, value: "(B) because" });
  assert.match((finalAnswerLine("no final line") as { reason: string }).reason, /no 'Answer: \.\.\.' line/);
});
