import { syntheticCriteria } from "../loop/score-children.js";
import { didYouMean } from "../util/nearest.js";
import { criterionNames, getCriterion } from "../select/registry.js";
import { getTaskPlugin, taskNames, taskOptionProblem } from "../tasks/registry.js";
import { ConfigError, studentBackend, type RunConfig } from "./config.js";
import { runConfigSchema } from "./config-schema.js";
import { configIssue } from "../util/schema-fields.js";
import { isRequired, optionDoc, optionProblem } from "../util/option-schema.js";

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a raw (parsed JSON) run configuration against the run-config schema (config-schema.ts),
 * fills defaults and returns a typed RunConfig; then what the task and criterion registries say
 * (`knownCriteria`/`knownTasks` narrow them): known names, the task's options and kinds, the
 * criterion's options. Throws ConfigError naming the first bad field by its full path
 * (`student.replay`), the nearest known name for a misspelt one, and `source`, the file it came from.
 */
export function validateRunConfig(raw: unknown, options: { source?: string; knownCriteria?: string[]; knownTasks?: string[] } = {}): RunConfig {
  const knownCriteria = options.knownCriteria ?? criterionNames();
  const knownTasks = options.knownTasks ?? taskNames();
  const src = options.source;
  const fail = (field: string, message: string): never => {
    throw new ConfigError(field, message, src);
  };
  if (!isObject(raw)) fail("(root)", "must be a JSON object");
  const r = raw as Raw;
  // a static run draws its seeds uniformly: its criterion is random, whatever the file says
  const parsed = runConfigSchema.safeParse(r.method === "static" ? { ...r, criterion: "random" } : r);
  if (!parsed.success) {
    const { field, message } = configIssue(parsed.error);
    fail(field, message);
  }
  const { $schema: _schema, description: _description, ...config } = parsed.data!;
  const { task, criterion } = config;
  if (!knownTasks.includes(task)) fail("task", `is unknown: "${task}"${didYouMean(task, knownTasks)}; known: ${knownTasks.join(", ")}`);
  const plugin = getTaskPlugin(task);
  if (config.taskOptions !== undefined) {
    const problem = taskOptionProblem(task, config.taskOptions);
    if (problem) fail(`taskOptions.${problem[0]}`, problem[1]);
  }
  if (!knownCriteria.includes(criterion)) fail("criterion", `is unknown: "${criterion}"${didYouMean(criterion, knownCriteria)}; known: ${knownCriteria.join(", ")}`);
  checkCriterionOptions(config.criterionOptions, criterion, fail);
  for (const [i, c] of (config.scoreSynthetic ?? []).entries()) {
    if (!knownCriteria.includes(c)) fail(`scoreSynthetic[${i}]`, `is unknown: "${c}"; known: ${knownCriteria.join(", ")}`);
    try {
      syntheticCriteria([c]);
    } catch {
      fail(`scoreSynthetic[${i}]`, `"${c}" cannot score samples: it calls the teacher or selects a batch (use loss, entropy, gt-loss, ...)`);
    }
  }
  const student = config.student;
  if (student.pretrain && !plugin.baseData) fail("student.pretrain", `needs base data, and task "${task}" has none: remove student.pretrain (or start from a pretrained student.baseModel)`);
  if (student.pretrain?.kinds && plugin.kinds) {
    for (const [i, k] of student.pretrain.kinds.entries()) {
      if (!plugin.kinds.includes(k)) fail(`student.pretrain.kinds[${i}]`, `is not a kind of task ${task}: ${JSON.stringify(k)}${didYouMean(String(k), plugin.kinds)} (kinds: ${plugin.kinds.join(", ")})`);
    }
  }
  if (config.teacher.kind === "procedural" && !plugin.proceduralTeacher) {
    fail("teacher.kind", `"procedural": task "${task}" has no procedural teacher (only ${taskNames().filter((n) => getTaskPlugin(n).proceduralTeacher).join(", ")} do); it needs an LLM teacher ({ "kind": "openai", baseURL, model })`);
  }
  return { ...config, student: { ...student, backend: studentBackend(student) } } as RunConfig;
}

/** `criterionOptions`: the options the run's criterion declares (see Criterion.options), each of the right type; required ones present. */
function checkCriterionOptions(v: unknown, criterion: string, fail: (field: string, message: string) => never): NonNullable<RunConfig["criterionOptions"]> {
  if (v !== undefined && !isObject(v)) fail("criterionOptions", "must be an object, e.g. { \"rewardModel\": \"ft:tiny:gold:...\" }");
  const o = (v ?? {}) as Raw;
  const specs = getCriterion(criterion).options ?? {};
  const own = Object.keys(specs);
  for (const key of Object.keys(o)) {
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const owners = criterionNames().filter((n) => Object.keys(getCriterion(n).options ?? {}).includes(key));
      const all = [...new Set(criterionNames().flatMap((n) => Object.keys(getCriterion(n).options ?? {})))];
      const where = owners.length > 0 ? ` (it belongs to ${owners.join(", ")})` : didYouMean(key, all);
      fail(`criterionOptions.${key}`, `is not an option of criterion ${criterion}${where}; ${criterion} takes ${own.length > 0 ? own.join(", ") : "none"}`);
    }
    const problem = optionProblem(spec, o[key]);
    if (problem !== null) fail(`criterionOptions.${key}`, problem);
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (isRequired(spec) && o[key] === undefined) fail(`criterionOptions.${key}`, `is required by criterion ${criterion}: ${optionDoc(spec)}`);
  }
  return o as NonNullable<RunConfig["criterionOptions"]>;
}
