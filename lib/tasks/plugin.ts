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
import type { ProceduralTeacherKnobs } from "./procedural-knobs.js";
import { intOption, stringOption, type OptionSpec } from "../util/option-schema.js";

/** One loader option: a zod schema of its value with its doc (lib/util/option-schema.ts). */
export type { OptionSpec } from "../util/option-schema.js";

/** The knobs of a procedural teacher (declared in procedural-knobs.ts). */
export type { ProceduralTeacherKnobs } from "./procedural-knobs.js";

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

// ---- option builders, for plug-ins to declare their `options` with (zod schemas with a doc)
export { intOption, numberOption, objectOption, oneOfOption, stringOption } from "../util/option-schema.js";

/** Options every dataset loader reads (see LoadTaskOptions). */
export const DATASET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  dataDir: stringOption("folder holding one sub-folder per dataset (default $ACTIVESYNTH_DATA, else ../shared/data)"),
  seed: intOption("seed of every random choice (splits, subsampling)", 0),
  maxSeeds: intOption("cap on the seed pool (a seeded random subset)", 1),
  maxTest: intOption("cap on the test set (a seeded random subset)", 1),
  limit: intOption("cap on both", 1),
};
