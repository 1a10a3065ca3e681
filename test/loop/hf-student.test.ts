// A real pretrained student through the whole loop: `activesynth run` on a small version of
// data/experiments/smollm2-gsm8k.json (SmolLM2-135M-Instruct from its GGUF file, LoRA on CPU, the
// hf backend of the bundled server) with a fake OpenAI-compatible teacher on 127.0.0.1.
// 8 GSM8K seeds, 8 test problems, one iteration of 4 seeds x 1 sample. About 1-2 min on 2 cores.
//   node --test dist/test/loop/hf-student.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { openStore, type Store } from "../../lib/store/index.js";
import { fromRoot } from "../../lib/util/paths.js";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { runCliProcess, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { DATA_DIR, missingData } from "../tasks/data-dir.js";

const MODEL = fromRoot(".activesynth", "models", "SmolLM2-135M-Instruct.Q4_1.gguf");
const modelPath = process.env.ACTIVESYNTH_MODELS ? `${process.env.ACTIVESYNTH_MODELS}/SmolLM2-135M-Instruct.Q4_1.gguf` : MODEL;
// GSM8K comes from ../shared (absent: skipped with the reason, as every real-data test); the model
// is fetched by the test set-up, so a missing model fails
const missing = missingData("gsm8k");
const noModel = existsSync(modelPath) ? null : `SmolLM2 not found at ${modelPath} (bash scripts/fetch-models.sh fetches it)`;

const tmp = tempDir("activesynth-hf-loop-");
let fake: FakeOpenAI;
let first: CliResult;
let store: Store;
const NAME = "smol-gsm8k-loss";

function smallConfig(): string {
  const example = JSON.parse(readFileSync(fromRoot("data", "experiments", "smollm2-gsm8k.json"), "utf8"));
  const d = example.defaults;
  const config = {
    ...d,
    name: NAME,
    criterion: "loss",
    seed: 0,
    taskOptions: { ...d.taskOptions, maxSeeds: 8, maxTest: 8, dataDir: DATA_DIR },
    budget: { samples: 4 },
    perIteration: 4,
    samplesPerSeed: 1,
    student: { ...d.student, baseModel: modelPath, maxAnswerTokens: 48, hyperparameters: { steps: 4, batchSize: 4, learningRate: 0.0005 } },
  };
  const path = tmp.path("experiment.json");
  writeFileSync(path, JSON.stringify(config, null, 1));
  return path;
}

const args = () => ["run", "--config", tmp.path("experiment.json"), "--db", tmp.path("store.sqlite"), "--checkpoint-dir", tmp.path("ckpt"), "--teacher-url", fake.url];

before(async () => {
  if (missing || noModel) return;
  fake = await startFakeOpenAI();
  smallConfig();
  first = await runCliProcess(args());
  store = openStore(tmp.path("store.sqlite"), { readonly: true });
});
after(async () => {
  store?.close();
  await fake?.close();
  tmp.cleanup();
});

test("run with an hf student: iteration 0 and 1 are evaluated, trained with LoRA, and reported", { skip: missing ?? false }, () => {
  assert.equal(noModel, null, noModel ?? "");
  assert.equal(first.code, 0, first.stderr.slice(-2000));
  assert.equal(store.getRun(NAME)?.status, "finished");
  for (const it of [0, 1]) assert.equal(store.getEvaluations(NAME, it).length, 8);
  const job = store.getTrainingJob(NAME, 1)!;
  assert.equal(job.status, "succeeded");
  assert.match(job.fineTunedModel ?? "", /^ft:SmolLM2-135M-Instruct\.Q4_1:smol-gsm8k-loss-t1:ftjob-/);
  assert.equal(store.getEvaluations(NAME, 1)[0]!.model, job.fineTunedModel);
  assert.equal(job.baseModel, modelPath);
  assert.match(first.stdout, /loss\s+1\s+\d/);
  // two teacher calls per sample (question, then worked answer), nothing else
  assert.equal(fake.calls.count, 8);
});

test("loss selected the 4 seeds whose own answers the base model found least likely", { skip: missing ?? false }, () => {
  assert.equal(noModel, null, noModel ?? "");
  const seeds = store.getExamples({ source: "seed", task: "gsm8k" });
  assert.equal(seeds.length, 8);
  const scores = store.getScores(modelPath, "loss", seeds.map((s) => s.id));
  assert.equal(scores.size, 8);
  const top = [...scores.values()].sort((a, b) => b.value - a.value).slice(0, 4).map((r) => r.exampleId);
  const picked = store.getSelection(NAME, 1).map((r) => r.exampleId);
  assert.deepEqual(new Set(picked), new Set(top));
  for (const row of scores.values()) assert.ok(row.value > 0 && Number.isFinite(row.value));
});

test("a second run reads everything back: no teacher call, no server", { skip: missing ?? false }, async () => {
  assert.equal(noModel, null, noModel ?? "");
  const before = fake.calls.count;
  const again = await runCliProcess(args());
  assert.equal(again.code, 0, again.stderr.slice(-2000));
  assert.equal(fake.calls.count, before);
  assert.match(again.stderr, /read from the store/);
  assert.doesNotMatch(again.stderr, /student server \d started/);
});
