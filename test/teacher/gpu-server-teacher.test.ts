import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { templateFor } from "../../lib/tasks/registry.js";
import { openStore } from "../../lib/store/index.js";
import { makeArithWorld } from "../../lib/tasks/arith/index.js";
import { startTinyServer, type TinyServer } from "../helpers/tiny-server.js";
import { tempDir } from "../helpers/temp-dir.js";

// The bundled student server speaks the OpenAI API, so it can serve as the teacher. The tiny
// model is untrained, so what it writes is not a valid question: the point here is the wiring
// (a real chat call through the openai client, usage and cache rows) and that nonsense output is
// recorded as a failure with its reason, never kept.
let server: TinyServer;
const tmp = tempDir("activesynth-teacher-");
before(async () => {
  server = await startTinyServer();
});
after(async () => {
  await server.stop();
  tmp.cleanup();
});

test("the tiny gpu-server as the teacher: a real chat call, usage stored, the second call cached", async () => {
  const store = openStore(join(tmp.dir, "chat.sqlite"));
  store.upsertRun({ id: "r", name: "r", config: {} });
  const teacher = new OpenAITeacher({ baseURL: `${server.url}/v1`, model: "tiny", template: templateFor("arith"), store, maxTokens: 12, temperature: 0, maxRetries: 0 });
  const messages = [{ role: "user" as const, content: "Q: Tom has 3 apples. He buys 4 more. How many apples does he have now?" }];
  const first = await teacher.chat(messages, { templateVersion: "test/v1", runId: "r", allowTruncated: true });
  assert.equal(first.cached, false);
  assert.equal(first.usage.calls, 1);
  assert.ok(first.usage.promptTokens > 10, `prompt tokens ${first.usage.promptTokens}`);
  assert.ok(first.usage.completionTokens >= 1 && first.usage.completionTokens <= 12);
  const rows = store.listTeacherCalls({ runId: "r" });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.model, "tiny");
  assert.equal(rows[0]!.promptTokens, first.usage.promptTokens);
  const again = await teacher.chat(messages, { templateVersion: "test/v1", runId: "r", allowTruncated: true });
  assert.equal(again.cached, true);
  assert.equal(again.content, first.content);
  assert.equal(store.listTeacherCalls({ runId: "r" }).length, 1);
  assert.equal(teacher.usage().paid.calls, 1);
  store.close();
});

test("a teacher prompt longer than the served model's context stops with the server's reason (400, not retried)", async () => {
  const store = openStore(join(tmp.dir, "long.sqlite"));
  store.upsertRun({ id: "r", name: "r", config: {} });
  const seed = makeArithWorld({ poolSize: 20, testSize: 10 }).seeds[0]!;
  const teacher = new OpenAITeacher({ baseURL: `${server.url}/v1`, model: "tiny", template: templateFor("arith"), store, maxTokens: 24, maxRetries: 3 });
  await assert.rejects(
    teacher.generate({ seed, sampleIndex: 0, rngSeed: 1, runId: "r" }),
    (e: Error & { status?: number }) => e.status === 400 && /context is 256/.test(e.message),
  );
  assert.equal(teacher.usage().paid.calls, 0);
  store.close();
});
