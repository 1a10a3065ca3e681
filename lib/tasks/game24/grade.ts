/**
 * Game of 24 grading: the proposed expression must use exactly the four given numbers, each once,
 * and equal 24 in exact rational arithmetic.
 */
import { equals, rational } from "./rational.js";
import { evaluate, leaves, parseExpression } from "./parse.js";
import type { GradeResult } from "../types.js";

/**
 * The four numbers of a puzzle written as text (`"4 9 10 13"`, `"4, 9, 10, 13"`).
 * @throws Error when the text does not hold exactly four positive integers.
 */
export function parsePuzzle(text: string): bigint[] {
  const nums = text.match(/\d+/g) ?? [];
  if (nums.length !== 4) throw new Error(`a Game of 24 puzzle has four numbers (got ${JSON.stringify(text)})`);
  return nums.map((n) => BigInt(n));
}

const EXPR_CHARS = /[0-9\s+\-−–*×xX·∗/÷()[\]{}]/;

/** The expression just before position `end` (scanning back over expression characters). */
function expressionBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && EXPR_CHARS.test(text[i - 1]!)) i--;
  return trimExpression(text.slice(i, end));
}

/** Drops leading/trailing characters that cannot start/end an expression (a stray `x` from a word, a dash bullet). */
function trimExpression(s: string): string {
  return s.replace(/^[^0-9([{]+/, "").replace(/[^0-9)\]}]+$/, "");
}

/**
 * Finds the proposed expression in free text. Rule: LaTeX and markdown are stripped; then the text
 * after the last "Answer:" (to the end of its line) is used when present, else the whole text; in
 * it, the expression is the run of expression characters just before the last `= 24`; with no
 * `= 24`, the last line that is an expression. Null when nothing is found.
 * @example extractGame24Expression("Steps...\nAnswer: (10 - 4) * (13 - 9) = 24") // "(10 - 4) * (13 - 9)"
 */
export function extractGame24Expression(text: string): string | null {
  let s = text
    .replace(/\\left|\\right|\$|\*\*|`/g, "")
    .replace(/\\times|\\cdot/g, "×")
    .replace(/\\div/g, "÷")
    .replace(/\\boxed\{([^{}]*)\}/g, "$1");
  const answers = [...s.matchAll(/answer\s*(?:is\s*)?:?/gi)];
  if (answers.length > 0) {
    const last = answers[answers.length - 1]!;
    const rest = s.slice(last.index! + last[0].length).replace(/^\s*\n/, "");
    s = rest.split("\n")[0]!;
  }
  const eq = [...s.matchAll(/=\s*24(?!\d|\.\d)/g)];
  if (eq.length > 0) {
    const e = expressionBefore(s, eq[eq.length - 1]!.index!);
    return e === "" ? null : e;
  }
  const lines = s.split("\n").map((l) => trimExpression(l.trim())).filter((l) => l !== "");
  for (let i = lines.length - 1; i >= 0; i--) {
    if ([...lines[i]!].every((c) => EXPR_CHARS.test(c))) return lines[i]!;
  }
  return null;
}

/** Why an expression is not a solution, or null when it is one. */
export function checkGame24(expression: string, puzzle: bigint[]): string | null {
  let tree;
  try {
    tree = parseExpression(expression);
  } catch (err) {
    return `not an expression: ${(err as Error).message}`;
  }
  const used = leaves(tree).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const given = [...puzzle].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (used.length !== given.length || used.some((v, i) => v !== given[i])) {
    return `uses ${used.join(" ")} instead of ${given.join(" ")}`;
  }
  try {
    return equals(evaluate(tree), rational(24n)) ? null : "does not equal 24";
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Grades a prediction for a puzzle (four numbers as text, e.g. `"4 9 10 13"`).
 * `extracted` is the expression read from the prediction.
 */
export function gradeGame24(prediction: string, puzzle: string): GradeResult {
  const numbers = parsePuzzle(puzzle);
  const extracted = extractGame24Expression(prediction);
  return { correct: extracted !== null && checkGame24(extracted, numbers) === null, extracted };
}
