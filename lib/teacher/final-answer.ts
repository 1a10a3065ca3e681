/**
 * Strict readers of teacher output: the new question between `<question>` markers, and the final
 * result of a worked answer in each task's format. Each returns the value or a reason.
 */
import { lastBoxed } from "../tasks/math/boxed.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const norm = (s: string): string => s.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * The text between the only `<question>`...`</question>` pair (text outside is ignored).
 * Fails on no pair, several pairs, an empty question, one over `maxChars`, or a copy of `seedQuestion`.
 */
export function parseQuestionBlock(text: string, seedQuestion: string, maxChars = 4000): Parsed<string> {
  const blocks = [...text.matchAll(/<question>([\s\S]*?)<\/question>/gi)];
  if (blocks.length === 0) return { ok: false, reason: "malformed question: no <question>...</question> block" };
  if (blocks.length > 1) return { ok: false, reason: `malformed question: ${blocks.length} <question> blocks, expected one` };
  const question = blocks[0]![1]!.trim();
  if (question === "") return { ok: false, reason: "malformed question: empty <question> block" };
  if (/<\/?question>/i.test(question)) return { ok: false, reason: "malformed question: nested <question> marker" };
  if (question.length > maxChars) return { ok: false, reason: `malformed question: ${question.length} characters, limit ${maxChars}` };
  if (norm(question) === norm(seedQuestion)) return { ok: false, reason: "malformed question: copies the seed question" };
  return { ok: true, value: question };
}

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

/** The text after the last `Answer:` (case-insensitive), up to the end of its line. */
export function finalAnswerLine(answer: string): Parsed<string> {
  const lines = [...answer.matchAll(/answer\s*:\s*(.+?)\s*$/gim)];
  if (lines.length === 0) return { ok: false, reason: "no final answer: no 'Answer: ...' line" };
  return { ok: true, value: lines[lines.length - 1]![1]! };
}

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
