/** ProntoQA: fictional-ontology deduction, True/False. Seeds: train.json (1,500); test: dev.json (500). */
import { DataError } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { answerText, readLogicLm, type LogicLmRow } from "./logic-lm.js";
import { makeLabelTask } from "./task.js";
import { logicTemplate } from "../../teacher/templates.js";
import { DATASET_OPTIONS, type TaskPlugin } from "../plugin.js";

export const prontoqaTask = makeLabelTask("prontoqa", "prontoqa-v1", ["True", "False"]);

/** Converts a Logic-LM row of a True/False[/Unknown] set into an Example. */
export function labelExample(task: string, split: string, r: LogicLmRow, labels: readonly string[]): Example {
  const label = answerText(r);
  if (!labels.includes(label)) {
    throw new DataError(r.row.file, r.row.line, `"answer" ${r.letter} names ${JSON.stringify(label)}, not one of ${labels.join(", ")}`, "answer");
  }
  const reasoning = r.explanation ? `${r.explanation.join(" ")}\n` : "";
  return {
    id: `${task}/${split}/${r.id}`,
    task,
    question: `${r.context.trim()}\n\nQuestion: ${r.question.trim()}`,
    answer: `${reasoning}Answer: ${label}`,
    meta: { file: r.row.file, line: r.row.line, options: r.options, label, letter: r.letter },
  };
}

/** Loads ProntoQA from `prontoqa/train.json` and `prontoqa/dev.json`. */
export function loadProntoqa(options: LoadTaskOptions = {}): TaskData {
  const labels = ["True", "False"];
  const seeds = readLogicLm(dataFile(options, "prontoqa", "train.json")).map((r) => labelExample("prontoqa", "train", r, labels));
  const test = readLogicLm(dataFile(options, "prontoqa", "dev.json")).map((r) => labelExample("prontoqa", "dev", r, labels));
  return { task: prontoqaTask, ...applyCaps("prontoqa", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const prontoqaPlugin: TaskPlugin = { task: prontoqaTask, load: loadProntoqa, options: DATASET_OPTIONS, teacherTemplate: logicTemplate };
