/**
 * A task as one plug-in unit: its Task (prompt, stop, grader), its loader with the options it
 * reads, the LLM teacher's template, and what only some tasks have (a procedural teacher, base
 * data to pretrain a student on, example kinds). Registering it is one line:
 *
 *     registerTask(myTaskPlugin);   // then { "task": "my-task" } works in run configs and the CLI
 *
 * `lib/tasks/sort.ts` is a complete small example.
 */
import type { TeacherTemplate } from "../teacher/templates.js";
import type { Teacher } from "../teacher/types.js";
import type { Example, Task, TaskData } from "./types.js";

/** One loader option: what it does, and a check of its value (null: fine, else what it must be). */
export interface OptionSpec {
  doc: string;
  check(value: unknown): string | null;
}

/** The knobs of a procedural teacher (see ProceduralTeacher). */
export interface ProceduralTeacherKnobs {
  pSimpler?: number | undefined;
  pHarder?: number | undefined;
  failureRate?: number | undefined;
}

/** What `student.pretrain` asks of a task's base data. */
export interface BaseDataRequest {
  examples: number;
  kinds?: string[];
  seed?: number;
}

export interface TaskPlugin {
  task: Task;
  /** Loads the seed pool and the test set. Options were checked against `options` first. */
  load(options: Record<string, unknown>): TaskData;
  /** Every option the loader reads (others are refused, with the nearest name). */
  options: Readonly<Record<string, OptionSpec>>;
  /** How an LLM teacher writes new samples from this task's seeds (`teacher.kind: "openai"`). */
  teacherTemplate: TeacherTemplate;
  /**
   * A teacher with no model behind it (`teacher.kind: "procedural"`), when the task has one.
   * `taskOptions`, the run's loader options, when given let it keep the run's test questions out of
   * what it writes (game24, whose every puzzle is in the data, uses them).
   */
  proceduralTeacher?(knobs: ProceduralTeacherKnobs, taskOptions?: Record<string, unknown>): Teacher;
  /** Examples a base student is pretrained on (`student.pretrain`), when the task has them. */
  baseData?(request: BaseDataRequest, taskOptions: Record<string, unknown>): Example[];
  /** The kinds its examples have (what `student.pretrain.kinds` may name). */
  kinds?: readonly string[];
}

// ---- option checks, for plug-ins to build their `options` from

const isInt = (v: unknown, min: number, max = Infinity): boolean => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** An integer option in min..max. */
export const intOption = (doc: string, min: number, max = Infinity): OptionSpec => ({
  doc,
  check: (v) => (isInt(v, min, max) ? null : `an integer ${max === Infinity ? `>= ${min}` : `in ${min}..${max}`}`),
});

/** A number option in min..max. */
export const numberOption = (doc: string, min: number, max: number): OptionSpec => ({
  doc,
  check: (v) => (typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? null : `a number in ${min}..${max}`),
});

/** One of a few strings. */
export const oneOfOption = (doc: string, values: readonly string[]): OptionSpec => ({
  doc,
  check: (v) => (values.includes(v as string) ? null : `one of ${values.join(", ")}`),
});

/** A non-empty string. */
export const stringOption = (doc: string): OptionSpec => ({ doc, check: (v) => (typeof v === "string" && v.length > 0 ? null : "a non-empty string") });

/** An option whose value the loader checks itself (objects such as arith's poolMix). */
export const objectOption = (doc: string): OptionSpec => ({
  doc,
  check: (v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? null : "an object"),
});

/** Options every dataset loader reads (see LoadTaskOptions). */
export const DATASET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  dataDir: stringOption("folder holding one sub-folder per dataset (default $ACTIVESYNTH_DATA, else ../shared/data)"),
  seed: intOption("seed of every random choice (splits, subsampling)", 0),
  maxSeeds: intOption("cap on the seed pool (a seeded random subset)", 1),
  maxTest: intOption("cap on the test set (a seeded random subset)", 1),
  limit: intOption("cap on both", 1),
};
