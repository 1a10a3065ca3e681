/**
 * Game of 24 checks of LLM teacher output (used by template.ts): read the four numbers of a puzzle,
 * evaluate an arithmetic expression exactly, and decide whether a puzzle is solvable. Parsing,
 * exact evaluation and the solver are parse.ts's and solve.ts's; this file only shapes their
 * results into the teacher's rejection reasons.
 * The grader (grade.ts) decides whether an answer is right; these checks validate new puzzles and
 * explain why an answer was rejected.
 */
import { evaluate as evaluateTree, leaves, parseExpression } from "./parse.js";
import { solveGame24 } from "./solve.js";

/** The integers of a puzzle text, e.g. `"Use 4 7 8 8 to make 24"` -> [4, 7, 8, 8] (the target 24 is dropped when five numbers are found). */
export function puzzleNumbers(question: string): number[] {
  const nums = (question.match(/\d+/g) ?? []).map(Number);
  if (nums.length === 5 && nums.includes(24)) nums.splice(nums.lastIndexOf(24), 1);
  return nums;
}

/**
 * Evaluates `expr` exactly (the task module's grammar: integers, + - * / and parentheses, with
 * `×`, `÷` and the other spellings it accepts) and lists the integers it uses.
 * Throws a `SyntaxError` on bad input, `RangeError` on division by zero.
 * @example evaluate("(1 + 2 + 3) * 4") // { value: 24, numbers: [1, 2, 3, 4] }
 */
export function evaluate(expr: string): { value: number; numbers: number[] } {
  let tree;
  try {
    tree = parseExpression(expr);
  } catch (error) {
    throw new SyntaxError(`game24 expression: ${(error as Error).message} in "${expr}"`);
  }
  const v = evaluateTree(tree);
  return { value: Number(v.n) / Number(v.d), numbers: leaves(tree).map(Number) };
}

/** Whether `expr` uses exactly the puzzle's numbers (each once) and equals 24; a reason when not. */
export function checkExpression(expr: string, puzzle: number[]): { ok: true } | { ok: false; reason: string } {
  let result: { value: number; numbers: number[] };
  try {
    result = evaluate(expr);
  } catch (error) {
    return { ok: false, reason: `unreadable expression: ${(error as Error).message}` };
  }
  const used = [...result.numbers].sort((a, b) => a - b).join(",");
  const want = [...puzzle].sort((a, b) => a - b).join(",");
  if (used !== want) return { ok: false, reason: `expression uses [${used}], puzzle is [${want}]` };
  if (Math.abs(result.value - 24) > 1e-9) return { ok: false, reason: `expression equals ${result.value}, not 24` };
  return { ok: true };
}

/** Whether the numbers can make 24 with + - * / (the task module's solver). */
export function solvable(numbers: number[]): boolean {
  return solveGame24(numbers.map((n) => BigInt(n))) !== null;
}
