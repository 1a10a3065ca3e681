import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExperimentFile } from "../../lib/experiment/experiment-file.js";
import { criterionNames } from "../../lib/select/registry.js";
import { taskNames } from "../../lib/tasks/registry.js";

const known = { knownCriteria: ["random", "loss"], knownTasks: ["arith"] };
const dir = mkdtempSync(join(tmpdir(), "as-exp-"));
const defaults = {
  name: "g",
  task: "arith",
  budget: { samples: 40 },
  perIteration: 10,
  student: { baseModel: "tiny" },
  teacher: { kind: "procedural" },
};

test("a grid expands to every combination with readable names", () => {
  const file = join(dir, "grid.json");
  writeFileSync(file, JSON.stringify({ defaults, grid: { criterion: ["loss", "random"], seed: [0, 1] } }));
  const runs = readExperimentFile(file, known);
  assert.deepEqual(runs.map((r) => r.name), ["g-criterion-loss-seed-0", "g-criterion-loss-seed-1", "g-criterion-random-seed-0", "g-criterion-random-seed-1"]);
  assert.equal(runs[3]!.seed, 1);
  assert.equal(runs[3]!.criterion, "random");
});

test("runs crossed with a grid: each run at every combination, static included, nested grid values merged", () => {
  const file = join(dir, "runs-grid.json");
  const withPretrain = { ...defaults, student: { baseModel: "tiny", hyperparameters: { steps: 5 }, pretrain: { examples: 10, hyperparameters: { steps: 5 }, seed: 0 } } };
  writeFileSync(file, JSON.stringify({
    defaults: withPretrain,
    runs: [{ name: "loss", criterion: "loss" }, { name: "static", method: "static", criterion: "random" }],
    grid: { student: [{ pretrain: { seed: 1 } }, { pretrain: { seed: 2 } }], seed: [0, 1] },
  }));
  const runs = readExperimentFile(file, known);
  assert.deepEqual(runs.map((r) => r.name), [
    "loss-student-pretrainseed1-seed-0", "loss-student-pretrainseed1-seed-1", "loss-student-pretrainseed2-seed-0", "loss-student-pretrainseed2-seed-1",
    "static-student-pretrainseed1-seed-0", "static-student-pretrainseed1-seed-1", "static-student-pretrainseed2-seed-0", "static-student-pretrainseed2-seed-1",
  ]);
  assert.equal(runs[2]!.student.pretrain?.seed, 2);
  assert.equal(runs[2]!.student.pretrain?.examples, 10, "the grid value is merged into the defaults' student, not put in its place");
  assert.equal(runs[2]!.student.hyperparameters.steps, 5);
  assert.equal(runs[5]!.method, "static");
  assert.equal(runs[5]!.seed, 1);
});

test("readExperimentFile without `known` checks against the registered criteria and tasks", () => {
  const file = join(dir, "default-known.json");
  writeFileSync(file, JSON.stringify({ ...defaults, name: "d", criterion: "margin" }));
  assert.equal(readExperimentFile(file)[0]!.criterion, "margin");
  writeFileSync(file, JSON.stringify({ ...defaults, name: "d", criterion: "vibes" }));
  assert.throws(() => readExperimentFile(file), /"criterion" is unknown: "vibes"; known: random, loss, .*margin/);
});

test("runs merge into defaults, nested objects included", () => {
  const file = join(dir, "runs.json");
  writeFileSync(file, JSON.stringify({ defaults, runs: [{ name: "a", criterion: "loss", budget: { samples: 80 } }] }));
  const [run] = readExperimentFile(file, known);
  assert.ok(run);
  assert.equal(run.budget.samples, 80);
  assert.equal(run.task, "arith");
});

test("bad JSON names the file and line; a missing file names the path", () => {
  const file = join(dir, "bad.json");
  writeFileSync(file, '{\n  "name": "x",\n  "task": arith\n}');
  assert.throws(() => readExperimentFile(file, known), new RegExp(`${file.replace(/[.]/g, "\\.")}:3: invalid JSON`));
  assert.throws(() => readExperimentFile(join(dir, "nope.json"), known), /"--config" cannot be read: .*nope\.json \(ENOENT\)/);
  // a bad value in the middle of a pretty-printed file (V8 quotes text on both sides of it)
  const nan = join(dir, "nan.json");
  writeFileSync(nan, '{\n  "name": "x",\n  "budget": {\n    "samples": NaN\n  },\n  "task": "arith"\n}\n');
  assert.throws(() => readExperimentFile(nan, known), new RegExp(`${nan.replace(/[.]/g, "\\.")}:4: invalid JSON`));
});

test("a bad run in a list names the file and the run", () => {
  const file = join(dir, "list.json");
  writeFileSync(file, JSON.stringify({ defaults, runs: [{ name: "ok", criterion: "loss" }, { name: "oops", criterion: "vibes" }] }));
  assert.throws(() => readExperimentFile(file, known), /list\.json:1 \(run 2: oops\): "criterion" is unknown/);
});

test("a bad field is named by its full path, the file and its line, with the nearest known name", () => {
  const file = join(dir, "lines.json");
  const text = JSON.stringify({
    defaults: { ...defaults, student: { baseModel: "tiny", replya: 3 } },
    runs: [{ name: "a", criterion: "loss" }, { name: "b", criterion: "random" }],
  }, null, 2);
  writeFileSync(file, text);
  const line = text.split("\n").findIndex((l) => l.includes('"replya"')) + 1;
  assert.ok(line > 1);
  assert.throws(() => readExperimentFile(file, known), (e: Error) => {
    assert.ok(e.message.startsWith(`${file}:${line} (run 1: a): `), e.message);
    assert.match(e.message, /"student.replya" is not a student field \(did you mean "replay"\?\)/);
    return true;
  });
  const inRun = JSON.stringify({ defaults, runs: [{ name: "a", criterion: "loss" }, { name: "b", criterion: "loss", taskOptions: { poolsize: 10 } }] }, null, 2);
  writeFileSync(file, inRun);
  const runLine = inRun.split("\n").findIndex((l) => l.includes('"poolsize"')) + 1;
  assert.throws(() => readExperimentFile(file, known), (e: Error) => {
    assert.ok(e.message.startsWith(`${file}:${runLine} (run 2: b): `), e.message);
    assert.match(e.message, /"taskOptions.poolsize" is not an option of task arith \(did you mean "poolSize"\?\)/);
    return true;
  });
  const single = JSON.stringify({ ...defaults, criterion: "loss", teacher: { kind: "procedural", temprature: 0.7 } }, null, 2);
  writeFileSync(file, single);
  const tLine = single.split("\n").findIndex((l) => l.includes('"temprature"')) + 1;
  assert.throws(() => readExperimentFile(file, known), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:${tLine}: "teacher.temprature" is not a field of the procedural teacher`));
});

test("every experiment file shipped in data/experiments validates (names, fields, tasks and criteria)", () => {
  const folder = join(process.cwd(), "data", "experiments");
  const files = readdirSync(folder).filter((f) => f.endsWith(".json"));
  assert.ok(files.includes("smollm2-paper.json") && files.includes("smollm2-prontoqa-base.json"), files.join(", "));
  for (const f of files) {
    const runs = readExperimentFile(join(folder, f), { knownCriteria: criterionNames(), knownTasks: taskNames() });
    assert.ok(runs.length >= 1, f);
  }
});

test("a file with runs or grid refuses a top-level field it does not know (a misspelt grid is not silently dropped)", () => {
  const file = join(dir, "typo.json");
  writeFileSync(file, JSON.stringify({ $schema: "../schema.json", defaults, runs: [{ name: "a", criterion: "loss" }], grids: { seed: [0, 1] } }));
  assert.throws(() => readExperimentFile(file, known), /"grids" is not a field of an experiment file with runs or grid \(did you mean "grid"\?\); fields: \$schema, description, defaults, runs, grid/);
});
