/**
 * Versioned prompt templates of the teacher when it judges (criteria `llm-judge`, `llm-judge-hard`,
 * `lion`). Every version starts with `judge/`: that prefix marks a stored teacher call as judging,
 * so `spentByRun` counts it against the run's budget. Change a text, bump its version.
 */
import type { ChatMessage } from "./transport.js";

const SYSTEM = "You are a strict grader of a student model's answers. Follow the output format exactly.";

/** Prefix of every judge template version (the marker `spentByRun` looks for). */
export const JUDGE_VERSION_PREFIX = "judge/";

/** What a judge sees of one seed: the question, the gold answer when known, the student's answer. */
export interface JudgeItem {
  question: string;
  reference?: string;
  answer: string;
}

/** `llm-judge`: a 1..10 score of the student's answer, written as a last line `Score: N`. */
export const scoreTemplate = {
  version: "judge/score/v1",
  messages(item: JudgeItem, scale: { min: number; max: number } = { min: 1, max: 10 }): ChatMessage[] {
    const ref = item.reference ? `<reference_answer>\n${item.reference}\n</reference_answer>\n` : "";
    return [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content:
          `Grade the student's answer to the question below.\n\n<question>\n${item.question}\n</question>\n${ref}` +
          `<student_answer>\n${item.answer}\n</student_answer>\n\n` +
          `Give a score from ${scale.min} (wrong or useless) to ${scale.max} (fully correct and well reasoned)` +
          `${ref ? ", judging correctness against the reference answer" : ""}. ` +
          `Reply with one line only: \`Score: N\` where N is an integer from ${scale.min} to ${scale.max}.`,
      },
    ];
  },
};

/**
 * Reads `Score: N` (the last one when there are several), N an integer in [min, max].
 * @example parseScore("Reasoning...\nScore: 7") // { ok: true, value: 7 }
 */
export function parseScore(output: string, scale: { min: number; max: number } = { min: 1, max: 10 }): { ok: true; value: number } | { ok: false; reason: string } {
  const hits = [...output.matchAll(/score\s*[:=]\s*\**\s*(-?\d+(?:\.\d+)?)/gi)];
  if (hits.length === 0) return { ok: false, reason: `unparseable judge score: no "Score: N" in ${JSON.stringify(output.slice(0, 80))}` };
  const value = Number(hits[hits.length - 1]![1]);
  if (!Number.isInteger(value) || value < scale.min || value > scale.max) {
    return { ok: false, reason: `unparseable judge score: ${value} is not an integer in ${scale.min}..${scale.max}` };
  }
  return { ok: true, value };
}

/** `lion`, call 1: the teacher's own answer to a seed question. */
export const lionAnswerTemplate = {
  version: "judge/lion-answer/v1",
  messages(question: string): ChatMessage[] {
    return [
      { role: "system", content: "You solve problems carefully and concisely." },
      { role: "user", content: `Solve the problem below step by step, then state the final answer.\n\nProblem:\n${question}` },
    ];
  },
};

/** `lion`, call 2: the referee compares the student's answer (A) with the teacher's (B). */
export const lionRefereeTemplate = {
  version: "judge/lion-referee/v1",
  messages(question: string, student: string, teacher: string): ChatMessage[] {
    return [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content:
          `Compare two answers to the question below for correctness and helpfulness.\n\n<question>\n${question}\n</question>\n` +
          `<answer_a>\n${student}\n</answer_a>\n<answer_b>\n${teacher}\n</answer_b>\n\n` +
          "Is answer A as good as answer B? Reply with one line only: `Verdict: A` (A is at least as good), " +
          "`Verdict: B` (B is better) or `Verdict: tie`.",
      },
    ];
  },
};

/**
 * Reads `Verdict: A|B|tie` (the last one).
 * @example parseVerdict("Verdict: B") // { ok: true, value: "B" }
 */
export function parseVerdict(output: string): { ok: true; value: "A" | "B" | "tie" } | { ok: false; reason: string } {
  const hits = [...output.matchAll(/verdict\s*[:=]\s*\**\s*(A|B|tie)\b/gi)];
  if (hits.length === 0) return { ok: false, reason: `unparseable referee verdict: no "Verdict: A|B|tie" in ${JSON.stringify(output.slice(0, 80))}` };
  const v = hits[hits.length - 1]![1]!;
  return { ok: true, value: v.toLowerCase() === "tie" ? "tie" : (v.toUpperCase() as "A" | "B") };
}
