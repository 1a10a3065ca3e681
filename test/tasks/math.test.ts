import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { grade, loadTask } from "../../lib/tasks/registry.js";
import { lastBoxed, mathEquivalent, normalizeMathAnswer, mathReferenceAnswer } from "../../lib/tasks/math/index.js";
import { DATA_DIR, missingData } from "./data-dir.js";

test("math: every reference solution grades correct against itself (train, MATH-500, full test)", (t) => {
  const why = missingData("math");
  if (why) return t.skip(why);
  const d500 = loadTask("math", { dataDir: DATA_DIR });
  const full = loadTask("math", { dataDir: DATA_DIR, mathTest: "full" });
  assert.equal(d500.seeds.length, 7498); // 7,500 minus the two rows with an empty answer
  assert.equal(d500.test.length, 500);
  assert.equal(full.test.length, 5000);
  for (const ex of [...d500.seeds, ...d500.test, ...full.test]) {
    const r = d500.task.grade(ex.answer, ex);
    assert.ok(r.correct, `${ex.id}: ${r.extracted}`);
  }
  const ex = d500.test[0]!;
  assert.equal(ex.kind, "Precalculus");
  assert.equal(ex.meta?.level, 2);
  assert.equal(ex.id, "math/math500/test/precalculus/807.json");
});

test("math: the last \\boxed{} of each MATH-500 solution is equivalent to its `answer` field", (t) => {
  const why = missingData("math");
  if (why) return t.skip(why);
  const rows = readFileSync(join(DATA_DIR, "math", "math500_test.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const mismatched = rows.filter((r) => !mathEquivalent(lastBoxed(r.solution)!, r.answer));
  assert.deepEqual(mismatched.map((r) => [lastBoxed(r.solution), r.answer]), []);
});

test("math: another problem's answer is not accepted (unless the two answers are written the same)", (t) => {
  const why = missingData("math");
  if (why) return t.skip(why);
  const data = loadTask("math", { dataDir: DATA_DIR, mathTest: "full" });
  let accepted = 0;
  const items = data.test.slice(0, 2000);
  items.forEach((ex, i) => {
    const other = items[(i + 7) % items.length]!;
    const a = mathReferenceAnswer(ex);
    const b = mathReferenceAnswer(other);
    const r = data.task.grade(other.answer, ex);
    if (r.correct) {
      accepted++;
      // Only answers with the same value may match: equal numbers or equal normal forms.
      assert.ok(normalizeMathAnswer(a) === normalizeMathAnswer(b) || Number(normalizeMathAnswer(a)) === Number(eval0(b)), `${a} vs ${b}`);
    }
  });
  assert.ok(accepted < items.length * 0.05, `accepted ${accepted}`);
});

/** Numeric value of a plain number or \frac{a}{b}, for the check above. */
function eval0(s: string): number {
  const n = normalizeMathAnswer(s);
  const m = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/.exec(n);
  return m ? (m[1] ? -1 : 1) * (Number(m[2]) / Number(m[3])) : Number(n);
}

test("math: boxed extraction", () => {
  assert.equal(lastBoxed("$\\boxed{\\frac{\\sqrt{3}}{2}}$"), "\\frac{\\sqrt{3}}{2}");
  assert.equal(lastBoxed("first \\boxed{1}, final \\boxed{\\{1, \\{2\\}\\}}."), "\\{1, \\{2\\}\\}");
  assert.equal(lastBoxed("\\boxed 5$"), "5");
  assert.equal(lastBoxed("\\fbox{7}"), "7");
  assert.equal(lastBoxed("\\boxed{unclosed"), null);
  assert.equal(lastBoxed("no box, the answer is 5"), null);
});

test("math: equivalent answers match", () => {
  const same: Array<[string, string]> = [
    ["\\frac12", "\\frac{1}{2}"],
    ["\\dfrac{1}{2}", "1/2"],
    ["\\tfrac12", "0.5"],
    ["\\frac{2}{4}", "0.50"],
    ["-\\frac{3}{4}", "\\frac{-3}{4}"],
    ["-\\frac34", "-0.75"],
    ["\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})"],
    ["(3, \\dfrac{\\pi}2)", "\\left(3,\\frac{\\pi}{2}\\right)"],
    ["30^\\circ", "30"],
    ["30^{\\circ}", "30°"],
    ["x = 3", "3"],
    ["x=\\frac12", "0.5"],
    ["10\\text{ cm}", "10"],
    ["428\\text{ square centimeters}", "428"],
    ["12\\sqrt{13}\\text{ feet}", "12\\sqrt{13}"],
    ["5\\text{ cm}^2", "5"],
    ["\\sqrt{2}", "\\sqrt2"],
    ["\\frac{\\sqrt{2}}{2}", "\\sqrt{2}/2"],
    ["11,\\!880", "11880"],
    ["24{,}000", "24000"],
    ["(1,2]", "(1, 2]"],
    ["x \\in [1, 2)", "[1,2)"],
    ["(-\\infty, 0) \\cup (0, \\infty)", "(-\\infty,0)\\cup(0,\\infty)"],
    ["(\\frac12, 3)", "(0.5, 3)"],
    ["\\text{Wednesday}", "Wednesday"],
    ["\\text{(C)}", "C"],
    ["6\\frac{1}{6}", "37/6"],
    ["\\$32", "32"],
    ["50\\%", "50"],
    ["y = 2x + 3", "2x+3"],
    ["\\displaystyle\\frac{1}{3}", "\\frac13"],
    ["3.", "3"],
    ["140 degrees", "140"],
  ];
  for (const [a, b] of same) {
    assert.ok(mathEquivalent(a, b), `${a} should equal ${b}`);
    assert.ok(mathEquivalent(b, a), `${b} should equal ${a}`);
  }
});

test("math: different answers do not match", () => {
  const different: Array<[string, string]> = [
    ["(1,2]", "[1,2)"],
    ["(1,2)", "[1,2]"],
    ["(1,2)", "(2,1)"],
    ["\\frac{1}{3}", "0.333"],
    ["\\frac12", "\\frac13"],
    ["-\\frac{1}{2}", "\\frac{1}{2}"],
    ["\\sqrt{2}", "\\sqrt{3}"],
    ["\\sqrt{2}", "2"],
    ["2\\sqrt{2}", "\\sqrt{2}"],
    ["x = 3", "x = 4"],
    ["3", "-3"],
    ["10", "100"],
    ["1,000", "1000,1"],
    ["(1,2,3)", "(1,2)"],
    ["\\text{Wednesday}", "\\text{Thursday}"],
    ["\\pi", "2\\pi"],
    ["\\frac{\\pi}{2}", "\\frac{\\pi}{3}"],
    ["A", "B"],
    ["0", ""],
  ];
  for (const [a, b] of different) {
    assert.equal(mathEquivalent(a, b), false, `${a} must not equal ${b}`);
    assert.equal(mathEquivalent(b, a), false, `${b} must not equal ${a}`);
  }
});

test("math: grading reads only the last \\boxed{} of the prediction", () => {
  assert.deepEqual(grade("math", "First $\\boxed{3}$, no wait: $\\boxed{\\dfrac{1}{2}}$.", "\\boxed{0.5}"), {
    correct: true,
    extracted: "\\dfrac{1}{2}",
  });
  assert.deepEqual(grade("math", "The answer is 1/2.", "1/2"), { correct: false, extracted: null });
  assert.equal(grade("math", "$\\boxed{\\left[ -1, 4 \\right)}$", "[-1,4)").correct, true);
  assert.equal(grade("math", "$\\boxed{(-1, 4]}$", "[-1,4)").correct, false);
});

test("math: normal forms", () => {
  assert.equal(normalizeMathAnswer("\\left( 3, \\dfrac{\\pi}{2} \\right)"), "(3,\\frac{\\pi}{2})");
  assert.equal(normalizeMathAnswer("x = 30^\\circ"), "30");
  assert.equal(normalizeMathAnswer("\\frac1{x}"), "\\frac{1}{x}");
  assert.equal(normalizeMathAnswer(".5"), "0.5");
});
