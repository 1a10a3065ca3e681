/**
 * The teacher over the real SQLite store (lib/store): a run killed and re-run from the file pays for nothing twice.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../lib/store/open-store.js";
import { startFakeOpenAI } from "../fake-openai/server.js";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { templateFor } from "../../lib/tasks/registry.js";
import type { Example } from "../../lib/tasks/types.js";

test("SQLite store: re-opened, a second run makes zero calls and gives identical generations", async () => {
  const dir = mkdtempSync(join(tmpdir(), "teacher-cache-"));
  const fake = await startFakeOpenAI();
  try {
    const seed: Example = { id: "gsm8k/s/9", task: "gsm8k", question: "Bo has 5 pens and gets 6 more. How many pens?", answer: "5 + 6 = 11\n#### 11" };
    const run = async () => {
      const store = openStore(join(dir, "store.sqlite"));
      try {
        store.upsertRun({ id: "r", name: "r", config: {} }); // rows name their run (a foreign key)
        const t = new OpenAITeacher({ baseURL: fake.url, model: "fake-model", template: templateFor("gsm8k"), store, priceTable: { "fake-model": { promptPer1M: 1, completionPer1M: 3 } } });
        fake.when("Problem:", { kind: "status", status: 429, retryAfterMs: 10 });
        const out = await Promise.all([0, 1, 2].map((i) => t.generate({ seed, sampleIndex: i, rngSeed: 5, runId: "r" })));
        return { out, calls: store.listTeacherCalls({ runId: "r", status: "ok" }).length };
      } finally {
        store.close();
      }
    };
    const first = await run();
    assert.equal(fake.calls.count, 7, "6 calls and one 429");
    assert.equal(first.calls, 6);
    fake.reset();
    const second = await run();
    assert.equal(fake.calls.count, 0);
    assert.deepEqual(second.out.map((g) => ({ ...g, meta: undefined })), first.out.map((g) => ({ ...g, meta: undefined })));
    assert.ok(first.out.every((g) => g.ok && g.usage.costUsd > 0));
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
