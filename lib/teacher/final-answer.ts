/**
 * Strict readers of teacher output that every template may use: the new question between
 * `<question>` markers, and the last `Answer:` line. Each returns the value or a reason. The
 * readers of one task's final-answer format live with that task (e.g. `finalBoxed` in
 * lib/tasks/math/template.ts).
 */

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

/** The text after the last `Answer:` (case-insensitive), up to the end of its line. */
export function finalAnswerLine(answer: string): Parsed<string> {
  const lines = [...answer.matchAll(/answer\s*:\s*(.+?)\s*$/gim)];
  if (lines.length === 0) return { ok: false, reason: "no final answer: no 'Answer: ...' line" };
  return { ok: true, value: lines[lines.length - 1]![1]! };
}
