/**
 * LogiQA v1 (English): reading-comprehension logic, 4 options. The train file is not available,
 * so seeds come from Eval.txt (651) and the test set is Test.txt (651).
 * Format: 8 lines per record: blank, answer letter (a-d), context, question, options A-D.
 */
import { DataError, readDataText } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { makeOptionTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, type TaskPlugin } from "../plugin.js";

export const logiqaTask = makeOptionTask("logiqa", "logiqa-v1");

/**
 * Option text without its letter. Options are positional (record lines 5-8), and the source's
 * prefixes are irregular: mostly `A.text`, sometimes `A text`, and in about 40 records the letter
 * is missing or sits inside the text (`Most of the spirits on the C.S City market...`), so a
 * line without a clean prefix is kept whole.
 */
function stripOptionLetter(raw: string, letter: string): string {
  const t = raw.trim();
  const dotted = new RegExp(`^${letter}\\s*[.)．:]\\s*`, "i").exec(t);
  if (dotted && t.length > dotted[0].length) return t.slice(dotted[0].length).trim();
  const spaced = new RegExp(`^${letter}\\s+(?=[A-Z0-9\\u4e00-\\u9fff])`).exec(t);
  if (spaced) return t.slice(spaced[0].length).trim();
  return t;
}

function readLogiqa(file: string, split: string): Example[] {
  const lines = readDataText(file).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const out: Example[] = [];
  for (let start = 0; start < lines.length; start += 8) {
    const at = (k: number) => start + k + 1; // 1-based line of record line k
    if (lines[start]!.trim() !== "") throw new DataError(file, at(0), "expected the blank line that starts a record");
    const letter = (lines[start + 1] ?? "").trim();
    if (!/^[a-dA-D]$/.test(letter)) throw new DataError(file, at(1), `"answer" must be a letter a-d (got ${JSON.stringify(letter)})`, "answer");
    const context = (lines[start + 2] ?? "").trim();
    if (context === "") throw new DataError(file, at(2), `"context" is missing`, "context");
    const question = (lines[start + 3] ?? "").trim();
    if (question === "") throw new DataError(file, at(3), `"question" is missing`, "question");
    const options: string[] = [];
    for (let k = 0; k < 4; k++) {
      const raw = lines[start + 4 + k];
      const want = "ABCD"[k]!;
      if (raw === undefined || raw.trim() === "") throw new DataError(file, at(4 + k), `option "${want}" is missing`, `option ${want}`);
      options.push(`${want}) ${stripOptionLetter(raw, want)}`);
    }
    const upper = letter.toUpperCase();
    out.push({
      id: `logiqa/${split}/${out.length}`,
      task: "logiqa",
      question: `${context}\n\nQuestion: ${question}\nOptions:\n${options.join("\n")}`,
      answer: `Answer: ${upper}`,
      meta: { file, line: at(0), options, letter: upper },
    });
  }
  return out;
}

/** Loads LogiQA: seeds from `logiqa/Eval.txt`, test from `logiqa/Test.txt`. */
export function loadLogiqa(options: LoadTaskOptions = {}): TaskData {
  const seeds = readLogiqa(dataFile(options, "logiqa", "Eval.txt"), "eval");
  const test = readLogiqa(dataFile(options, "logiqa", "Test.txt"), "test");
  return { task: logiqaTask, ...applyCaps("logiqa", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const logiqaPlugin: TaskPlugin = { task: logiqaTask, load: loadLogiqa, options: DATASET_OPTIONS, teacherTemplate: logicTemplate };
