/**
 * MATH (Hendrycks et al. 2021): competition problems whose solutions end in `\boxed{answer}`.
 * Seeds: train.jsonl (7,500 problems with final answers but no worked solutions, so a seed's
 * reference answer is just `The final answer is $\boxed{...}$.`). Test: MATH-500 by default,
 * or the full 5,000-problem test set (`mathTest: "full"`).
 */
import { DataError, optionalStringField, readJsonLines, stringField, type Row } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, GradeResult, Task, TaskData } from "../types.js";
import { lastBoxed } from "./boxed.js";
import { mathEquivalent } from "./equivalence.js";
import { mathBoxedTemplate } from "./template.js";
import { DATASET_OPTIONS, oneOfOption, type TaskPlugin } from "../plugin.js";

export { lastBoxed } from "./boxed.js";
export { normalizeMathAnswer } from "./normalize.js";
export { mathEquivalent, exactValue } from "./equivalence.js";
export { finalBoxed, mathBoxedTemplate } from "./template.js";

/**
 * The reference final answer of an example: `meta.final` when set, else the last `\boxed{}` of its
 * answer, else the whole answer text (so `grade("math", pred, "1/2")` works).
 */
export function mathReferenceAnswer(reference: Example): string {
  const final = reference.meta?.final;
  if (typeof final === "string") return final;
  return lastBoxed(reference.answer) ?? reference.answer.trim();
}

/** Grades a prediction: its last `\boxed{}` (nothing else is read) against the reference answer. */
export function gradeMath(prediction: string, reference: Example): GradeResult {
  const extracted = lastBoxed(prediction);
  return { correct: extracted !== null && mathEquivalent(extracted, mathReferenceAnswer(reference)), extracted };
}

/** The MATH task. */
export const mathTask: Task = {
  name: "math",
  promptVersion: "math-v1",
  prompt(question: string): string {
    return (
      "Solve the math problem. Reason step by step, then give the final answer in \\boxed{}, " +
      "e.g. $\\boxed{\\frac{3}{4}}$. Nothing after the box.\n\n" +
      `Problem: ${question.trim()}\nSolution:\n`
    );
  },
  stop: ["\n\nProblem:"],
  maxAnswerTokens: 1024,
  grade: gradeMath,
};

function levelOf(row: Row, value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(?:Level\s*)?(\d)$/.exec(value.trim());
  return m ? Number(m[1]) : null; // "Level ?" (2 train rows) has no level
}

/**
 * Train rows. Two rows of the source (lines 7037 and 7437, multiple-choice problems whose answer
 * was lost when it was pulled out of `\boxed{}`) have `"answer": ""`; such rows are dropped, not
 * guessed. A missing `answer` field still stops loading.
 */
function readTrain(file: string): Example[] {
  const rows = readJsonLines(file).filter((row) => {
    const v = (row.value as Record<string, unknown> | null)?.answer;
    return !(typeof v === "string" && v.trim() === "");
  });
  return rows.map((row) => {
    const problem = stringField(row, "problem");
    const final = stringField(row, "answer");
    const subject = stringField(row, "subject");
    return {
      id: `math/train/${row.line}`,
      task: "math",
      question: problem,
      answer: `The final answer is $\\boxed{${final}}$.`,
      kind: subject,
      meta: { file: row.file, line: row.line, level: levelOf(row, optionalStringField(row, "level")), subject, final },
    };
  });
}

function readTest(file: string, split: string, subjectField: "type" | "subject", idField: "idx" | "unique_id"): Example[] {
  return readJsonLines(file).map((row) => {
    const problem = stringField(row, "problem");
    const solution = stringField(row, "solution");
    const subject = stringField(row, subjectField);
    const final = lastBoxed(solution);
    if (final === null) throw new DataError(row.file, row.line, `"solution" has no \\boxed{} answer`, "solution");
    const sourceId = optionalStringField(row, idField) ?? String(row.index);
    return {
      id: `math/${split}/${sourceId}`,
      task: "math",
      question: problem,
      answer: solution,
      kind: subject,
      meta: { file: row.file, line: row.line, level: levelOf(row, optionalStringField(row, "level")), subject, final },
    };
  });
}

/** Loads MATH: seeds from `math/train.jsonl`, test from `math/math500_test.jsonl` or `math/test.jsonl`. */
/** MATH's loader options: the common ones and the test set. */
export interface MathOptions extends LoadTaskOptions {
  /** Test set: `math500` (default, the PRM800K subset) or `full` (all 5,000). */
  mathTest?: "math500" | "full";
}

export function loadMath(options: MathOptions = {}): TaskData {
  const seeds = readTrain(dataFile(options, "math", "train.jsonl"));
  const test =
    (options.mathTest ?? "math500") === "math500"
      ? readTest(dataFile(options, "math", "math500_test.jsonl"), "math500", "subject", "unique_id")
      : readTest(dataFile(options, "math", "test.jsonl"), "test", "type", "idx");
  return { task: mathTask, ...applyCaps("math", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const mathPlugin: TaskPlugin = {
  task: mathTask,
  load: loadMath,
  options: { ...DATASET_OPTIONS, mathTest: oneOfOption("test set: math500 (default, the PRM800K subset) or full (all 5,000)", ["math500", "full"]) },
  teacherTemplate: mathBoxedTemplate,
};
