/**
 * The loop end to end on a small GSM8K slice: the fake OpenAI-compatible teacher on 127.0.0.1
 * (test/fake-openai/server.ts), the real tiny student server, a SQLite store in a temp folder.
 * Covers: iterations and accuracy rows, teacher calls counted; a second run makes zero calls (to
 * the fake and to the student) and gives identical results; sample-budget exactness; a token
 * budget stopped within one batch of its limit; judge tokens counted; faults recorded and survived.
 *
 * GSM8K questions are long for the tiny student (256-token context, a 124-token instruction), so
 * the slice keeps questions of at most 110 characters (40 seeds, 20 test items).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { startStudentServer, type StudentServerHandle } from "../../lib/student/spawn.js";
import { StudentClient } from "../../lib/student/client.js";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { openStore } from "../../lib/store/open-store.js";
import type { Store } from "../../lib/store/types.js";
import { loadTask, templateFor } from "../../lib/tasks/registry.js";
import type { TaskData } from "../../lib/tasks/types.js";
import { runExperiment } from "../../lib/loop/run.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { spentByRun } from "../../lib/loop/spent.js";
import { estimateRun } from "../../lib/experiment/estimate.js";
import type { RunConfig } from "../../lib/experiment/config.js";
import { criterionNames } from "../../lib/select/registry.js";
import { taskNames } from "../../lib/tasks/registry.js";
import { CountingStudent } from "../helpers/counting-student.js";
import { tempDir } from "../store/helpers.js";
import { DATA_DIR, missingData } from "../tasks/data-dir.js";

const skip = missingData("gsm8k");
let fake: FakeOpenAI;
let server: StudentServerHandle;
let store: Store;
let tmp: ReturnType<typeof tempDir>;
let data: TaskData;

before(async () => {
  if (skip) return;
  tmp = tempDir("activesynth-gsm8k-loop-");
  fake = await startFakeOpenAI();
  server = await startStudentServer({ checkpointDir: join(tmp.dir, "ckpt") });
  store = openStore(join(tmp.dir, "store.sqlite"));
  const full = loadTask("gsm8k", { dataDir: DATA_DIR });
  const short = (e: { question: string }) => e.question.length <= 110;
  data = { task: full.task, seeds: full.seeds.filter(short).slice(0, 40), test: full.test.filter(short).slice(0, 20) };
});
after(async () => {
  if (skip) return;
  store.close();
  await server.stop();
  await fake.close();
  tmp.cleanup();
});

function config(name: string, extra: Record<string, unknown> = {}): RunConfig {
  return validateRunConfig(
    {
      name,
      task: "gsm8k",
      criterion: "loss",
      budget: { samples: 16 },
      perIteration: 4,
      samplesPerSeed: 2,
      student: { baseModel: "tiny", hyperparameters: { steps: 10, batchSize: 8 } },
      teacher: { kind: "openai", baseURL: fake.url, model: "fake-teacher" },
      generationConcurrency: 4,
      maxIterations: 6,
      ...extra,
    },
    { knownCriteria: criterionNames(), knownTasks: taskNames() },
  );
}

function deps(cfg: RunConfig) {
  const teacher = new OpenAITeacher({ baseURL: fake.url, model: "fake-teacher", template: templateFor("gsm8k"), store, maxRetries: 1, retryBaseDelayMs: 1 });
  const student = new CountingStudent(new StudentClient({ baseURL: server.url }));
  return { deps: { store, student, teacher, data }, student, teacher, config: cfg };
}

test("a GSM8K loop with the loss criterion; a second run is read from the store", { skip: skip ?? false }, async () => {
  assert.equal(data.seeds.length, 40);
  const cfg = config("gsm8k-loss");
  const estimate = estimateRun(cfg, { poolSize: data.seeds.length });
  assert.deepEqual([estimate.iterations, estimate.calls], [2, 32]);
  fake.reset();
  const first = deps(cfg);
  const result = await runExperiment(cfg, first.deps);
  assert.equal(result.cached, false);
  assert.deepEqual(result.iterations.map((r) => r.iteration), [0, 1, 2]);
  assert.deepEqual(result.iterations.map((r) => r.samples), [0, 8, 16], "the sample budget, exactly");
  for (const row of result.iterations) {
    assert.equal(row.testSize, 20);
    assert.ok(row.accuracy >= 0 && row.accuracy <= 1);
    assert.equal(store.getEvaluations("gsm8k-loss", row.iteration).length, 20);
  }
  assert.equal(fake.calls.count, 32, "two teacher calls per sample");
  assert.equal(result.spent.calls, 32);
  assert.equal(result.spent.okSamples, 16);
  assert.equal(result.iterations[2]!.teacherTokens, result.spent.teacherTokens);
  assert.ok(result.spent.teacherTokens > 0);
  assert.equal(store.getSelection("gsm8k-loss", 1).length, 4);
  // the synthetic answers are valid GSM8K answers
  const synthetic = store.getExamples({ source: "synthetic", runId: "gsm8k-loss" });
  assert.equal(synthetic.length, 16);
  assert.ok(synthetic.every((e) => /\n#### \d+$/.test(e.answer)));

  fake.reset();
  const second = deps(cfg);
  const again = await runExperiment(cfg, second.deps);
  assert.equal(again.cached, true);
  assert.equal(fake.calls.count, 0, "no call reached the fake teacher");
  assert.equal(second.student.total, 0, "no call reached the student");
  assert.deepEqual(again.iterations, result.iterations);
  assert.deepEqual(again.spent, result.spent);
});

test("a token budget stops generation within one batch of its limit", { skip: skip ?? false }, async () => {
  const limit = 4000;
  const cfg = config("gsm8k-tokens", { criterion: "random", seed: 3, budget: { teacherTokens: limit }, generationConcurrency: 2 });
  fake.reset();
  const result = await runExperiment(cfg, deps(cfg).deps);
  const gens = store.getGenerations("gsm8k-tokens");
  const perAttempt = Math.max(...gens.map((g) => g.promptTokens + g.completionTokens));
  const batch = perAttempt * cfg.generationConcurrency;
  const spent = result.spent.teacherTokens;
  assert.ok(spent <= limit + batch, `spent ${spent} overshoots ${limit} by more than one batch (${batch})`);
  assert.ok(spent > limit - batch, `spent ${spent} stopped more than one batch (${batch}) short of ${limit}`);
  assert.equal(fake.calls.count, result.spent.calls, "its own seed: no generation shared with the other runs' cache");
  assert.ok(result.iterations.length >= 2);
});

test("judge tokens count against the run's budget", { skip: skip ?? false }, async () => {
  const cfg = config("gsm8k-judge", { criterion: "llm-judge", budget: { samples: 8 } });
  fake.reset();
  const result = await runExperiment(cfg, deps(cfg).deps);
  assert.equal(result.spent.judgeCalls, 40, "one judge call per seed");
  assert.equal(fake.calls.count, 40 + 16);
  assert.equal(result.iterations[1]!.teacherTokens, result.spent.teacherTokens);
  const generationTokens = store.getGenerations("gsm8k-judge").reduce((s, g) => s + g.promptTokens + g.completionTokens, 0);
  assert.equal(result.spent.teacherTokens, generationTokens + result.spent.judgeTokens);
  assert.equal(spentByRun(store, "gsm8k-judge", 0).judgeCalls, 0);
  assert.equal(estimateRun(cfg, { poolSize: 40 }).judgeCalls, 40);
});

test("faults (429, 500, malformed) are recorded with their reasons and the run finishes", { skip: skip ?? false }, async () => {
  const cfg = config("gsm8k-faults", { criterion: "random", seed: 7, budget: { samples: 8 }, generationConcurrency: 1 });
  fake.reset();
  fake.script(
    { kind: "status", status: 429, retryAfterMs: 1 },
    { kind: "status", status: 429, retryAfterMs: 1 },
    { kind: "status", status: 500 },
    { kind: "status", status: 500 },
    { kind: "malformed" },
    { kind: "garbage" },
  );
  const result = await runExperiment(cfg, deps(cfg).deps);
  assert.equal(result.run.status, "finished");
  const failed = store.getGenerations("gsm8k-faults").filter((g) => g.status === "failed");
  const reasons = failed.map((g) => g.reason ?? "");
  assert.equal(failed.length, 4, reasons.join(" | "));
  assert.ok(reasons.some((r) => /http 429/.test(r)));
  assert.ok(reasons.some((r) => /http 500/.test(r)));
  assert.ok(reasons.some((r) => /question/i.test(r)));
  assert.ok(reasons.some((r) => /bad response/.test(r)));
  assert.equal(result.spent.okSamples, 8, "later iterations make up for the failures");
  // each failed attempt is a stored call row too (429 x2, 500 x2, the garbage body)
  assert.ok(store.listTeacherCalls({ runId: "gsm8k-faults", status: "error" }).length >= 5);
});
