/**
 * The run config, declared once: the TypeScript types (config.ts), the validation
 * (validate-config.ts), the defaults, the published JSON Schema (json-schema.ts) and the README's
 * field table all come from these declarations. Checks that need the task and criterion
 * registries (known names, a task's options and kinds, a criterion's options) are in
 * validate-config.ts; task and criterion options are declared by their plug-ins.
 */
import { z } from "zod";
import { knobsSumProblem, proceduralKnobsShape } from "../tasks/procedural-knobs.js";
import { fields, intField, numberField, oneOf, text } from "../util/schema-fields.js";

const field = (description: string) => ({ description });

/** The finetuning hyperparameters of `student.hyperparameters` and `student.pretrain.hyperparameters`. */
const wholeUpTo = (max: number, reason = "") => {
  const positive = "must be a positive number";
  return z
    .number({ error: positive })
    .positive({ error: positive })
    .int({ error: (i) => `must be a whole number, got ${JSON.stringify(i.input)}` })
    .max(max, { error: (i) => `must be at most ${max}${reason}, got ${JSON.stringify(i.input)}` });
};
export const hyperparametersSchema = fields(
  {
    epochs: wholeUpTo(1_000_000).exactOptional().meta(field("passes over the training set")),
    steps: wholeUpTo(1_000_000).exactOptional().meta(field("optimiser steps; when set it takes precedence over epochs")),
    learningRate: z
      .number({ error: "must be a positive number" })
      .positive({ error: "must be a positive number" })
      .max(1, { error: (i) => `must be at most 1 (finetuning rates are about 1e-5 to 1e-2), got ${JSON.stringify(i.input)}` })
      .exactOptional()
      .meta(field("optimiser learning rate")),
    batchSize: wholeUpTo(4096).exactOptional().meta(field("examples per optimiser step")),
  },
  { unknown: (_key, near, known) => `is not a hyperparameter${near} (${known.join(", ")})`, example: '{ "steps": 100, "learningRate": 0.001 }' },
);

/** A server flag's message, in the style of the enum ones: `must be an integer >= 1 (got 0)`. */
const mustBe = (what: string) => (issue: { input?: unknown }) => `must be ${what} (got ${JSON.stringify(issue.input)})`;

const serverSchema = fields(
  {
    device: oneOf(["auto", "cpu", "cuda"]).exactOptional().meta(field("`auto` (cuda when available), `cpu` or `cuda`")),
    dtype: oneOf(["auto", "float32", "bfloat16", "float16"]).exactOptional().meta(field("weights dtype: `auto` is bf16 on CUDA, float32 on CPU")),
    genDtype: oneOf(["float32", "bfloat16", "float16"])
      .exactOptional()
      .meta(field("hf: dtype of a copy of the weights that generation runs on; scoring and training keep `dtype`. `bfloat16` answers 2-2.5x faster on a CPU with AMX or AVX512-BF16")),
    trainDtype: oneOf(["bfloat16", "float16"])
      .exactOptional()
      .meta(field("hf: mixed-precision fine-tuning (forward and backward under autocast; weights and optimiser in `dtype`); `bfloat16` about 1.9x faster on a CPU with AMX")),
    finetune: oneOf(["lora", "full"]).exactOptional().meta(field("hf: `lora` (peft adapters, default) or `full` (every weight)")),
    loraR: z.int({ error: mustBe("an integer >= 1") }).min(1, { error: mustBe("an integer >= 1") }).exactOptional().meta(field("hf: LoRA rank (default 16)")),
    loraAlpha: z.number({ error: mustBe("a number > 0") }).positive({ error: mustBe("a number > 0") }).exactOptional().meta(field("hf: LoRA alpha (default 32)")),
    loraTargets: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, { error: (i) => `must be all-linear or comma-separated layer names ("q_proj,v_proj") (got ${JSON.stringify(i.input)})` })
      .exactOptional()
      .meta(field("hf: `all-linear` (default) or comma-separated layer names that get adapters")),
    trainProcesses: intField(1, 1024)
      .exactOptional()
      .meta(field("processes a fine-tuning job runs as, under accelerate (gloo on CPU, one GPU each on CUDA); default 1, in the server's own process")),
    accelerateConfig: text()
      .exactOptional()
      .meta(field("hf: an `accelerate config` file for the trainProcesses launch (data parallel, or FSDP: sharded weights, gloo on CPU; DeepSpeed is refused); relative to the directory the command runs in")),
  },
  { unknown: (_key, near, known) => `is not a server option${near}; options: ${known.join(", ")}`, example: '{ "device": "cpu", "finetune": "lora" }' },
);

const pretrainSchema = fields(
  {
    examples: intField(1).meta(field("how many base-data examples the base is trained on")),
    kinds: z.array(z.string({ error: "must be an array of kind names" }), { error: "must be an array of kind names" }).exactOptional().meta(field("the task's kinds the base data is drawn from (default: the task's easy kinds)")),
    hyperparameters: hyperparametersSchema.default({}).meta(field("finetuning hyperparameters of the base")),
    seed: intField(0).exactOptional().meta(field("seed of the base data and its training")),
  },
  { unknown: (_key, near, known) => `is not a pretrain field${near}; fields: ${known.join(", ")}` },
);

const studentSchema = fields(
  {
    baseModel: text()
      .default("tiny")
      .meta(field("model the runs start from: `tiny`, an hf model (a `.gguf` file, an HF folder or a hub name; relative paths from the directory the command runs in), or a fine-tuned id")),
    backend: oneOf(["tiny", "hf"]).exactOptional().meta(field("server backend: `tiny` (the bundled toy model) or `hf` (transformers); implied by baseModel")),
    server: serverSchema.exactOptional().meta(field("flags of the student server a run starts (ignored with `run --url`)")),
    maxAnswerTokens: intField(1).exactOptional().meta(field("most tokens of a student answer, below the task's own limit; on a CPU cap it to fit")),
    hyperparameters: hyperparametersSchema.default({}).meta(field("finetuning hyperparameters of every iteration")),
    pretrain: pretrainSchema.exactOptional().meta(field("build (once, then reuse) a base by finetuning baseModel on the task's base data; found again by the hash of this spec")),
    replay: intField(0).exactOptional().meta(field("pretraining examples replayed in every finetune next to the synthetic samples (needs pretrain)")),
    replayPerSample: numberField(0, 100, " (pretraining examples per synthetic sample)")
      .exactOptional()
      .meta(field("pretraining examples replayed per synthetic sample, instead of a fixed replay (needs pretrain)")),
  },
  { unknown: (_key, near, known) => `is not a student field${near}; fields: ${known.join(", ")}`, missing: "give { baseModel, hyperparameters }" },
).superRefine((s, ctx) => {
  const say = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  const backend = s.backend ?? studentBackend(s);
  if (backend === "tiny" && studentBackend({ baseModel: s.baseModel }) !== "tiny") say("baseModel", `"${s.baseModel}" is not a tiny model; with a transformers model set student.backend to "hf"`);
  for (const key of Object.keys(s.server ?? {})) {
    if (backend === "tiny" && key !== "device" && key !== "trainProcesses") ctx.addIssue({ code: "custom", path: ["server", key], message: "is an hf option; the tiny backend takes only device and trainProcesses" });
  }
  if (s.replay !== undefined && s.replay > 0 && !s.pretrain) say("replay", "replays pretraining data: it needs student.pretrain");
  if (s.replay !== undefined && s.pretrain && s.replay > s.pretrain.examples) say("replay", `(${s.replay}) is more than student.pretrain.examples (${s.pretrain.examples})`);
  if (s.replayPerSample !== undefined && s.replay !== undefined) say("replayPerSample", "and student.replay are exclusive: give a fixed count or a count per synthetic sample");
  else if (s.replayPerSample !== undefined && s.replayPerSample > 0 && !s.pretrain) say("replayPerSample", "replays pretraining data: it needs student.pretrain");
});

/** The backend a student config names or implies: `tiny` for `tiny` and `ft:tiny:...`, else `hf`. */
export function studentBackend(student: { baseModel: string; backend?: "tiny" | "hf" | undefined }): "tiny" | "hf" {
  return student.backend ?? (student.baseModel === "tiny" || student.baseModel.startsWith("ft:tiny:") ? "tiny" : "hf");
}

const teacherFieldsMessage = (kind: string) => (key: string, near: string, known: readonly string[]) =>
  kind === "openai" && key === "apiKey"
    ? "must not be written in a config: the config is stored with the run, key included. Put the key in an environment variable and name it in teacher.apiKeyEnv"
    : `is not a field of the ${kind} teacher${near}; fields: ${known.join(", ")}`;

const proceduralTeacherSchema = fields(
  { kind: z.literal("procedural"), ...proceduralKnobsShape },
  { unknown: teacherFieldsMessage("procedural") },
).superRefine((t, ctx) => {
  if (knobsSumProblem(t)) ctx.addIssue({ code: "custom", path: ["pHarder"], message: "plus teacher.pSimpler must be at most 1" });
});

const isHttpUrl = (value: string): boolean => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
const price = (description: string) =>
  z
    .number({ error: (i) => `must be a number >= 0 (dollars per million tokens), got ${JSON.stringify(i.input)}` })
    .min(0, { error: (i) => `must be a number >= 0 (dollars per million tokens), got ${JSON.stringify(i.input)}` })
    .meta(field(description));

const openaiTeacherSchema = fields(
  {
    kind: z.literal("openai"),
    baseURL: text()
      .refine(isHttpUrl, { error: (i) => `must be an http(s) URL such as https://api.openai.com/v1, got ${JSON.stringify(i.input)}` })
      .meta(field("an OpenAI-compatible endpoint, e.g. https://api.openai.com/v1")),
    model: text().meta(field("the teacher model's name at that endpoint")),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: (i) => `must be the name of an environment variable, got ${JSON.stringify(i.input)}` })
      .exactOptional()
      .meta(field("environment variable holding the API key (a key is never written in a config)")),
    temperature: numberField(0, 2).exactOptional().meta(field("sampling temperature")),
    maxTokens: intField(1, 1_000_000).exactOptional().meta(field("completion limit of one call")),
    maxInFlight: intField(1, 10_000).exactOptional().meta(field("calls in flight at once")),
    rpm: numberField(1e-6, 1e9).exactOptional().meta(field("requests per minute the limiter allows")),
    tpm: numberField(1e-6, 1e12).exactOptional().meta(field("tokens per minute the limiter allows")),
    timeoutMs: intField(1, 86_400_000).exactOptional().meta(field("timeout of one call, in milliseconds")),
    maxRetries: intField(0, 100).exactOptional().meta(field("retries of a failed call (429s and 5xx, with backoff)")),
    priceTable: z
      .record(
        z.string(),
        fields(
          { promptPer1M: price("dollars per million prompt tokens"), completionPer1M: price("dollars per million completion tokens") },
          { unknown: () => "is not a price field (promptPer1M, completionPer1M)", example: "{ promptPer1M, completionPer1M }" },
        ),
        { error: 'must be an object: { "model": { "promptPer1M": 0.15, "completionPer1M": 0.6 } }' },
      )
      .exactOptional()
      .meta(field("dollars per million tokens by model name, for budgets and reports")),
    client: z
      .enum(["fetch", "openai"], { error: (i) => `must be "fetch" (default) or "openai", got ${JSON.stringify(i.input)}` })
      .exactOptional()
      .meta(field("HTTP client: `fetch` (default) or `openai` (the official client)")),
  },
  { unknown: teacherFieldsMessage("openai") },
);

const teacherKinds = ["procedural", "openai"] as const;
const teacherSchema = z.discriminatedUnion("kind", [proceduralTeacherSchema, openaiTeacherSchema], {
  error: (issue) => {
    if (issue.input === undefined) return 'is missing: give { kind: "procedural" } or { kind: "openai", baseURL, model }';
    if (typeof issue.input !== "object" || issue.input === null || Array.isArray(issue.input)) return "must be an object";
    const kind = (issue.input as { kind?: unknown }).kind;
    return kind === undefined ? `is missing: give one of ${teacherKinds.join(", ")}` : `must be one of ${teacherKinds.join(", ")} (got ${JSON.stringify(kind)})`;
  },
});

const budgetSchema = fields(
  {
    samples: intField(1).exactOptional().meta(field("stop at this many synthetic samples")),
    teacherTokens: intField(1).exactOptional().meta(field("stop at this many teacher tokens (prompt + completion; judging counts)")),
  },
  { unknown: (_key, near, known) => `is not a budget field${near}; fields: ${known.join(", ")}`, missing: "give { samples: N } or { teacherTokens: N }" },
).refine((b) => b.samples !== undefined || b.teacherTokens !== undefined, { error: "needs samples or teacherTokens" });

/** Defaults of the run fields that have one. */
export const runDefaults = {
  method: "active",
  selection: "top",
  trainFrom: "base",
  seed: 0,
  samplesPerSeed: 1,
  generationConcurrency: 16,
  maxIterations: 100,
} as const;

const options = (what: string) =>
  z.record(z.string(), z.unknown(), { error: `must be an object${what}` });

/** One experiment run, as written in a config file. */
export const runConfigSchema = fields(
  {
    $schema: z.string({ error: "must be a string (a path or URL of the schema)" }).exactOptional().meta(field("the JSON Schema an editor checks this file with (ignored by the run)")),
    description: z.string({ error: "must be a string" }).exactOptional().meta(field("free text about the run or experiment (ignored by the run)")),
    name: text()
      .regex(/^[A-Za-z0-9._:-]+$/, { error: "may only hold letters, digits and . _ : -" })
      .meta(field("run id in the store; running the same config again resumes it (or reads it back)")),
    task: text().meta(field("a registered task (tasks table below)")),
    taskOptions: options("").exactOptional().meta(field("the task loader's options (tasks table below)")),
    method: oneOf(["active", "static"])
      .default(runDefaults.method)
      .meta(field("`active`: the student selects every iteration; `static`: seeds drawn uniformly, whole budget generated up front, trained on prefixes")),
    criterion: text().meta(field("a registered selection criterion (criteria table below); `random` for static runs, which may leave it out")),
    criterionOptions: options(', e.g. { "rewardModel": "ft:tiny:gold:..." }').exactOptional().meta(field("the options the run's criterion declares (criteria table below)")),
    scoreSynthetic: z
      .array(z.string({ error: "must be a criterion name" }), { error: 'must be an array of criterion names, e.g. ["loss", "entropy"] ([] turns it off)' })
      .exactOptional()
      .meta(field("student-side criteria an active run scores each iteration's synthetic samples and their seeds with, by the checkpoint that chose the seeds (default `[\"loss\", \"entropy\", \"gt-loss\"]`; `[]` turns it off): what Figures 2 and 3 read")),
    budget: budgetSchema.meta(field("stop at `samples` synthetic samples or `teacherTokens` teacher tokens (dollars from the teacher's `priceTable`)")),
    perIteration: intField(1).meta(field("m: seeds selected per iteration")),
    samplesPerSeed: intField(1).default(runDefaults.samplesPerSeed).meta(field("k: synthetic samples the teacher writes from each selected seed")),
    selection: oneOf(["top", "weighted"]).default(runDefaults.selection).meta(field("`top`: the first m by score; `weighted`: rank-weighted sampling")),
    trainFrom: oneOf(["base", "continue"])
      .default(runDefaults.trainFrom)
      .meta(field("`base`: each iteration trains the base on all samples so far; `continue`: the last checkpoint on the new ones")),
    seed: intField(0).default(runDefaults.seed).meta(field("seeds every random choice (selection ties, generation, training)")),
    student: studentSchema.meta(field("how the student is set up")),
    teacher: teacherSchema.meta(field('`{ "kind": "procedural" }` (tasks that have one) or `{ "kind": "openai", baseURL, model, ... }`')),
    generationConcurrency: intField(1).default(runDefaults.generationConcurrency).meta(field("teacher generations in flight at once")),
    maxIterations: intField(1).default(runDefaults.maxIterations).meta(field("at most this many iterations, whatever the budget (a guard against failing teachers)")),
  },
  { unknown: (_key, near, known) => `is not a config field${near}; fields: ${known.join(", ")}`, example: "a JSON object" },
).superRefine((r, ctx) => {
  if (r.budget.samples !== undefined && r.budget.samples < r.perIteration * r.samplesPerSeed) {
    ctx.addIssue({
      code: "custom",
      path: ["budget", "samples"],
      message: `(${r.budget.samples}) is below one iteration's samples, perIteration x samplesPerSeed = ${r.perIteration * r.samplesPerSeed}`,
    });
  }
});

export const teacherSchemas = { procedural: proceduralTeacherSchema, openai: openaiTeacherSchema } as const;
