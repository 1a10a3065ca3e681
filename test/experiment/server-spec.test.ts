import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { serverSpec } from "../../lib/experiment/server-spec.js";
import { serverThreads } from "../../lib/experiment/pool.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";

const run = (server: Record<string, unknown>, baseModel = "model.gguf") => ({
  name: "r", task: "arith", criterion: "loss", budget: { samples: 10 }, perIteration: 5, samplesPerSeed: 2,
  student: { baseModel, server, hyperparameters: { steps: 1 } }, teacher: { kind: "procedural" },
});
const known = { knownCriteria: ["loss"], knownTasks: ["arith"], source: "exp.json" };

test("student.server.genDtype becomes --gen-dtype; a bad one or one on the tiny student is refused naming the field", () => {
  const c = validateRunConfig(run({ device: "cpu", genDtype: "bfloat16" }), known);
  assert.deepEqual(serverSpec(c.student), { backend: "hf", model: "model.gguf", args: ["--device", "cpu", "--gen-dtype", "bfloat16"] });
  assert.throws(() => validateRunConfig(run({ genDtype: "int8" }), known), /"student\.server\.genDtype" must be one of float32, bfloat16, float16 \(got "int8"\)/);
  assert.throws(() => validateRunConfig(run({ genDtype: "bfloat16" }, "tiny"), known), /"student\.server\.genDtype" is an hf option/);
});

test("student.server.trainDtype becomes --train-dtype; float32 or one on the tiny student is refused naming the field", () => {
  const c = validateRunConfig(run({ trainDtype: "bfloat16", genDtype: "bfloat16" }), known);
  assert.deepEqual(serverSpec(c.student).args, ["--gen-dtype", "bfloat16", "--train-dtype", "bfloat16"]);
  assert.throws(() => validateRunConfig(run({ trainDtype: "float32" }), known), /"student\.server\.trainDtype" must be one of bfloat16, float16 \(got "float32"\)/);
  assert.throws(() => validateRunConfig(run({ trainDtype: "bfloat16" }, "tiny"), known), /"student\.server\.trainDtype" is an hf option/);
});

test("serverThreads shares the machine's cores out over the servers, at least one each", () => {
  const cores = availableParallelism();
  assert.equal(serverThreads(1), cores);
  assert.equal(serverThreads(2), Math.max(1, Math.floor(cores / 2)));
  assert.equal(serverThreads(cores * 4), 1);
  assert.equal(serverThreads(0), cores);
});

test("student.server.trainProcesses becomes --train-processes (tiny and hf), accelerateConfig --accelerate-config (hf)", () => {
  const hf = validateRunConfig(run({ trainProcesses: 2, accelerateConfig: "fsdp.yaml" }), known);
  assert.deepEqual(serverSpec(hf.student).args, ["--train-processes", "2", "--accelerate-config", "fsdp.yaml"]);
  const tiny = validateRunConfig(run({ trainProcesses: 2 }, "tiny"), known);
  assert.deepEqual(serverSpec(tiny.student), { backend: "tiny", args: ["--train-processes", "2"] });
  assert.throws(() => validateRunConfig(run({ trainProcesses: 0 }), known), /"student\.server\.trainProcesses" must be an integer in 1\.\.1024, got 0/);
  assert.throws(() => validateRunConfig(run({ accelerateConfig: "x.yaml" }, "tiny"), known), /"student\.server\.accelerateConfig" is an hf option; the tiny backend takes only device and trainProcesses/);
});
