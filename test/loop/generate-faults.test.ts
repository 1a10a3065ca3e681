// A teacher call that fails for good in the middle of a batch (a 401 no retry can fix): the
// other calls of the batch were paid for, so their answers are stored before the error stops the
// run, and a resume pays for none of them again (issue 10).
//   node --test dist/test/loop/generate-faults.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { openStore } from "../../lib/store/index.js";
import { generateIteration } from "../../lib/loop/generate.js";
import { makeArithWorld } from "../../lib/tasks/arith/index.js";

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI({ latencyMs: 150 });
});
after(() => fake.close());

test("one fatal call in a batch: the batch's other samples are stored, then the error is thrown; a resume calls only for the failed slot", async () => {
  const store = openStore(":memory:");
  store.upsertRun({ id: "r", name: "r", config: {} });
  const data = makeArithWorld({ seed: 0, poolSize: 50, testSize: 10 });
  const seeds = data.seeds.slice(0, 4);
  const teacher = new OpenAITeacher({ baseURL: fake.url, model: "fake-model", task: "arith", store, maxRetries: 1, retryBaseDelayMs: 5, timeoutMs: 5000 });
  // the first question call is refused at once (401: not retried); the other 3 seeds' calls take 150 ms
  fake.script({ kind: "status", status: 401, latencyMs: 0 });
  const options = { store, teacher, runId: "r", iteration: 1, task: "arith", seeds, samplesPerSeed: 1, attempts: 4, runSeed: 0, concurrency: 4, mayContinue: () => true };
  await assert.rejects(generateIteration(options), /401/);
  const stored = store.getGenerations("r", 1);
  assert.equal(stored.length, 3, "the three calls in flight when the 401 came back are stored");
  assert.ok(stored.every((g) => g.status === "ok"));
  const paid = fake.calls.count;
  // resume: only the refused slot is generated; the three stored ones cost nothing
  await generateIteration(options);
  assert.equal(store.getGenerations("r", 1).length, 4);
  assert.equal(fake.calls.count - paid, 2, "one question call and one answer call, for the one missing sample");
  store.close();
});
