/**
 * The logic sets' side of the LLM teacher (ProntoQA, ProofWriter, FOLIO, LogiQA, logical
 * deduction): the reader of a worked answer's final label, and the template built on it (`logic/v1`).
 */
import { finalAnswerLine, type Parsed } from "../../teacher/final-answer.js";
import { makeTemplate } from "../../teacher/templates.js";

const TFU = ["True", "False", "Unknown", "Uncertain"];

/** The first word of an `Answer:` line's value, past opening brackets and `*` (e.g. `(B)` -> `B`). */
const firstWord = (value: string): string => value.replace(/^[\s(*[]+/, "").match(/^[A-Za-z]+/)?.[0] ?? "";

/**
 * The label of the last `Answer: <label>` line. Labels are True/False/Unknown/Uncertain when the seed's is one
 * of them, otherwise a choice letter (A-J), and then one of the letters listed in the question when it lists any.
 */
export function finalLabel(answer: string, seedAnswer: string, question: string): Parsed<string> {
  const line = finalAnswerLine(answer);
  if (!line.ok) return line;
  const word = firstWord(line.value);
  const seedLine = finalAnswerLine(seedAnswer);
  const seedWord = seedLine.ok ? firstWord(seedLine.value) : "";
  if (TFU.some((l) => l.toLowerCase() === seedWord.toLowerCase())) {
    const label = TFU.find((l) => l.toLowerCase() === word.toLowerCase());
    return label ? { ok: true, value: label } : { ok: false, reason: `no final answer: '${line.value}' is not True/False/Unknown/Uncertain` };
  }
  const letter = word.toUpperCase();
  if (!/^[A-J]$/.test(letter)) return { ok: false, reason: `no final answer: '${line.value}' is not a choice letter` };
  const listed = new Set([...question.matchAll(/(?:^|\s|\()([A-J])[).:]/g)].map((m) => m[1]));
  if (listed.size > 0 && !listed.has(letter)) return { ok: false, reason: `no final answer: choice ${letter} is not among the question's options` };
  return { ok: true, value: letter };
}

/** Logic sets (multiple choice or True/False/Unknown): the answer ends `Answer: <label>`. */
export const logicTemplate = makeTemplate({
  name: "logic",
  version: "logic/v1",
  questionRule: "Keep the same kind of answer options as the example (True/False/Unknown or lettered choices), listed the same way.",
  answerRule: "End with a final line `Answer: <label>` where <label> is the answer option (e.g. True, False, Unknown, or a letter).",
  checkAnswer: (answer, question, seed) => finalLabel(answer, seed.answer, question),
});
