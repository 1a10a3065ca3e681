/**
 * The JSON Schema of an experiment file, from the run-config schema and the registered tasks' and
 * criteria's option declarations: an experiment file that starts with `"$schema"` pointing at it
 * gets completion and checking in an editor. Published as schema/experiment.schema.json (built-in
 * tasks and criteria; `npm run schema` writes it, a test keeps it equal to this).
 */
import { z } from "zod";
import { criterionNames, getCriterion } from "../select/registry.js";
import { getTaskPlugin, taskNames } from "../tasks/registry.js";
import { isRequired, type OptionSpec } from "../util/option-schema.js";
import { runConfigSchema } from "./config-schema.js";

type Json = Record<string, unknown>;

const toJson = (schema: z.ZodType): Json => {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io: "input", unrepresentable: "any" }) as Json;
  return rest;
};

/** An object of options: each as declared (required unless `.optional()` where `required` says so). */
function optionsObject(specs: Readonly<Record<string, OptionSpec>>, required: boolean): Json {
  const shape = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, required ? s : s.optional()]));
  return toJson(z.strictObject(shape));
}

/** `if <field> is <value> then <then>`, the way a run's task picks its taskOptions' schema. */
const when = (field: string, value: string, then: Json): Json => ({ if: { properties: { [field]: { const: value } }, required: [field] }, then });

/** The schema of one run config, with its task's and criterion's options joined in. */
export function runJsonSchema(): Json {
  const run = toJson(runConfigSchema);
  const props = run.properties as Record<string, Json>;
  props.task = { ...props.task, enum: taskNames() };
  props.criterion = { ...props.criterion, enum: criterionNames() };
  // a static run's criterion is random: it may leave it out
  run.required = (run.required as string[]).filter((f) => f !== "criterion");
  const conditions: Json[] = [
    { if: { properties: { method: { const: "static" } }, required: ["method"] }, else: { required: ["criterion"] } },
    ...taskNames().map((t) => when("task", t, { properties: { taskOptions: optionsObject(getTaskPlugin(t).options, false) } })),
    ...criterionNames().map((c) => {
      const specs = getCriterion(c).options ?? {};
      const needed = Object.values(specs).some(isRequired) ? { required: ["criterionOptions"] } : {};
      return when("criterion", c, { properties: { criterionOptions: optionsObject(specs, true) }, ...needed });
    }),
  ];
  return { ...run, allOf: conditions };
}

/** The same schema with nothing required, for `defaults` and `runs` entries (merged before they are checked). */
function partial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(partial);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "required" && Array.isArray(v)) continue;
    out[k === "oneOf" ? "anyOf" : k] = k === "properties" ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, partial(s)])) : partial(v);
  }
  return out;
}

/** The schema of an experiment file: one run config, or `{ defaults, runs }`, `{ defaults, grid }` or both. */
export function experimentJsonSchema(): Json {
  const run = runJsonSchema();
  const part = partial({ ...run, allOf: [] }) as Json;
  delete part.allOf;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "activesynth experiment file",
    description: "One run config, or { defaults, runs: [...] }, { defaults, grid: { field: [values] } } or both (README, 'The command line').",
    definitions: { run, partialRun: part },
    if: { type: "object", anyOf: [{ required: ["runs"] }, { required: ["grid"] }] },
    then: {
      type: "object",
      properties: {
        $schema: { type: "string" },
        description: { type: "string" },
        defaults: { $ref: "#/definitions/partialRun", description: "fields every run shares (a run's own fields win; objects are merged)" },
        runs: { type: "array", items: { $ref: "#/definitions/partialRun" }, description: "the runs, each merged over defaults" },
        grid: {
          type: "object",
          additionalProperties: { type: "array", minItems: 1 },
          description: "every combination of these fields' values (named <name>-<field>-<value>...)",
        },
      },
      additionalProperties: false,
    },
    else: { $ref: "#/definitions/run" },
  };
}
