/** LogicalDeduction (BIG-bench, Logic-LM format): ordering puzzles, 3-7 options. Seeds: train.json (1,200); test: dev.json (300). */
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { readLogicLm, type LogicLmRow } from "./logic-lm.js";
import { makeOptionTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, type TaskPlugin } from "../plugin.js";

export const logicalDeductionTask = makeOptionTask("logical_deduction", "logical_deduction-v1");

function toExample(split: string, r: LogicLmRow): Example {
  return {
    id: `logical_deduction/${split}/${r.id}`,
    task: "logical_deduction",
    question: `${r.context.trim()}\n\nQuestion: ${r.question.trim()}\nOptions:\n${r.options.map((o) => o.trim()).join("\n")}`,
    answer: `Answer: ${r.letter}`,
    meta: { file: r.row.file, line: r.row.line, options: r.options, letter: r.letter },
  };
}

/** Loads LogicalDeduction from `logical_deduction/train.json` and `logical_deduction/dev.json`. */
export function loadLogicalDeduction(options: LoadTaskOptions = {}): TaskData {
  const seeds = readLogicLm(dataFile(options, "logical_deduction", "train.json")).map((r) => toExample("train", r));
  const test = readLogicLm(dataFile(options, "logical_deduction", "dev.json")).map((r) => toExample("dev", r));
  return { task: logicalDeductionTask, ...applyCaps("logical_deduction", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const logicalDeductionPlugin: TaskPlugin = { task: logicalDeductionTask, load: loadLogicalDeduction, options: DATASET_OPTIONS, teacherTemplate: logicTemplate };
