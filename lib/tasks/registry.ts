/**
 * The task registry: one name per dataset, `loadTask(name, options)` for its data and
 * `grade(name, prediction, reference)` so that notebooks and tools grade exactly as the loop does.
 */
import { gsm8kTask, loadGsm8k } from "./gsm8k.js";
import { mathTask, loadMath } from "./math/index.js";
import { game24Task, loadGame24 } from "./game24/index.js";
import { prontoqaTask, loadProntoqa } from "./logic/prontoqa.js";
import { proofwriterTask, loadProofwriter } from "./logic/proofwriter.js";
import { logicalDeductionTask, loadLogicalDeduction } from "./logic/logical-deduction.js";
import { folioTask, loadFolio } from "./logic/folio.js";
import { logiqaTask, loadLogiqa } from "./logic/logiqa.js";
import { arithTask, makeArithWorld, type ArithWorldOptions } from "./arith/index.js";
import type { LoadTaskOptions } from "./options.js";
import { didYouMean } from "../util/nearest.js";
import type { Example, GradeResult, Task, TaskData } from "./types.js";

/** A registered task: the Task and how to load its data. */
interface Entry {
  task: Task;
  load(options: LoadTaskOptions): TaskData;
  /** Option names the loader reads (others are refused, not ignored). */
  options: readonly string[];
}

const DATASET_OPTIONS = ["dataDir", "seed", "maxSeeds", "maxTest", "limit"] as const;
const ARITH_OPTIONS = ["seed", "poolSize", "testSize", "poolMix", "testMix", "digits", "steps"] as const;

const ENTRIES: Record<string, Entry> = {
  // ---- the embedded arith world (procedural; its options are ArithWorldOptions)
  arith: { task: arithTask, load: (options) => makeArithWorld(options as ArithWorldOptions), options: ARITH_OPTIONS },
  // ---- real datasets (data files under the data folder; see options.ts)
  gsm8k: { task: gsm8kTask, load: loadGsm8k, options: DATASET_OPTIONS },
  math: { task: mathTask, load: loadMath, options: [...DATASET_OPTIONS, "mathTest"] },
  game24: { task: game24Task, load: loadGame24, options: [...DATASET_OPTIONS, "game24Test", "testFraction"] },
  prontoqa: { task: prontoqaTask, load: loadProntoqa, options: DATASET_OPTIONS },
  proofwriter: { task: proofwriterTask, load: loadProofwriter, options: [...DATASET_OPTIONS, "proofwriterTest"] },
  logical_deduction: { task: logicalDeductionTask, load: loadLogicalDeduction, options: DATASET_OPTIONS },
  folio: { task: folioTask, load: loadFolio, options: DATASET_OPTIONS },
  logiqa: { task: logiqaTask, load: loadLogiqa, options: DATASET_OPTIONS },
};

/** Names of every registered task, in registration order. */
export function taskNames(): string[] {
  return Object.keys(ENTRIES);
}

function entry(name: string): Entry {
  const e = Object.prototype.hasOwnProperty.call(ENTRIES, name) ? ENTRIES[name] : undefined;
  if (!e) throw new Error(`unknown task ${JSON.stringify(name)}; known tasks: ${taskNames().join(", ")}`);
  return e;
}

/**
 * The Task object of a name (prompt, stop sequences, grader), without loading any data.
 * @throws Error listing the known names for an unknown one.
 */
export function getTask(name: string): Task {
  return entry(name).task;
}

/**
 * Loads a task's seed pool and test set.
 * @throws Error for an unknown name, a missing data folder or file (naming the path and how to
 * point at one), or a malformed row (`file:line: "field" is missing`).
 * @example loadTask("gsm8k", { maxTest: 100 }).test.length // 100
 */
export function loadTask(name: string, options: LoadTaskOptions = {}): TaskData {
  const e = entry(name);
  for (const key of Object.keys(options)) {
    if (!e.options.includes(key)) throw new Error(`${name}: unknown option ${JSON.stringify(key)}${didYouMean(key, e.options)} (options: ${e.options.join(", ")})`);
  }
  return e.load(options);
}

/**
 * Grades a prediction exactly as the loop does. `reference` is an Example or a string: the
 * reference answer in the task's own format or just its final answer (`"#### 72"` or `"72"`,
 * `"\\boxed{\\frac12}"` or `"1/2"`, `"Answer: B"` or `"B"`, `"False"`); for game24 the puzzle
 * (`"4 9 10 13"`).
 * @example grade("gsm8k", "so 1,000 in all.\n#### 1,000", "1000") // { correct: true, extracted: "1000" }
 */
export function grade(taskName: string, prediction: string, reference: string | Example): GradeResult {
  const task = getTask(taskName);
  const ref: Example =
    typeof reference === "string"
      ? { id: `${taskName}/adhoc`, task: taskName, question: reference, answer: reference }
      : reference;
  return task.grade(prediction, ref);
}
