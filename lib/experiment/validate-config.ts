import { syntheticCriteria } from "../loop/score-children.js";
import { didYouMean } from "../util/nearest.js";
import { criterionNames, getCriterion } from "../select/registry.js";
import { getTaskPlugin, taskNames, taskOptionProblem } from "../tasks/registry.js";
import { ConfigError, runDefaults, studentBackend, type RunConfig } from "./config.js";

type Raw = Record<string, unknown>;

const knownFields = [
  "name", "task", "taskOptions", "method", "criterion", "criterionOptions", "scoreSynthetic", "budget", "perIteration", "samplesPerSeed", "selection",
  "trainFrom", "seed", "student", "teacher", "generationConcurrency", "maxIterations", "description",
];

const studentFields = ["baseModel", "backend", "server", "maxAnswerTokens", "hyperparameters", "pretrain", "replay", "replayPerSample"];

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a raw (parsed JSON) run configuration, fills defaults and returns a typed RunConfig.
 * The task and criterion registries say what is known (`knownCriteria`/`knownTasks` narrow it).
 * Throws ConfigError naming the first bad field by its full path (`student.replay`), the nearest
 * known name for a misspelt one, and `source`, the file it came from.
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
  const str = (field: string, value: unknown): string => (typeof value === "string" && value.length > 0 ? value : fail(field, "must be a non-empty string"));
  const int = (field: string, value: unknown, min: number): number =>
    typeof value === "number" && Number.isInteger(value) && value >= min ? value : fail(field, `must be an integer >= ${min}`);
  const oneOf = <T extends string>(field: string, value: unknown, allowed: readonly T[]): T =>
    allowed.includes(value as T) ? (value as T) : fail(field, `must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);

  for (const key of Object.keys(r)) {
    if (!knownFields.includes(key)) fail(key, `is not a config field${didYouMean(key, knownFields)}; fields: ${knownFields.join(", ")}`);
  }
  const name = str("name", r.name);
  if (!/^[A-Za-z0-9._:-]+$/.test(name)) fail("name", "may only hold letters, digits and . _ : -");
  const task = str("task", r.task);
  if (!knownTasks.includes(task)) fail("task", `is unknown: "${task}"${didYouMean(task, knownTasks)}; known: ${knownTasks.join(", ")}`);
  const plugin = getTaskPlugin(task);
  if (r.taskOptions !== undefined) {
    if (!isObject(r.taskOptions)) fail("taskOptions", "must be an object");
    const problem = taskOptionProblem(task, r.taskOptions as Raw);
    if (problem) fail(`taskOptions.${problem[0]}`, problem[1]);
  }
  const method = oneOf("method", r.method ?? runDefaults.method, ["active", "static"] as const);
  const criterion = method === "static" ? "random" : str("criterion", r.criterion);
  if (!knownCriteria.includes(criterion)) fail("criterion", `is unknown: "${criterion}"${didYouMean(criterion, knownCriteria)}; known: ${knownCriteria.join(", ")}`);

  const checkedOptions = checkCriterionOptions(r.criterionOptions, criterion, fail);
  const criterionOptions = r.criterionOptions === undefined ? undefined : checkedOptions;
  let scoreSynthetic: string[] | undefined;
  if (r.scoreSynthetic !== undefined) {
    if (!Array.isArray(r.scoreSynthetic) || r.scoreSynthetic.some((c) => typeof c !== "string")) fail("scoreSynthetic", "must be an array of criterion names, e.g. [\"loss\", \"entropy\"] ([] turns it off)");
    scoreSynthetic = r.scoreSynthetic as string[];
    for (const [i, c] of scoreSynthetic.entries()) {
      if (!knownCriteria.includes(c)) fail(`scoreSynthetic[${i}]`, `is unknown: "${c}"; known: ${knownCriteria.join(", ")}`);
      try {
        syntheticCriteria([c]);
      } catch {
        fail(`scoreSynthetic[${i}]`, `"${c}" cannot score samples: it calls the teacher or selects a batch (use loss, entropy, gt-loss, ...)`);
      }
    }
  }

  if (!isObject(r.budget)) fail("budget", "is missing: give { samples: N } or { teacherTokens: N }");
  const b = r.budget as Raw;
  if (b.samples === undefined && b.teacherTokens === undefined) fail("budget", "needs samples or teacherTokens");
  const budget: RunConfig["budget"] = {};
  if (b.samples !== undefined) budget.samples = int("budget.samples", b.samples, 1);
  if (b.teacherTokens !== undefined) budget.teacherTokens = int("budget.teacherTokens", b.teacherTokens, 1);

  const perIteration = int("perIteration", r.perIteration, 1);
  const samplesPerSeed = int("samplesPerSeed", r.samplesPerSeed ?? runDefaults.samplesPerSeed, 1);
  if (budget.samples !== undefined && budget.samples < perIteration * samplesPerSeed) {
    fail("budget.samples", `(${budget.samples}) is below one iteration's samples, perIteration x samplesPerSeed = ${perIteration * samplesPerSeed}`);
  }

  if (!isObject(r.student)) fail("student", "is missing: give { baseModel, hyperparameters }");
  const s = r.student as Raw;
  const hp = (field: string, v: unknown) => {
    if (v === undefined) return {};
    if (!isObject(v)) fail(field, "must be an object");
    const h = v as Raw;
    const out: Record<string, number> = {};
    for (const key of Object.keys(h)) {
      const hps = ["epochs", "steps", "learningRate", "batchSize"];
      if (!hps.includes(key)) fail(`${field}.${key}`, `is not a hyperparameter${didYouMean(key, hps)} (epochs, steps, learningRate, batchSize)`);
      const value = h[key];
      if (typeof value !== "number" || !(value > 0)) fail(`${field}.${key}`, "must be a positive number");
      if (key !== "learningRate" && !Number.isInteger(value)) fail(`${field}.${key}`, `must be a whole number, got ${value}`);
      if (key === "learningRate" && (value as number) > 1) fail(`${field}.${key}`, `must be at most 1 (finetuning rates are about 1e-5 to 1e-2), got ${value}`);
      if (key === "batchSize" && (value as number) > 4096) fail(`${field}.${key}`, `must be at most 4096, got ${value}`);
      if ((key === "steps" || key === "epochs") && (value as number) > 1_000_000) fail(`${field}.${key}`, `must be at most 1000000, got ${value}`);
      out[key] = value as number;
    }
    return out;
  };
  for (const key of Object.keys(s)) {
    if (!studentFields.includes(key)) fail(`student.${key}`, `is not a student field${didYouMean(key, studentFields)}; fields: ${studentFields.join(", ")}`);
  }
  const baseModel = str("student.baseModel", s.baseModel ?? "tiny");
  const backend = oneOf("student.backend", s.backend ?? studentBackend({ baseModel }), ["tiny", "hf"] as const);
  const student: RunConfig["student"] = {
    baseModel,
    backend,
    hyperparameters: hp("student.hyperparameters", s.hyperparameters),
  };
  if (backend === "tiny" && studentBackend({ baseModel }) !== "tiny") {
    fail("student.baseModel", `"${baseModel}" is not a tiny model; with a transformers model set student.backend to "hf"`);
  }
  if (s.server !== undefined) student.server = checkServer(s.server, backend, fail);
  if (s.maxAnswerTokens !== undefined) student.maxAnswerTokens = int("student.maxAnswerTokens", s.maxAnswerTokens, 1);
  if (s.pretrain !== undefined) {
    if (!isObject(s.pretrain)) fail("student.pretrain", "must be an object");
    const p = s.pretrain as Raw;
    student.pretrain = {
      examples: int("student.pretrain.examples", p.examples, 1),
      hyperparameters: hp("student.pretrain.hyperparameters", p.hyperparameters),
      ...(p.kinds !== undefined ? { kinds: Array.isArray(p.kinds) ? (p.kinds as string[]) : fail("student.pretrain.kinds", "must be an array of kind names") } : {}),
      ...(p.seed !== undefined ? { seed: int("student.pretrain.seed", p.seed, 0) } : {}),
    };
  }

  if (student.pretrain && !plugin.baseData) fail("student.pretrain", `needs base data, and task "${task}" has none: remove student.pretrain (or start from a pretrained student.baseModel)`);
  if (student.pretrain?.kinds && plugin.kinds) {
    for (const [i, k] of student.pretrain.kinds.entries()) {
      if (!plugin.kinds.includes(k)) fail(`student.pretrain.kinds[${i}]`, `is not a kind of task ${task}: ${JSON.stringify(k)}${didYouMean(String(k), plugin.kinds)} (kinds: ${plugin.kinds.join(", ")})`);
    }
  }
  if (s.replay !== undefined) {
    student.replay = int("student.replay", s.replay, 0);
    if (student.replay > 0 && !student.pretrain) fail("student.replay", "replays pretraining data: it needs student.pretrain");
    if (student.pretrain && student.replay > student.pretrain.examples) {
      fail("student.replay", `(${student.replay}) is more than student.pretrain.examples (${student.pretrain.examples})`);
    }
  }
  if (s.replayPerSample !== undefined) {
    const v = s.replayPerSample;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) fail("student.replayPerSample", `must be a number in 0..100 (pretraining examples per synthetic sample), got ${JSON.stringify(v)}`);
    if (s.replay !== undefined) fail("student.replayPerSample", "and student.replay are exclusive: give a fixed count or a count per synthetic sample");
    if ((v as number) > 0 && !student.pretrain) fail("student.replayPerSample", "replays pretraining data: it needs student.pretrain");
    student.replayPerSample = v as number;
  }

  if (!isObject(r.teacher)) fail("teacher", 'is missing: give { kind: "procedural" } or { kind: "openai", baseURL, model }');
  checkTeacher(r.teacher as Raw, fail);
  if ((r.teacher as Raw).kind === "procedural" && !plugin.proceduralTeacher) {
    fail("teacher.kind", `"procedural": task "${task}" has no procedural teacher (only ${taskNames().filter((n) => getTaskPlugin(n).proceduralTeacher).join(", ")} do); it needs an LLM teacher ({ "kind": "openai", baseURL, model })`);
  }

  return {
    name,
    task,
    ...(r.taskOptions ? { taskOptions: r.taskOptions as Raw } : {}),
    method,
    criterion,
    ...(criterionOptions ? { criterionOptions } : {}),
    ...(scoreSynthetic ? { scoreSynthetic } : {}),
    budget,
    perIteration,
    samplesPerSeed,
    selection: oneOf("selection", r.selection ?? runDefaults.selection, ["top", "weighted"] as const),
    trainFrom: oneOf("trainFrom", r.trainFrom ?? runDefaults.trainFrom, ["base", "continue"] as const),
    seed: int("seed", r.seed ?? runDefaults.seed, 0),
    student,
    teacher: r.teacher as unknown as RunConfig["teacher"],
    generationConcurrency: int("generationConcurrency", r.generationConcurrency ?? runDefaults.generationConcurrency, 1),
    maxIterations: int("maxIterations", r.maxIterations ?? runDefaults.maxIterations, 1),
  };
}

/** `student.server`: known flags of the student server with values of the right type. */
function checkServer(v: unknown, backend: "tiny" | "hf", fail: (field: string, message: string) => never): NonNullable<RunConfig["student"]["server"]> {
  if (!isObject(v)) fail("student.server", 'must be an object, e.g. { "device": "cpu", "finetune": "lora" }');
  const o = v as Raw;
  const checks: Record<string, [(x: unknown) => boolean, string]> = {
    device: [(x) => ["auto", "cpu", "cuda"].includes(x as string), "one of auto, cpu, cuda"],
    dtype: [(x) => ["auto", "float32", "bfloat16", "float16"].includes(x as string), "one of auto, float32, bfloat16, float16"],
    genDtype: [(x) => ["float32", "bfloat16", "float16"].includes(x as string), "one of float32, bfloat16, float16"],
    trainDtype: [(x) => ["bfloat16", "float16"].includes(x as string), "one of bfloat16, float16"],
    finetune: [(x) => ["lora", "full"].includes(x as string), "one of lora, full"],
    loraR: [(x) => Number.isInteger(x) && (x as number) >= 1, "an integer >= 1"],
    loraAlpha: [(x) => typeof x === "number" && x > 0, "a number > 0"],
    loraTargets: [(x) => typeof x === "string" && /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/.test(x), 'all-linear or comma-separated layer names ("q_proj,v_proj")'],
  };
  for (const key of Object.keys(o)) {
    const check = checks[key];
    if (!check) fail(`student.server.${key}`, `is not a server option; options: ${Object.keys(checks).join(", ")}`);
    if (!check[0](o[key])) fail(`student.server.${key}`, `must be ${check[1]} (got ${JSON.stringify(o[key])})`);
    if (backend === "tiny" && key !== "device") fail(`student.server.${key}`, "is an hf option; the tiny backend takes only device");
  }
  return o as NonNullable<RunConfig["student"]["server"]>;
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
    const want = spec.check(o[key]);
    if (want !== null) fail(`criterionOptions.${key}`, `must be ${want}, got ${JSON.stringify(o[key])}`);
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.required && o[key] === undefined) fail(`criterionOptions.${key}`, `is required by criterion ${criterion}: ${spec.doc}`);
  }
  return o as NonNullable<RunConfig["criterionOptions"]>;
}

const teacherFields = {
  procedural: ["kind", "pSimpler", "pHarder", "failureRate"],
  openai: ["kind", "baseURL", "model", "apiKeyEnv", "temperature", "maxTokens", "maxInFlight", "rpm", "tpm", "timeoutMs", "maxRetries", "priceTable", "client"],
} as const;

/** `teacher`: known fields of its kind, each of the right type and range; an API key in the file is refused. */
function checkTeacher(t: Raw, fail: (field: string, message: string) => never): void {
  const kinds = Object.keys(teacherFields) as (keyof typeof teacherFields)[];
  if (!kinds.includes(t.kind as keyof typeof teacherFields)) fail("teacher.kind", `must be one of ${kinds.join(", ")} (got ${JSON.stringify(t.kind)})`);
  const kind = t.kind as keyof typeof teacherFields;
  if (kind === "openai" && "apiKey" in t) {
    fail("teacher.apiKey", "must not be written in a config: the config is stored with the run, key included. Put the key in an environment variable and name it in teacher.apiKeyEnv");
  }
  for (const key of Object.keys(t)) {
    if (!(teacherFields[kind] as readonly string[]).includes(key)) fail(`teacher.${key}`, `is not a field of the ${kind} teacher${didYouMean(key, teacherFields[kind])}; fields: ${teacherFields[kind].join(", ")}`);
  }
  const num = (key: string, lo: number, hi: number, integer: boolean) => {
    const v = t[key];
    if (v === undefined) return;
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      fail(`teacher.${key}`, `must be ${integer ? "an integer" : "a number"} in ${lo}..${hi}, got ${JSON.stringify(v)}`);
    }
  };
  if (kind === "procedural") {
    for (const key of ["pSimpler", "pHarder", "failureRate"]) num(key, 0, 1, false);
    if (((t.pSimpler as number) ?? 0.1) + ((t.pHarder as number) ?? 0.1) > 1) fail("teacher.pHarder", "plus teacher.pSimpler must be at most 1");
    return;
  }
  for (const key of ["baseURL", "model"]) {
    if (typeof t[key] !== "string" || (t[key] as string).length === 0) fail(`teacher.${key}`, "must be a non-empty string");
  }
  let url: URL | null = null;
  try {
    url = new URL(t.baseURL as string);
  } catch {
    url = null;
  }
  if (!url || !["http:", "https:"].includes(url.protocol)) fail("teacher.baseURL", `must be an http(s) URL such as https://api.openai.com/v1, got ${JSON.stringify(t.baseURL)}`);
  if (t.apiKeyEnv !== undefined && (typeof t.apiKeyEnv !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.apiKeyEnv))) {
    fail("teacher.apiKeyEnv", `must be the name of an environment variable, got ${JSON.stringify(t.apiKeyEnv)}`);
  }
  if (t.client !== undefined && t.client !== "fetch" && t.client !== "openai") fail("teacher.client", `must be "fetch" (default) or "openai", got ${JSON.stringify(t.client)}`);
  num("temperature", 0, 2, false);
  num("maxTokens", 1, 1_000_000, true);
  num("maxInFlight", 1, 10_000, true);
  num("rpm", 1e-6, 1e9, false);
  num("tpm", 1e-6, 1e12, false);
  num("timeoutMs", 1, 86_400_000, true);
  num("maxRetries", 0, 100, true);
  if (t.priceTable !== undefined) {
    if (!isObject(t.priceTable)) fail("teacher.priceTable", 'must be an object: { "model": { "promptPer1M": 0.15, "completionPer1M": 0.6 } }');
    for (const [model, price] of Object.entries(t.priceTable as Raw)) {
      if (!isObject(price)) fail(`teacher.priceTable.${model}`, "must be { promptPer1M, completionPer1M }");
      for (const k of Object.keys(price as Raw)) if (k !== "promptPer1M" && k !== "completionPer1M") fail(`teacher.priceTable.${model}.${k}`, "is not a price field (promptPer1M, completionPer1M)");
      for (const k of ["promptPer1M", "completionPer1M"]) {
        const v = (price as Raw)[k];
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(`teacher.priceTable.${model}.${k}`, `must be a number >= 0 (dollars per million tokens), got ${JSON.stringify(v)}`);
      }
    }
  }
}
