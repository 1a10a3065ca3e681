/**
 * ProofWriter (Logic-LM subset: open-world, depth 5): True/False/Unknown.
 * Seeds: train.json (3,000); test: test.json (600), or dev.json with `proofwriterTest: "dev"`.
 * Each row is solved from its text (proofwriter-solve.ts, which reproduces every gold label): its
 * kind is the depth of the shortest proof (`depth0`: stated, .. `depth5`) or `unknown`, and its
 * reference answer is that proof ending in the gold label. Its procedural teacher
 * (proofwriter-teacher.ts) and base data (proofwriter-base.ts) rewrite the training file's theories.
 */
import { DataError } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { readLogicLm, type LogicLmRow } from "./logic-lm.js";
import { labelExample } from "./prontoqa.js";
import { makeLabelTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, oneOfOption, type TaskPlugin } from "../plugin.js";
import { proofwriterAnswer, proofwriterKind, solveProofwriter, type AnswerStyle } from "./proofwriter-solve.js";
import { PROOFWRITER_KINDS, QUESTION_PREFIX, type ProofwriterKind } from "./proofwriter-world.js";
import { ProofwriterTeacher } from "./proofwriter-teacher.js";
import { proofwriterBaseExamples } from "./proofwriter-base.js";

const LABELS = ["True", "False", "Unknown"];
export const proofwriterTask = makeLabelTask("proofwriter", "proofwriter-v1", LABELS);

/** ProofWriter's loader options: the common ones and which file is the test set. */
export interface ProofwriterOptions extends LoadTaskOptions {
  /** `test` (default) or `dev`. */
  proofwriterTest?: "test" | "dev";
  /** Reference and written answers: `proof` (default: the proof, then the label) or `label` (the label line only). */
  answers?: AnswerStyle;
}

/** A row as an Example with its kind and the solver's worked answer. @throws DataError when the solver disagrees with the gold label. */
function proofwriterExample(split: string, r: LogicLmRow, style: AnswerStyle): Example {
  const example = labelExample("proofwriter", split, r, LABELS);
  const solution = solveProofwriter(example.question);
  const label = example.meta!.label;
  if (typeof solution === "string") throw new DataError(r.row.file, r.row.line, `"context" or "question" cannot be read: ${solution}`, "context");
  if (solution.label !== label) throw new DataError(r.row.file, r.row.line, `"answer" says ${label} but the theory proves ${solution.label}`, "answer");
  const statement = r.question.replace(QUESTION_PREFIX, "").trim();
  return { ...example, kind: proofwriterKind(solution), answer: proofwriterAnswer(solution, statement, style), meta: { ...example.meta, depth: solution.depth } };
}

const rows = (options: ProofwriterOptions, file: string): LogicLmRow[] => readLogicLm(dataFile(options, "proofwriter", file));

/** Loads ProofWriter from `proofwriter/train.json` and `proofwriter/test.json` (or `dev.json`). */
export function loadProofwriter(options: ProofwriterOptions = {}): TaskData {
  const testSplit = options.proofwriterTest ?? "test";
  const style = options.answers ?? "proof";
  const seeds = rows(options, "train.json").map((r) => proofwriterExample("train", r, style));
  const test = rows(options, `${testSplit}.json`).map((r) => proofwriterExample(testSplit, r, style));
  return { task: proofwriterTask, ...applyCaps("proofwriter", seeds, test, options) };
}

/** Every test question, before `maxTest`/`limit`: what the teacher and base data keep out. */
export function proofwriterTestQuestions(options: ProofwriterOptions = {}): string[] {
  return rows(options, `${options.proofwriterTest ?? "test"}.json`).map((r) => `${r.context.trim()}\n\nQuestion: ${r.question.trim()}`);
}

/** The plug-in unit (see plugin.ts). */
export const proofwriterPlugin: TaskPlugin = {
  task: proofwriterTask,
  load: loadProofwriter,
  options: {
    ...DATASET_OPTIONS,
    proofwriterTest: oneOfOption("which file is the test set: test (default) or dev", ["test", "dev"]),
    answers: oneOfOption("reference and written answers: proof (default: the solver's proof, then the label) or label (the label line only: a CPU student answers in a few tokens)", ["proof", "label"]),
  },
  teacherTemplate: logicTemplate,
  proceduralTeacher: (knobs, taskOptions) =>
    new ProofwriterTeacher({
      ...knobs,
      ...(taskOptions ? { exclude: proofwriterTestQuestions(taskOptions as ProofwriterOptions), answers: (taskOptions as ProofwriterOptions).answers } : {}),
    }),
  baseData: (request, taskOptions) =>
    proofwriterBaseExamples({
      kinds: (request.kinds ?? ["depth0", "depth1"]) as ProofwriterKind[],
      n: request.examples,
      seed: request.seed ?? 0,
      contexts: rows(taskOptions as ProofwriterOptions, "train.json").map((r) => r.context.trim()),
      exclude: proofwriterTestQuestions(taskOptions as ProofwriterOptions),
      answers: (taskOptions as ProofwriterOptions).answers,
    }),
  kinds: PROOFWRITER_KINDS,
};
