/**
 * MATH's side of the LLM teacher: the reader of a worked answer's `\boxed{...}`, and the template
 * built on it (`math-boxed/v1`).
 */
import type { Parsed } from "../../teacher/final-answer.js";
import { makeTemplate } from "../../teacher/templates.js";
import { lastBoxed } from "./boxed.js";

/**
 * The content of the last `\boxed{...}` (MATH), braces balanced, read by the MATH grader's
 * `lastBoxed` so that the value is the one the grader will take; the answer must hold a `\boxed{`.
 * @example finalBoxed("so \\boxed{\\frac{1}{2}}") // { ok: true, value: "\\frac{1}{2}" }
 */
export function finalBoxed(answer: string): Parsed<string> {
  if (!answer.includes("\\boxed{")) return { ok: false, reason: "no final answer: no \\boxed{...}" };
  const value = lastBoxed(answer)?.trim();
  if (value === undefined) return { ok: false, reason: "no final answer: unbalanced \\boxed{" };
  return value === "" ? { ok: false, reason: "no final answer: empty \\boxed{}" } : { ok: true, value };
}

/** MATH: the answer ends with `\boxed{...}`. */
export const mathBoxedTemplate = makeTemplate({
  name: "math-boxed",
  version: "math-boxed/v1",
  questionRule: "It must have a single final answer (a number or an exact expression).",
  answerRule: "Put the final answer in \\boxed{...} at the end.",
  checkAnswer: (answer) => finalBoxed(answer),
});
