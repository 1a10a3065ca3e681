/**
 * ProofWriter (Logic-LM subset: open-world, depth 5): True/False/Unknown.
 * Seeds: train.json (3,000); test: test.json (600), or dev.json with `proofwriterTest: "dev"`.
 */
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { TaskData } from "../types.js";
import { readLogicLm } from "./logic-lm.js";
import { labelExample } from "./prontoqa.js";
import { makeLabelTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, oneOfOption, type TaskPlugin } from "../plugin.js";

const LABELS = ["True", "False", "Unknown"];
export const proofwriterTask = makeLabelTask("proofwriter", "proofwriter-v1", LABELS);

/** Loads ProofWriter from `proofwriter/train.json` and `proofwriter/test.json` (or `dev.json`). */
/** ProofWriter's loader options: the common ones and which file is the test set. */
export interface ProofwriterOptions extends LoadTaskOptions {
  /** `test` (default) or `dev`. */
  proofwriterTest?: "test" | "dev";
}

export function loadProofwriter(options: ProofwriterOptions = {}): TaskData {
  const testSplit = options.proofwriterTest ?? "test";
  const seeds = readLogicLm(dataFile(options, "proofwriter", "train.json")).map((r) => labelExample("proofwriter", "train", r, LABELS));
  const test = readLogicLm(dataFile(options, "proofwriter", `${testSplit}.json`)).map((r) =>
    labelExample("proofwriter", testSplit, r, LABELS),
  );
  return { task: proofwriterTask, ...applyCaps("proofwriter", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const proofwriterPlugin: TaskPlugin = {
  task: proofwriterTask,
  load: loadProofwriter,
  options: { ...DATASET_OPTIONS, proofwriterTest: oneOfOption("which file is the test set: test (default) or dev", ["test", "dev"]) },
  teacherTemplate: logicTemplate,
};
