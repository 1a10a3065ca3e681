/**
 * The run config's types, derived from its one declaration in config-schema.ts (fields, ranges,
 * defaults, docs); validate-config.ts checks a raw config against it.
 */
import type { z } from "zod";
import type { CriterionOptions } from "../select/criterion-options.js";
import type { runConfigSchema, teacherSchemas } from "./config-schema.js";

export { runDefaults, studentBackend } from "./config-schema.js";

type Parsed = z.output<typeof runConfigSchema>;

/** How the student side of a run is set up (`student` in a run config). */
export type StudentConfig = Parsed["student"];

/** Flags of the student server a run starts (gpu-server/README.md); ignored with `run --url`. */
export type StudentServerConfig = NonNullable<StudentConfig["server"]>;

/** The run's teacher: `{ kind: "procedural", ... }` or `{ kind: "openai", baseURL, model, ... }`. */
export type TeacherConfig = z.output<(typeof teacherSchemas)["procedural"]> | z.output<(typeof teacherSchemas)["openai"]>;

/**
 * One experiment run, as `validateRunConfig` returns it (defaults filled in). The fields and what
 * they mean: config-schema.ts, the README's field table, and the published JSON Schema.
 */
export type RunConfig = Omit<Parsed, "$schema" | "description" | "taskOptions" | "criterionOptions" | "teacher"> & {
  /** Task options (arith: world knobs; real tasks: dataDir, sizes), checked by the task's plug-in. */
  taskOptions?: Record<string, unknown>;
  /** Options of the run's criterion: the ones it declares (`Criterion.options`). */
  criterionOptions?: CriterionOptions;
  teacher: TeacherConfig;
};

/** A bad configuration: names the field and the file it came from. */
export class ConfigError extends Error {
  /** The message without its source and field, e.g. `must be an integer >= 1`. */
  readonly detail: string;
  constructor(readonly field: string, message: string, readonly source?: string) {
    super(`${source ? source + ": " : ""}"${field}" ${message}`);
    this.name = "ConfigError";
    this.detail = message;
  }
}
