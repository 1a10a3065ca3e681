/**
 * ProntoQA: fictional-ontology deduction, True/False. Seeds: train.json (1,500: 2, 3 and 4 hops);
 * test: dev.json (500: 5 hops). Each row's kind is its hop count (`hops2`..`hops5`: the rules its
 * gold proof applies). Its procedural teacher (prontoqa-teacher.ts) and base data (prontoqa-base.ts)
 * write new problems of a given hop count (prontoqa-world.ts).
 */
import { DataError } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { answerText, readLogicLm, type LogicLmRow } from "./logic-lm.js";
import { makeLabelTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, type TaskPlugin } from "../plugin.js";
import { PRONTOQA_KINDS, type ProntoqaKind } from "./prontoqa-world.js";
import { ProntoqaTeacher } from "./prontoqa-teacher.js";
import { prontoqaBaseExamples } from "./prontoqa-base.js";

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

/**
 * A ProntoQA row as an Example with its kind: `hops<n>` for an explanation of 2n + 1 lines (the
 * starting fact, then a rule and its conclusion per hop); no kind without an explanation.
 */
function prontoqaExample(split: string, r: LogicLmRow): Example {
  const example = labelExample("prontoqa", split, r, ["True", "False"]);
  const lines = r.explanation?.length ?? 0;
  return lines >= 3 && lines % 2 === 1 ? { ...example, kind: `hops${(lines - 1) / 2}` } : example;
}

/** Loads ProntoQA from `prontoqa/train.json` and `prontoqa/dev.json`. */
export function loadProntoqa(options: LoadTaskOptions = {}): TaskData {
  const seeds = readLogicLm(dataFile(options, "prontoqa", "train.json")).map((r) => prontoqaExample("train", r));
  const test = readLogicLm(dataFile(options, "prontoqa", "dev.json")).map((r) => prontoqaExample("dev", r));
  return { task: prontoqaTask, ...applyCaps("prontoqa", seeds, test, options) };
}

/** Every test question (dev.json), before `maxTest`/`limit`: what base data keeps out. */
export function prontoqaTestQuestions(options: LoadTaskOptions = {}): string[] {
  return readLogicLm(dataFile(options, "prontoqa", "dev.json")).map((r) => prontoqaExample("dev", r).question);
}

/** The plug-in unit (see plugin.ts). */
export const prontoqaPlugin: TaskPlugin = {
  task: prontoqaTask,
  load: loadProntoqa,
  options: DATASET_OPTIONS,
  teacherTemplate: logicTemplate,
  proceduralTeacher: (knobs) => new ProntoqaTeacher(knobs),
  baseData: (request, taskOptions) =>
    prontoqaBaseExamples({
      kinds: (request.kinds ?? ["hops2", "hops3"]) as ProntoqaKind[],
      n: request.examples,
      seed: request.seed ?? 0,
      exclude: prontoqaTestQuestions(taskOptions as LoadTaskOptions),
    }),
  kinds: PRONTOQA_KINDS,
};
