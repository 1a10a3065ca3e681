/**
 * The arith task: how the student sees a question and how its answer is graded.
 */
import type { Example, Task } from "../types.js";
import { gradeArith } from "./grade.js";

/**
 * Prompt `Q: <question>\nA:`, completion ` <answer>` (leading space), one line: stop at "\n".
 * @example arithTask.prompt("Tom has 2 pens. He buys 3 more. How many pens does he have now?")
 * // "Q: Tom has 2 pens. He buys 3 more. How many pens does he have now?\nA:"
 */
export const arithTask: Task = {
  name: "arith",
  promptVersion: "arith-v1",
  prompt: (question: string): string => `Q: ${question}\nA:`,
  stop: ["\n"],
  maxAnswerTokens: 48,
  grade: (prediction: string, reference: Example) => gradeArith(prediction, reference),
};

/** The completion the student is trained on for an example: its answer with a leading space. */
export const arithCompletion = (example: Pick<Example, "answer">): string => ` ${example.answer}`;
