/**
 * A Game of 24 worked answer in the task's answer form: one line of steps (each operation of the
 * solver's expression with its exact value), then `Answer: <expression> = 24`.
 */
import { evaluate, parseExpression, type Expr } from "./parse.js";
import { formatRational } from "./rational.js";
import { solveGame24 } from "./solve.js";

/**
 * The operations of an expression in evaluation order, each as `a op b = value`.
 * @example workedSteps("(10 - 4) * (13 - 9)") // ["10 - 4 = 6", "13 - 9 = 4", "6 * 4 = 24"]
 */
export function workedSteps(expression: string): string[] {
  const steps: string[] = [];
  const walk = (e: Expr): string => {
    if (e.kind === "num") return String(e.value);
    const left = walk(e.left);
    const right = walk(e.right);
    const value = formatRational(evaluate(e));
    steps.push(`${left} ${e.op} ${right} = ${value}`);
    return value;
  };
  walk(parseExpression(expression));
  return steps;
}

/**
 * The worked answer to a puzzle with the solver's expression, or null when it cannot make 24.
 * @example game24WorkedAnswer([4, 9, 10, 13])?.answer // "Steps: 4 - 10 = -6, 9 - 13 = -4, -6 * -4 = 24.\nAnswer: (4 - 10) * (9 - 13) = 24"
 */
export function game24WorkedAnswer(numbers: readonly number[]): { answer: string; expression: string } | null {
  const expression = solveGame24(numbers.map((n) => BigInt(n)));
  if (expression === null) return null;
  return { answer: `Steps: ${workedSteps(expression).join(", ")}.\nAnswer: ${expression} = 24`, expression };
}
