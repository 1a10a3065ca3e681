/**
 * The OpenAI-compatible teacher against the fake server (test/fake-openai/server.ts) on 127.0.0.1:
 * generation, the cache, each fault (recorded and survived), the limiter, and prices.
 */
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { OpenAITeacher, type OpenAITeacherOptions } from "../../lib/teacher/openai-teacher.js";
import { TeacherConfigError, TeacherError } from "../../lib/teacher/errors.js";
import type { Example } from "../../lib/tasks/types.js";
import { templateFor } from "../../lib/tasks/registry.js";
import { MemoryCallStore, RecordingClock } from "./helpers/memory-store.js";

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI({ latencyMs: 2 });
});
after(() => fake.close());
beforeEach(() => fake.reset());

const seed: Example = { id: "gsm8k/s/1", task: "gsm8k", question: "Ann has 3 apples and buys 4 more. How many apples does she have?", answer: "3 + 4 = 7\n#### 7", kind: "add" };
const req = (sampleIndex = 0) => ({ seed, sampleIndex, rngSeed: 11, runId: "run-1" });

// every behaviour holds for both HTTP clients: plain fetch (the default) and the official openai client
for (const client of ["fetch", "openai"] as const) {
describe(`teacher over ${client}`, () => {
  function teacher(store: MemoryCallStore, extra: Partial<OpenAITeacherOptions> = {}): OpenAITeacher {
    return new OpenAITeacher({ baseURL: fake.url, model: "fake-model", template: templateFor("gsm8k"), store, maxRetries: 3, retryBaseDelayMs: 5, timeoutMs: 5000, client, ...extra });
  }

  test("generate: a new question, then its worked answer with a final result; two calls", async () => {
    const store = new MemoryCallStore();
    const g = await teacher(store).generate(req());
    assert.equal(g.ok, true, JSON.stringify(g));
    if (!g.ok) return;
    const m = g.question.match(/Sam has (\d+) marbles and finds (\d+) more/);
    assert.ok(m, g.question);
    const sum = Number(m[1]) + Number(m[2]);
    assert.equal(g.answer, `${m[1]} + ${m[2]} = ${sum}\n#### ${sum}`);
    assert.equal(g.meta?.final, String(sum));
    assert.equal(g.kind, "add");
    assert.equal(fake.calls.count, 2);
    assert.equal(g.usage.calls, 2);
    assert.ok(g.usage.promptTokens > 0 && g.usage.completionTokens > 0);
    // call 2 shows the question written by call 1, and both carry the sampling parameters and seed
    assert.match(fake.calls.log[1]!.prompt, new RegExp(`Sam has ${m[1]} marbles`));
    assert.equal(fake.calls.log[0]!.body.seed, 11);
    assert.equal(fake.calls.log[0]!.body.temperature, 1);
    assert.equal(fake.calls.log[0]!.body.max_tokens, 1024);
    assert.equal(store.listTeacherCalls({ runId: "run-1", status: "ok" }).length, 2);
  });

  test("cache: a second run makes zero calls and returns the identical generation and usage", async () => {
    const store = new MemoryCallStore();
    const first = await teacher(store).generate(req());
    assert.equal(fake.calls.count, 2);
    const again = teacher(store); // a fresh process over the same store
    const second = await again.generate(req());
    assert.equal(fake.calls.count, 2, "no call reached the server");
    // identical, meta included: what is stored of a sample does not depend on whether it was paid or read back
    assert.deepEqual(second, first);
    assert.deepEqual(again.usage().paid, { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
    assert.deepEqual(again.usage().all, first.usage);
    // another sample index of the same seed is a different call
    await again.generate(req(1));
    assert.equal(fake.calls.count, 4);
  });

  test("identical generations in flight at once share their calls", async () => {
    const t = teacher(new MemoryCallStore());
    const [a, b] = await Promise.all([t.generate(req()), t.generate(req())]);
    assert.equal(fake.calls.count, 2);
    assert.deepEqual(a, b);
  });

  test("429 with Retry-After: the wait honours it, the fault is recorded, the call survives", async () => {
    const store = new MemoryCallStore();
    const clock = new RecordingClock(false);
    fake.script({ kind: "status", status: 429, retryAfter: "0.2" });
    const t0 = Date.now();
    const g = await teacher(store, { clock, retryBaseDelayMs: 5000 }).generate(req());
    assert.ok(Date.now() - t0 >= 200);
    assert.deepEqual(clock.sleeps, [200], "slept exactly the Retry-After, not the 5 s backoff");
    assert.equal(g.ok, true);
    assert.equal(fake.calls.count, 3);
    const faults = store.listTeacherCalls({ status: "error" });
    assert.equal(faults.length, 1);
    assert.match(faults[0]!.error!, /^http 429/);
    assert.match(faults[0]!.key, /\/attempt\/0$/);
  });

  test("retry-after-ms is honoured too", async () => {
    const clock = new RecordingClock(false);
    fake.script({ kind: "status", status: 503, retryAfterMs: 30 });
    const g = await teacher(new MemoryCallStore(), { clock }).generate(req());
    assert.equal(g.ok, true);
    assert.deepEqual(clock.sleeps, [30]);
  });

  test("500 then ok: retried with backoff", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "status", status: 500 }, { kind: "status", status: 502 });
    const g = await teacher(store).generate(req());
    assert.equal(g.ok, true);
    assert.equal(fake.calls.count, 4);
    assert.deepEqual(store.listTeacherCalls({ status: "error" }).map((r) => r.error!.slice(0, 8)).sort(), ["http 500", "http 502"]);
  });

  test("time-out then ok: the hung attempt is abandoned after timeoutMs and retried", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "hang" });
    const t0 = Date.now();
    const g = await teacher(store, { timeoutMs: 300 }).generate(req());
    assert.ok(Date.now() - t0 >= 300);
    assert.equal(g.ok, true);
    assert.equal(fake.calls.count, 3);
    const [fault] = store.listTeacherCalls({ status: "error" });
    assert.match(fault!.error!, /^timeout/);
  });

  test("a connection reset in the middle of a response body is a connection fault, retried, not the end of the run", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "reset-mid-body" });
    const g = await teacher(store).generate(req());
    assert.equal(g.ok, true);
    assert.equal(fake.calls.count, 3, "the reset attempt, then the two calls of a generation");
    const [fault] = store.listTeacherCalls({ status: "error" });
    assert.match(fault!.error!, /^connection/);
  });

  test("a body that stalls after the headers times out after timeoutMs (not the client's 5-minute idle limit) and is retried", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "stall-after-headers" });
    const t0 = Date.now();
    const g = await teacher(store, { timeoutMs: 400 }).generate(req());
    const took = Date.now() - t0;
    assert.ok(took >= 400 && took < 20_000, `took ${took} ms`);
    assert.equal(g.ok, true);
    assert.equal(fake.calls.count, 3);
    const [fault] = store.listTeacherCalls({ status: "error" });
    assert.match(fault!.error!, /^timeout/);
  });

  test("malformed question: failure with its reason, noted on the stored row, and a cache hit on re-run", async () => {
    const store = new MemoryCallStore();
    fake.when("<question>", { kind: "malformed" });
    const g = await teacher(store).generate(req());
    assert.equal(g.ok, false);
    if (g.ok) return;
    assert.match(g.reason, /^malformed question: no <question>/);
    assert.equal(g.usage.calls, 1);
    assert.equal(fake.calls.count, 1, "no answer call after a bad question");
    const [row] = store.listTeacherCalls({});
    assert.ok(row);
    assert.equal(row.status, "ok");
    assert.equal(row.error, g.reason);
    const again = await teacher(store).generate(req());
    assert.deepEqual(again, g);
    assert.equal(fake.calls.count, 1);
  });

  test("answer without a final result: failure 'no final answer'", async () => {
    fake.when("Problem:", { kind: "content", content: "Sam ends up with a lot of marbles." });
    const g = await teacher(new MemoryCallStore()).generate(req());
    assert.equal(g.ok, false);
    assert.match(!g.ok ? g.reason : "", /^no final answer: expected a last line '#### <number>'/);
    assert.equal(g.usage.calls, 2);
  });

  test("truncated answer (finish_reason length): failure 'truncated', tokens still counted", async () => {
    const store = new MemoryCallStore();
    fake.when("Problem:", { kind: "truncated" });
    const g = await teacher(store, { maxTokens: 64 }).generate(req());
    assert.deepEqual(g.ok ? null : g.reason, "truncated");
    assert.equal(g.usage.calls, 2);
    assert.ok(g.usage.completionTokens >= 64);
    assert.equal(store.listTeacherCalls({}).filter((r) => r.error?.startsWith("truncated")).length, 1);
  });

  test("error rows are not cache hits: a re-run retries a call that failed after all retries", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "status", status: 500 }, { kind: "status", status: 500 });
    const g = await teacher(store, { maxRetries: 1 }).generate(req());
    assert.equal(g.ok, false);
    assert.match(!g.ok ? g.reason : "", /^call failed: http 500/);
    assert.equal(fake.calls.count, 2);
    assert.equal(store.listTeacherCalls({ status: "error" }).length, 3, "two attempts and the call itself");
    const again = await teacher(store, { maxRetries: 1 }).generate(req());
    assert.equal(again.ok, true);
    assert.equal(fake.calls.count, 4);
  });

  test("errors retrying cannot fix (401) are thrown", async () => {
    fake.script({ kind: "status", status: 401, message: "bad key" });
    await assert.rejects(teacher(new MemoryCallStore()).generate(req()), (e: unknown) => e instanceof TeacherError && e.status === 401);
    assert.equal(fake.calls.count, 1);
  });

  test("a response that is not JSON: failure 'bad response', stored as an error row, not retried", async () => {
    const store = new MemoryCallStore();
    fake.script({ kind: "garbage" });
    const g = await teacher(store).generate(req());
    assert.match(!g.ok ? g.reason : "", /^call failed: bad response: response is not JSON/);
    assert.equal(fake.calls.count, 1);
    assert.equal(store.listTeacherCalls({ status: "error" }).length, 2, "the attempt and the call");
  });

  test("the limiter keeps requests in flight <= maxInFlight", async () => {
    const slow = await startFakeOpenAI({ latencyMs: 30 });
    try {
      const t = new OpenAITeacher({ baseURL: slow.url, model: "m", template: templateFor("gsm8k"), store: new MemoryCallStore(), maxInFlight: 3 });
      const gs = await Promise.all(Array.from({ length: 12 }, (_, i) => t.generate(req(i))));
      assert.ok(gs.every((g) => g.ok));
      assert.equal(slow.calls.count, 24);
      assert.equal(slow.maxConcurrent, 3);
    } finally {
      await slow.close();
    }
  });

  test("cost from a price table, on the generation, the running total and the stored rows", async () => {
    const store = new MemoryCallStore();
    const t = teacher(store, { priceTable: { "fake-model": { promptPer1M: 2, completionPer1M: 10 } } });
    const g = await t.generate(req());
    const expected = (g.usage.promptTokens * 2 + g.usage.completionTokens * 10) / 1e6;
    assert.ok(expected > 0);
    assert.ok(Math.abs(g.usage.costUsd - expected) < 1e-15);
    assert.ok(Math.abs(t.usage().all.costUsd - expected) < 1e-15);
    const rows = store.listTeacherCalls({});
    assert.ok(Math.abs(rows.reduce((s, r) => s + r.costUsd, 0) - expected) < 1e-15);
    // a model missing from the table costs nothing but its tokens still count
    const g2 = await teacher(new MemoryCallStore(), { model: "other", priceTable: { "fake-model": { promptPer1M: 2, completionPer1M: 10 } } }).generate(req());
    assert.equal(g2.usage.costUsd, 0);
    assert.ok(g2.usage.promptTokens > 0);
  });

  test("chat() for judges: cached, and counted in the running usage", async () => {
    const t = teacher(new MemoryCallStore());
    const messages = [{ role: "user" as const, content: "Rate this answer from 1 to 10: 3 + 4 = 7" }];
    const a = await t.chat(messages, { templateVersion: "judge/v1", temperature: 0, maxTokens: 16 });
    const b = await t.chat(messages, { templateVersion: "judge/v1", temperature: 0, maxTokens: 16 });
    assert.equal(fake.calls.count, 1);
    assert.equal(a.cached, false);
    assert.equal(b.cached, true);
    assert.equal(b.content, a.content);
    assert.equal(fake.calls.log[0]!.body.temperature, 0);
    assert.equal(t.usage().all.calls, 2);
    assert.equal(t.usage().paid.calls, 1);
    // another template version is another call
    await t.chat(messages, { templateVersion: "judge/v2", temperature: 0, maxTokens: 16 });
    assert.equal(fake.calls.count, 2);
  });

  test("game24: the puzzle must be solvable and the expression must make 24", async () => {
    const g24: Example = { id: "g24/1", task: "game24", question: "4 7 8 8", answer: "(7 - 8 / 8) * 4 = 24\nAnswer: (7 - 8 / 8) * 4 = 24" };
    const t = teacher(new MemoryCallStore(), { template: templateFor("game24") });
    const g = await t.generate({ seed: g24, sampleIndex: 0, rngSeed: 3 });
    assert.equal(g.ok, true, JSON.stringify(g));
    fake.when("Problem:", { kind: "content", content: "Answer: 1 + 2 + 3 + 4 = 24" });
    fake.when("<question>", { kind: "content", content: "<question>1 2 3 4</question>" });
    const bad = await t.generate({ seed: g24, sampleIndex: 1, rngSeed: 3 });
    assert.match(!bad.ok ? bad.reason : "", /^wrong answer: expression equals 10, not 24/);
    fake.when("<question>", { kind: "content", content: "<question>1 1 1 1</question>" });
    const unsolvable = await t.generate({ seed: g24, sampleIndex: 2, rngSeed: 3 });
    assert.match(!unsolvable.ok ? unsolvable.reason : "", /^malformed question: \[1, 1, 1, 1\] cannot make 24/);
  });

  test("logic (True/False/Unknown) and MATH (boxed) templates", async () => {
    const logic: Example = { id: "l/1", task: "folio", question: "All birds fly. Tweety is a bird. Tweety flies? True, False, or Unknown?", answer: "Tweety is a bird.\nAnswer: True" };
    const gl = await teacher(new MemoryCallStore(), { template: templateFor("folio") }).generate({ seed: logic, sampleIndex: 0, rngSeed: 1 });
    assert.equal(gl.ok && gl.meta?.final, "True");
    const math: Example = { id: "m/1", task: "math", question: "Compute 12 + 30.", answer: "12 + 30 = 42, so \\boxed{42}." };
    const gm = await teacher(new MemoryCallStore(), { template: templateFor("math") }).generate({ seed: math, sampleIndex: 0, rngSeed: 1 });
    assert.equal(gm.ok, true, JSON.stringify(gm));
    assert.match(gm.ok ? gm.answer : "", /\\boxed\{\d+\}/);
  });

  test("configuration errors are thrown at once", () => {
    const store = new MemoryCallStore();
    assert.throws(
      () => new OpenAITeacher({ baseURL: "https://api.example.com/v1", apiKeyEnv: "ACTIVESYNTH_NO_SUCH_KEY", model: "m", template: templateFor("gsm8k"), store }),
      (e: unknown) => e instanceof TeacherConfigError && /set ACTIVESYNTH_NO_SUCH_KEY/.test(e.message),
    );
    assert.throws(() => new OpenAITeacher({ baseURL: fake.url, model: "m", store } as unknown as OpenAITeacherOptions), /options\.template is required/);
  });
});
}
