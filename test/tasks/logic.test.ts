import { test } from "node:test";
import assert from "node:assert/strict";
import { grade, loadTask } from "../../lib/tasks/registry.js";
import { extractLabel, extractOption } from "../../lib/tasks/logic/extract.js";
import { DATA_DIR, missingData } from "./data-dir.js";

const SETS: Array<[string, string, number, number]> = [
  ["prontoqa", "prontoqa", 1500, 500],
  ["proofwriter", "proofwriter", 3000, 600],
  ["logical_deduction", "logical_deduction", 1200, 300],
  ["folio", "folio", 1004, 204],
  ["logiqa", "logiqa", 651, 651],
];

for (const [name, folder, nSeeds, nTest] of SETS) {
  test(`${name}: every row's own reference grades correct, every other option does not`, (t) => {
    const why = missingData(folder);
    if (why) return t.skip(why);
    const data = loadTask(name, { dataDir: DATA_DIR });
    assert.equal(data.seeds.length, nSeeds);
    assert.equal(data.test.length, nTest);
    for (const ex of [...data.seeds, ...data.test]) {
      const r = data.task.grade(ex.answer, ex);
      assert.ok(r.correct, `${ex.id}: ${r.extracted}`);
      const options = ex.meta?.options as string[];
      assert.ok(Array.isArray(options) && options.length >= 2, ex.id);
      const labels = ex.meta?.label !== undefined;
      const choices = labels ? (name === "prontoqa" ? ["True", "False"] : ["True", "False", "Unknown"]) : options.map((o) => o[0]);
      for (const c of choices) {
        if (c === r.extracted) continue;
        assert.equal(data.task.grade(`Let me think.\nAnswer: ${c}`, ex).correct, false, `${ex.id}: ${c}`);
      }
    }
  });
}

test("logic: labels in free text", () => {
  assert.equal(extractLabel("Answer: False"), "False");
  assert.equal(extractLabel("answer: false"), "False");
  assert.equal(extractLabel("The statement is true, so the conclusion is false.\nAnswer: Unknown"), "Unknown");
  assert.equal(extractLabel("unknown"), "Unknown");
  assert.equal(extractLabel("It cannot be determined from the premises."), "Unknown");
  assert.equal(extractLabel("Uncertain"), "Unknown");
  assert.equal(extractLabel("**Answer:** True"), "True");
  assert.equal(extractLabel("The final answer is $\\boxed{\\text{False}}$"), "False");
  assert.equal(extractLabel("Answer:\n\nTrue"), "True");
  assert.equal(extractLabel("Rex is a wumpus, which is true. So Rex is not sour. That means the statement is false."), "False"); // the last sentence decides
  assert.equal(extractLabel("It could be true or false."), null); // two labels, one line
  assert.equal(extractLabel("Answer: True or False"), null); // hedge
  assert.equal(extractLabel("Answer: False, because the premise says so."), "False");
  assert.equal(extractLabel("The answer is (B).", ["True", "False"]), "False"); // letter with options
  assert.equal(extractLabel("I am not sure."), null);
});

test("logic: option letters in free text", () => {
  assert.equal(extractOption("The answer is (B)."), "B");
  assert.equal(extractOption("Answer: B"), "B");
  assert.equal(extractOption("answer: c)"), "C");
  assert.equal(extractOption("Answer: a."), "A");
  assert.equal(extractOption("The answer is a tricky one. I pick (D)."), "D"); // "a" article is not A
  assert.equal(extractOption("Answer: option E"), "E");
  assert.equal(extractOption("(A) is wrong because ... and (C) is wrong too. Answer: (B)"), "B"); // last marker wins
  assert.equal(extractOption("A) fails, C) fails, so the right choice is D)."), null); // several, no marker, last line names 3
  assert.equal(extractOption("A) fails.\nC) fails.\nD)"), "D"); // several, last line names one
  assert.equal(extractOption("Answer: B or C"), null); // hedge
  assert.equal(extractOption("Answer: B, C is wrong"), null); // "B, C" reads as a hedge
  assert.equal(extractOption("Answer: B. C is wrong because..."), "B");
  assert.equal(extractOption("C"), "C");
  assert.equal(extractOption("The correct option is C because A fails."), "C");
  assert.equal(extractOption("no idea"), null);
  assert.equal(grade("logiqa", "**Answer: D**", "d".toUpperCase()).correct, true);
  assert.equal(grade("logical_deduction", "The answer is (B).", "Answer: B").correct, true);
  assert.equal(grade("proofwriter", "the statement is unknown", "Answer: Unknown").correct, true);
  assert.equal(grade("prontoqa", "Answer: Unknown", "False").correct, false);
});

test("grade accepts a reference in the dataset's raw answer form (option letters, lower case, FOLIO's Uncertain)", () => {
  // ProntoQA / ProofWriter rows answer with the letter of their options ["A) True", "B) False", "C) Unknown"]
  assert.equal(grade("prontoqa", "so it is not.\nAnswer: False", "B").correct, true);
  assert.equal(grade("prontoqa", "Answer: True", "B").correct, false);
  assert.equal(grade("proofwriter", "Answer: Unknown", "C").correct, true);
  assert.equal(grade("proofwriter", "Answer: True", "(A)").correct, true);
  // FOLIO's validation file says Uncertain for Unknown
  assert.equal(grade("folio", "Answer: Unknown", "Uncertain").correct, true);
  // LogiQA's files write the right choice in lower case
  assert.equal(grade("logiqa", "Answer: A", "a").correct, true);
  assert.equal(grade("logiqa", "Answer: B", "a").correct, false);
  // still refused: no letter or label at all, or a letter past the label set
  assert.throws(() => grade("prontoqa", "Answer: True", "maybe"), /has no label/);
  assert.throws(() => grade("prontoqa", "Answer: True", "D"), /has no label/);
  assert.throws(() => grade("logiqa", "Answer: A", "none"), /has no option letter/);
});
