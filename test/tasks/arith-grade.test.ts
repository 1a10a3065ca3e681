import { test } from "node:test";
import assert from "node:assert/strict";
import { gradeArith, extractFinalNumber, integerValue, arithTask } from "../../lib/tasks/arith/index.js";

const ref = { id: "r", task: "arith", question: "q", answer: "23 + 45 = 68 , 68 - 12 = 56 #### 56" };

test("extractFinalNumber: after the last ####, else the last number", () => {
  assert.equal(extractFinalNumber("23 + 45 = 68 #### 68"), "68");
  assert.equal(extractFinalNumber("#### 12 #### 068 and 9"), "068");
  assert.equal(extractFinalNumber("23 + 45 = 68 , 68 - 12 = 56"), "56");
  assert.equal(extractFinalNumber("68-12=56 so 56"), "56");
  assert.equal(extractFinalNumber("it is -5"), "-5");
  assert.equal(extractFinalNumber("5-3"), "3", "a minus glued to a digit is an operator");
  assert.equal(extractFinalNumber("23 + 45 = 68 ####"), null, "#### with nothing after it reads nothing");
  assert.equal(extractFinalNumber("no idea"), null);
  assert.equal(extractFinalNumber(""), null);
});

test("integerValue normalises integers and rejects fractions", () => {
  assert.equal(integerValue("068"), "68");
  assert.equal(integerValue("68.00"), "68");
  assert.equal(integerValue("-0"), "0");
  assert.equal(integerValue("-07"), "-7");
  assert.equal(integerValue("3.5"), null);
  assert.equal(integerValue("123456789012345678901234567890"), "123456789012345678901234567890");
});

test("gradeArith on tricky predictions", () => {
  const cases: Array<[string, boolean, string | null]> = [
    [" 23 + 45 = 68 , 68 - 12 = 56 #### 56", true, "56"],
    ["23 + 45 = 68 , 68 - 12 = 56 #### 056", true, "056"],
    ["23 + 45 = 68 , 68 - 12 = 55 #### 56", true, "56"], // the final number is what counts
    ["23 + 45 = 68 , 68 - 12 = 56 #### 55", false, "55"],
    ["23 + 45 = 68 , 68 - 12 = 56", true, "56"], // no ####: last number
    ["56 #### ", false, null],
    ["56.0", true, "56.0"],
    ["56.5", false, "56.5"],
    ["#### -56", false, "-56"],
    ["", false, null],
    ["#### 5 6", false, "5"],
  ];
  for (const [prediction, correct, extracted] of cases) {
    assert.deepEqual(gradeArith(prediction, ref), { correct, extracted }, prediction);
  }
  assert.deepEqual(arithTask.grade("#### 68", { ...ref, answer: "#### 068" }), { correct: true, extracted: "68" });
});

test("gradeArith refuses a reference without a final number, naming it", () => {
  assert.throws(() => gradeArith("1", { ...ref, id: "arith/x/1", answer: "oops" }), /reference arith\/x\/1 has no integer final answer/);
});

test("arithTask prompt format", () => {
  assert.equal(arithTask.name, "arith");
  assert.equal(arithTask.promptVersion, "arith-v1");
  assert.equal(arithTask.prompt("Tom has 2 pens. How many pens does he have?"), "Q: Tom has 2 pens. How many pens does he have?\nA:");
  assert.deepEqual(arithTask.stop, ["\n"]);
  assert.equal(arithTask.maxAnswerTokens, 48);
});
