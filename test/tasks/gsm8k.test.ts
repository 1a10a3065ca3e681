import { test } from "node:test";
import assert from "node:assert/strict";
import { grade, loadTask } from "../../lib/tasks/registry.js";
import { extractGsm8kAnswer } from "../../lib/tasks/gsm8k.js";
import { canonicalNumber } from "../../lib/tasks/numbers.js";
import { DATA_DIR, missingData } from "./data-dir.js";

test("gsm8k: every row's own reference answer grades correct; a changed number does not", (t) => {
  const why = missingData("gsm8k");
  if (why) return t.skip(why);
  const data = loadTask("gsm8k", { dataDir: DATA_DIR });
  assert.equal(data.seeds.length, 7473);
  assert.equal(data.test.length, 1319);
  for (const ex of [...data.seeds, ...data.test]) {
    const r = data.task.grade(ex.answer, ex);
    assert.ok(r.correct, `${ex.id}: extracted ${r.extracted}`);
    assert.equal(r.extracted, ex.meta?.final);
    const wrong = ex.answer.replace(/####[^\n]*$/, `#### ${BigInt(r.extracted!.split(".")[0]!) + 1n}`);
    assert.equal(data.task.grade(wrong, ex).correct, false, ex.id);
  }
  assert.equal(data.seeds[1]!.id, "gsm8k/train/1");
  assert.equal(data.seeds[1]!.meta?.line, 2);
});

test("gsm8k: final numbers however written", () => {
  const ok = (pred: string, ref: string) => assert.equal(grade("gsm8k", pred, ref).correct, true, `${pred} vs ${ref}`);
  const no = (pred: string, ref: string) => assert.equal(grade("gsm8k", pred, ref).correct, false, `${pred} vs ${ref}`);
  ok("#### 1,000", "1000");
  ok("She pays $1000.00 in total.", "#### 1000");
  ok("So the total is 1000.", "1000");
  ok("The answer is 1000 dollars", "1000");
  ok("The answer is 1000 dollars, since 20 x 50 = 1000 and she had 3 bags.", "1000"); // marker wins over the last number
  ok("#### 1,000.00", "#### 1,000"); // the data itself writes "#### 2,125"
  ok("He is down $5, so\n#### -5", "-5");
  ok("The temperature is −12 degrees.", "-12");
  ok("#### 12.50", "12.5");
  ok("#### 7.0", "7");
  ok("that is 0.5 of it: .5", "0.5");
  ok("20 - 5 = 15\n#### 15", "15");
  ok("**Answer:** 72", "72");
  no("#### 1001", "1000");
  no("#### 100", "1000");
  no("#### 5", "-5");
  no("#### 12.51", "12.5");
  no("I don't know.", "3");
  assert.equal(grade("gsm8k", "I don't know.", "3").extracted, null);
  assert.equal(grade("gsm8k", "Cost: 10 - 5 = 5 dollars", "5").extracted, "5"); // "- 5" is subtraction, not -5
});

test("gsm8k: canonical numbers", () => {
  assert.equal(canonicalNumber("$1,000.00"), "1000");
  assert.equal(canonicalNumber("-0.0"), "0");
  assert.equal(canonicalNumber("007"), "7");
  assert.equal(canonicalNumber("1,00"), null);
  assert.equal(extractGsm8kAnswer("#### 109,200,000"), "109200000");
  assert.equal(extractGsm8kAnswer("lists 1,2,3 then 4"), "4");
});
