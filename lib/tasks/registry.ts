/**
 * The task registry: one plug-in unit per task (see plugin.ts), `loadTask(name, options)` for its
 * data, `grade(name, prediction, reference)` so that notebooks and tools grade exactly as the loop
 * does, and `templateFor(name)` for the LLM teacher.
 */
import { optionProblem } from "../util/option-schema.js";
import { arithPlugin } from "./arith/plugin.js";
import { gsm8kPlugin } from "./gsm8k.js";
import { mathPlugin } from "./math/index.js";
import { game24Plugin } from "./game24/index.js";
import { prontoqaPlugin } from "./logic/prontoqa.js";
import { proofwriterPlugin } from "./logic/proofwriter.js";
import { logicalDeductionPlugin } from "./logic/logical-deduction.js";
import { folioPlugin } from "./logic/folio.js";
import { logiqaPlugin } from "./logic/logiqa.js";
import { sortPlugin } from "./sort.js";
import type { TaskPlugin } from "./plugin.js";
import type { TeacherTemplate } from "../teacher/templates.js";
import { TeacherConfigError } from "../teacher/errors.js";
import { didYouMean } from "../util/nearest.js";
import type { Example, GradeResult, Task, TaskData } from "./types.js";

const plugins = new Map<string, TaskPlugin>();

/** Adds a task under its Task's name (a later one of the same name replaces it). */
export function registerTask(plugin: TaskPlugin): void {
  plugins.set(plugin.task.name, plugin);
}

registerTask(arithPlugin);
registerTask(gsm8kPlugin);
registerTask(mathPlugin);
registerTask(game24Plugin);
registerTask(prontoqaPlugin);
registerTask(proofwriterPlugin);
registerTask(logicalDeductionPlugin);
registerTask(folioPlugin);
registerTask(logiqaPlugin);
registerTask(sortPlugin);

/** Names of every registered task, in registration order. */
export function taskNames(): string[] {
  return [...plugins.keys()];
}

/** A task's plug-in unit. @throws Error listing the known names (and the nearest) for an unknown one. */
export function getTaskPlugin(name: string): TaskPlugin {
  const p = plugins.get(name);
  if (!p) throw new Error(`unknown task ${JSON.stringify(name)}${didYouMean(name, taskNames())}; known tasks: ${taskNames().join(", ")}`);
  return p;
}

/**
 * The Task object of a name (prompt, stop sequences, grader), without loading any data.
 * @throws Error listing the known names for an unknown one.
 */
export function getTask(name: string): Task {
  return getTaskPlugin(name).task;
}

/**
 * The LLM teacher's template for a task: its plug-in's `teacherTemplate`, what OpenAITeacher's
 * `template` option takes (build one for anything else with `makeTemplate` of lib/teacher/templates.ts).
 * @example templateFor("gsm8k").version // "math-hash/v1"
 */
export function templateFor(taskName: string): TeacherTemplate {
  const plugin = plugins.get(taskName);
  if (!plugin) throw new TeacherConfigError(`no teacher template for task "${taskName}": it is not a registered task (known: ${taskNames().join(", ")}})`);
  return plugin.teacherTemplate;
}

/**
 * Checks loader options against the task's declared ones.
 * @returns the first problem as [option name, message], or null when all are fine
 */
export function taskOptionProblem(name: string, options: Record<string, unknown>): [string, string] | null {
  const specs = getTaskPlugin(name).options;
  const known = Object.keys(specs);
  for (const [key, value] of Object.entries(options)) {
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) return [key, `is not an option of task ${name}${didYouMean(key, known)}; options: ${known.join(", ")}`];
    const problem = optionProblem(spec, value);
    if (problem !== null) return [key, problem];
  }
  return null;
}

/**
 * Loads a task's seed pool and test set.
 * @throws Error for an unknown name or option, a missing data folder or file (naming the path and
 * how to point at one), or a malformed row (`file:line: "field" is missing`).
 * @example loadTask("arith", { poolSize: 50, testSize: 10 }).seeds.length // 50
 */
export function loadTask(name: string, options: Record<string, unknown> = {}): TaskData {
  const problem = taskOptionProblem(name, options);
  if (problem) throw new Error(`${name}: option ${JSON.stringify(problem[0])} ${problem[1]}`);
  return getTaskPlugin(name).load(options);
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

/** The registered tasks as a markdown table (what the README shows, checked by a test): teachers, base data, loader options. */
export function tasksTable(): string {
  const rows = taskNames().map((n) => {
    const p = getTaskPlugin(n);
    const teachers = ["openai", ...(p.proceduralTeacher ? ["procedural"] : [])].join(", ");
    const options = Object.keys(p.options).map((o) => `\`${o}\``).join(", ");
    return `| \`${n}\` | ${teachers} | ${p.baseData ? "yes" : "no"} | ${options} |`;
  });
  return ["| task | teacher.kind | student.pretrain | taskOptions |", "|---|---|---|---|", ...rows].join("\n");
}
