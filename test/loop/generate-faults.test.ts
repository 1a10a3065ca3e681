// A teacher call that fails for good in the middle of a batch (a 401 no retry can fix): the
// other calls of the batch were paid for, so their answers are stored before the error stops the
// run, and a resume pays for none of them again (issue 10).
//   node --test dist/test/loop/generate-faults.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { templateFor } from "../../lib/tasks/registry.js";
import { openStore } from "../../lib/store/index.js";
import { generateIteration } from "../../lib/loop/generate.js";
import type { Teacher } from "../../lib/teacher/types.js";
import { makeArithWorld } from "../../lib/tasks/arith/index.js";

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI({ latencyMs: 150 });
});
after(() => fake.close());

for (const sliding of [false, true]) test(`one fatal call among those in flight (${sliding ? "sliding window" : "batches"}): the other samples are stored, then the error is thrown; a resume calls only for the failed slot`, async () => {
  const store = openStore(":memory:");
  store.upsertRun({ id: "r", name: "r", config: {} });
  const data = makeArithWorld({ seed: 0, poolSize: 50, testSize: 10 });
  const seeds = data.seeds.slice(0, 4);
  const teacher = new OpenAITeacher({ baseURL: fake.url, model: "fake-model", template: templateFor("arith"), store, maxRetries: 1, retryBaseDelayMs: 5, timeoutMs: 5000 });
  // the first question call is refused at once (401: not retried); the other 3 seeds' calls take 150 ms
  fake.script({ kind: "status", status: 401, latencyMs: 0 });
  const options = { store, teacher, runId: "r", iteration: 1, task: "arith", seeds, samplesPerSeed: 1, attempts: 4, runSeed: 0, concurrency: 4, mayContinue: () => true, sliding };
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

test("a sliding window starts the next call when one ends, not when the batch ends, and stores the samples in slot order", async () => {
  const quick = await startFakeOpenAI({ latencyMs: 20 });
  try {
    for (const sliding of [true, false]) {
      const store = openStore(":memory:");
      store.upsertRun({ id: "r", name: "r", config: {} });
      const seeds = makeArithWorld({ seed: 1, poolSize: 50, testSize: 10 }).seeds.slice(0, 6);
      const real = new OpenAITeacher({ baseURL: quick.url, model: "fake-model", template: templateFor("arith"), store, maxRetries: 1, retryBaseDelayMs: 5, timeoutMs: 5000 });
      // the first seed's sample waits until three others have ended (about 120 ms), or 1.5 s when nothing else can end
      let ended = 0;
      let openedBy = "";
      let open!: (by: string) => void;
      const gate = new Promise<void>((resolve) => (open = (by) => (openedBy ||= by, resolve())));
      setTimeout(() => open("timeout"), 1500).unref();
      const teacher: Teacher = {
        ...real,
        generate: async (request) => {
          if (request.seed.id === seeds[0]!.id) await gate;
          const g = await real.generate(request);
          if (++ended === 3) open("three other samples");
          return g;
        },
      };
      await generateIteration({ store, teacher, runId: "r", iteration: 1, task: "arith", seeds, samplesPerSeed: 1, attempts: 6, runSeed: 0, concurrency: 2, mayContinue: () => true, sliding });
      assert.equal(openedBy, sliding ? "three other samples" : "timeout", sliding ? "the other lane kept going" : "a batch waits for its slowest call");
      assert.deepEqual(store.getGenerations("r", 1).map((g) => g.parentId), seeds.map((s) => s.id), "stored in slot order");
      store.close();
    }
  } finally {
    await quick.close();
  }
});
