/**
 * The `#### <number>` answer format that GSM8K and the arith world share: the reader of a worked
 * answer's final number, and the LLM teacher's template built on it (`math-hash/v1`).
 */
import type { Parsed } from "../teacher/final-answer.js";
import { makeTemplate } from "../teacher/templates.js";

/**
 * The number on the last `#### <number>` line (GSM8K, arith), commas, `$` and a trailing period removed.
 * @example finalHashNumber("3 + 4 = 7\n#### 7") // { ok: true, value: "7" }
 */
export function finalHashNumber(answer: string): Parsed<string> {
  const lines = [...answer.matchAll(/^\s*####\s*(.*?)\s*$/gm)];
  if (lines.length === 0) return { ok: false, reason: "no final answer: expected a last line '#### <number>'" };
  const raw = lines[lines.length - 1]![1]!;
  const cleaned = raw.replace(/[,$\s]/g, "").replace(/\.$/, "");
  if (!/^-?(\d+(\.\d+)?|\.\d+)(\/\d+)?$/.test(cleaned)) return { ok: false, reason: `no final answer: '#### ${raw}' is not a number` };
  return { ok: true, value: cleaned };
}

/** GSM8K, arith: the answer ends with `#### <number>`. */
export const mathHashTemplate = makeTemplate({
  name: "math-hash",
  version: "math-hash/v1",
  questionRule: "It must have a single numerical answer.",
  answerRule: "End with a final line `#### <number>` giving only the final number (no units).",
  checkAnswer: (answer) => finalHashNumber(answer),
});
