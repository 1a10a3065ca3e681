/**
 * GSM8K (Cobbe et al. 2021): grade-school word problems whose worked answers end in `#### <number>`.
 * Seeds are train.jsonl (7,473), test is test.jsonl (1,319).
 */
import { applyCaps, dataFile, type LoadTaskOptions } from "./options.js";
import { readJsonLines, stringField, DataError } from "./jsonl.js";
import { canonicalNumber, findNumbers } from "./numbers.js";
import type { Example, GradeResult, Task, TaskData } from "./types.js";
import { mathHashTemplate } from "./math-hash.js";
import { DATASET_OPTIONS, type TaskPlugin } from "./plugin.js";

/**
 * The final number of a GSM8K-style answer, canonical (see `canonicalNumber`), or null.
 * Rule: the number after the last `####` when there is one; otherwise the number after the last
 * "answer is"/"answer:" phrase; otherwise the last number anywhere in the text.
 * @example extractGsm8kAnswer("so she pays $1,000.00.\n#### 1,000") // "1000"
 * @example extractGsm8kAnswer("The answer is 1000 dollars") // "1000"
 */
export function extractGsm8kAnswer(text: string): string | null {
  const hash = text.lastIndexOf("####");
  if (hash >= 0) {
    const first = findNumbers(text.slice(hash + 4))[0];
    return first === undefined ? null : canonicalNumber(first);
  }
  const markers = [...text.matchAll(/answer\s*(?:is|:|=)/gi)];
  if (markers.length > 0) {
    const last = markers[markers.length - 1]!;
    const first = findNumbers(text.slice(last.index! + last[0].length))[0];
    if (first !== undefined) return canonicalNumber(first);
  }
  const all = findNumbers(text);
  return all.length === 0 ? null : canonicalNumber(all[all.length - 1]!);
}

/** Grades a prediction against a GSM8K reference (its worked answer, or just the number). */
export function gradeGsm8k(prediction: string, reference: Example): GradeResult {
  const extracted = extractGsm8kAnswer(prediction);
  const gold = extractGsm8kAnswer(reference.answer);
  if (gold === null) throw new Error(`gsm8k reference ${reference.id} has no final number`);
  return { correct: extracted !== null && extracted === gold, extracted };
}

/** The GSM8K task: prompt, stop sequences and grader. */
export const gsm8kTask: Task = {
  name: "gsm8k",
  promptVersion: "gsm8k-v1",
  prompt(question: string): string {
    return (
      "Solve the math word problem. Reason step by step, then write the final answer on its own line " +
      'as "#### <number>" (digits only, no units).\n\n' +
      `Question: ${question.trim()}\nSolution:\n`
    );
  },
  stop: ["\n\nQuestion:", "\n\n\n"],
  maxAnswerTokens: 512,
  grade: gradeGsm8k,
};

function readSplit(file: string, split: string): Example[] {
  return readJsonLines(file).map((row) => {
    const question = stringField(row, "question");
    const answer = stringField(row, "answer");
    const gold = answer.lastIndexOf("####") >= 0 ? extractGsm8kAnswer(answer) : null;
    if (gold === null) throw new DataError(row.file, row.line, `"answer" has no "#### <number>" line`, "answer");
    return {
      id: `gsm8k/${split}/${row.index}`,
      task: "gsm8k",
      question,
      answer,
      meta: { file: row.file, line: row.line, final: gold },
    };
  });
}

/** Loads GSM8K: seeds from `gsm8k/train.jsonl`, test from `gsm8k/test.jsonl`. */
export function loadGsm8k(options: LoadTaskOptions = {}): TaskData {
  const seeds = readSplit(dataFile(options, "gsm8k", "train.jsonl"), "train");
  const test = readSplit(dataFile(options, "gsm8k", "test.jsonl"), "test");
  return { task: gsm8kTask, ...applyCaps("gsm8k", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const gsm8kPlugin: TaskPlugin = { task: gsm8kTask, load: loadGsm8k, options: DATASET_OPTIONS, teacherTemplate: mathHashTemplate };
