import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import AjvModule from "ajv";
import { fromRoot } from "../../lib/util/paths.js";
import { experimentJsonSchema } from "../../lib/experiment/json-schema.js";
import { configFieldsTable } from "../../lib/experiment/fields-table.js";
import { readExperimentFile } from "../../lib/experiment/experiment-file.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { ConfigError } from "../../lib/experiment/config.js";

// ajv is CommonJS: its class is the module's default export's `default`
const Ajv = (AjvModule as unknown as { default: typeof AjvModule.default }).default;
const published = JSON.parse(readFileSync(fromRoot("schema/experiment.schema.json"), "utf8")) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(published);
const experiments = fromRoot("data/experiments");

test("the published JSON Schema is the one the run-config schema and the registries give (regenerate: npm run schema)", () => {
  assert.deepEqual(published, experimentJsonSchema());
  const pkg = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { exports: Record<string, string> };
  assert.equal(pkg.exports["./schema/experiment.schema.json"], "./schema/experiment.schema.json");
});

test("the README's field table is the schema's (regenerate: npm run schema)", () => {
  const readme = readFileSync(fromRoot("README.md"), "utf8");
  const m = /<!-- config-fields -->\n([\s\S]*?)\n<!-- \/config-fields -->/.exec(readme);
  assert.ok(m, "README has a config-fields block");
  assert.equal(m[1], configFieldsTable());
  assert.match(configFieldsTable(), /\| `student\.server\.genDtype` \| `float32`, `bfloat16`, `float16` \|  \| hf: /);
  assert.match(configFieldsTable(), /\| `seed` \| integer >= 0 \| `0` \|/);
});

test("every example experiment file passes both the JSON Schema and the validator, and points at the schema", () => {
  const files = readdirSync(experiments).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 5);
  for (const f of files) {
    const raw = JSON.parse(readFileSync(`${experiments}/${f}`, "utf8")) as { $schema?: string };
    assert.equal(validate(raw), true, `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    assert.equal(raw.$schema, "../../schema/experiment.schema.json", `${f} starts with "$schema"`);
    assert.ok(readExperimentFile(`${experiments}/${f}`).length >= 1);
  }
});

const good = {
  name: "a",
  task: "arith",
  criterion: "loss",
  budget: { samples: 40 },
  perIteration: 10,
  student: { baseModel: "tiny", hyperparameters: { steps: 5 } },
  teacher: { kind: "procedural" },
};

test("a bad config fails the JSON Schema (what an editor shows) and the validator, which names the field", () => {
  assert.equal(validate(good), true, JSON.stringify(validate.errors));
  assert.equal(validate({ ...good, method: "static", criterion: undefined }), true, "a static run may leave its criterion out");
  const cases: [string, Record<string, unknown>, string][] = [
    ["a misspelt field", { perIteraton: 3 }, "perIteraton"],
    ["a wrong enum", { selection: "best" }, "selection"],
    ["an integer below range", { seed: -1 }, "seed"],
    ["a misspelt student field", { student: { baseModel: "tiny", replya: 3 } }, "student.replya"],
    ["an unknown teacher kind", { teacher: { kind: "oracle" } }, "teacher.kind"],
    ["an openai field on the procedural teacher", { teacher: { kind: "procedural", model: "m" } }, "teacher.model"],
    ["a rate out of range", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", temperature: 3 } }, "teacher.temperature"],
    ["an unknown task", { task: "chess" }, "task"],
    ["a task option of another task", { taskOptions: { maxLength: 5 } }, "taskOptions.maxLength"],
    ["a task option out of range", { taskOptions: { digits: 7 } }, "taskOptions.digits"],
    ["a criterion option of another criterion", { criterionOptions: { judgeThreshold: 3 } }, "criterionOptions.judgeThreshold"],
    ["a required criterion option missing", { criterion: "reward" }, "criterionOptions.rewardModel"],
    ["no criterion on an active run", { criterion: undefined }, "criterion"],
    ["a budget field misspelt", { budget: { sample: 40 } }, "budget.sample"],
  ];
  for (const [what, patch, field] of cases) {
    const config = { ...good, ...patch };
    assert.equal(validate(config), false, `${what}: the JSON Schema accepts it`);
    assert.throws(() => validateRunConfig(config), (e: unknown) => e instanceof ConfigError && e.field === field, `${what}: the validator names ${field}`);
  }
});

test("in an experiment file, defaults and runs are checked field by field and need not be whole runs", () => {
  const file = { $schema: "x", defaults: { task: "arith", student: { baseModel: "tiny" } }, runs: [{ name: "a", criterion: "loss" }] };
  assert.equal(validate(file), true, JSON.stringify(validate.errors));
  assert.equal(validate({ ...file, runs: [{ name: "a", criterion: "loss", perIteraton: 3 }] }), false);
  assert.equal(validate({ ...file, defaults: { teacher: { kind: "procedural", temprature: 1 } } }), false);
  assert.equal(validate({ ...file, grid: { seed: [] } }), false, "a grid field needs values");
  assert.equal(validate({ ...file, runz: [] }), false);
});
