import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openStore } from "../../lib/store/index.js";
import type { ExampleRow, Store, TeacherCallRow } from "../../lib/store/index.js";
import { tempDir } from "./helpers.js";

const seed = (i: number, extra: Partial<ExampleRow> = {}): ExampleRow => ({
  id: `arith/v1/s0/seed/${String(i).padStart(5, "0")}`, task: "arith", source: "seed",
  question: `Tom has ${i} apples.`, answer: `${i} #### ${i}`, kind: "add",
  meta: { kind: "add", digits: 2, numbers: [i, 1], nested: { a: [1, null, "x"] } },
  runId: null, iteration: null, parentId: null, sampleIndex: null, ...extra,
});

describe("SqliteStore", () => {
  let store: Store;
  let cleanup: () => void;
  before(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    store = openStore(join(t.dir, "s.sqlite"));
  });
  after(() => {
    store.close();
    cleanup();
  });

  test("runs: upsert keeps status and creation time, updates name and config", () => {
    const r = store.upsertRun({ id: "r1", name: "loss", config: { criterion: "loss", k: [1, 2] } });
    assert.equal(r.status, "pending");
    assert.equal(r.error, null);
    assert.deepEqual(r.config, { criterion: "loss", k: [1, 2] });
    store.setRunStatus("r1", "failed", "boom");
    const again = store.upsertRun({ id: "r1", name: "loss-2", config: { criterion: "loss" } });
    assert.equal(again.name, "loss-2");
    assert.equal(again.status, "failed");
    assert.equal(again.error, "boom");
    assert.equal(again.createdAt, r.createdAt);
    store.setRunStatus("r1", "running");
    assert.equal(store.getRun("r1")!.error, null);
    store.upsertRun({ id: "r2", name: "random", config: {} });
    assert.deepEqual(store.listRuns().map((x) => x.id), ["r1", "r2"]);
    assert.equal(store.getRun("nope"), null);
    assert.throws(() => store.setRunStatus("nope", "running"), /run "nope" is not in the store/);
  });

  test("examples: round trip, optional fields absent, filters, ids in given order", () => {
    const rows: ExampleRow[] = [seed(1), seed(2), seed(3)];
    delete rows[2]!.kind;
    delete rows[2]!.meta;
    const synth: ExampleRow = {
      id: "syn/r1/0/x/0", task: "arith", source: "synthetic", question: "q", answer: "a #### 1",
      kind: "mul", meta: { variant: "harder" }, runId: "r1", iteration: 0, parentId: rows[0]!.id, sampleIndex: 0,
    };
    store.putExamples([...rows, synth]);
    store.putExamples([...rows, synth]); // idempotent
    assert.deepEqual(store.getExample(rows[0]!.id), rows[0]);
    assert.deepEqual(store.getExample(rows[2]!.id), rows[2]);
    assert.deepEqual(store.getExample(synth.id), synth);
    assert.deepEqual(store.getExamples({ source: "seed" }), rows);
    assert.deepEqual(store.getExamples({ runId: "r1", iteration: 0 }), [synth]);
    assert.deepEqual(store.getExamples({ runId: "r1", iteration: 1 }), []);
    assert.deepEqual(store.getExamples({ task: "arith" }).length, 4);
    assert.deepEqual(store.getExamples({ ids: [rows[2]!.id, "missing", rows[0]!.id, rows[2]!.id] }), [rows[2], rows[0]]);
    assert.deepEqual(store.getExamples({ ids: [rows[2]!.id, synth.id], source: "synthetic" }), [synth]);
    assert.deepEqual(store.getExamples({ ids: [] }), []);
    store.putExamples([{ ...rows[0]!, answer: "changed #### 1" }]);
    assert.equal(store.getExample(rows[0]!.id)!.answer, "changed #### 1");
  });

  test("a large put again writes only the rows that changed, and every change lands", () => {
    const pool = Array.from({ length: 1500 }, (_, i) => seed(10_000 + i));
    store.putExamples(pool);
    const changes = () => (store as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db.prepare("SELECT total_changes() AS n").get().n;
    const before = changes();
    const edited = pool.map((e, i) => (i === 7 ? { ...e, question: "edited" } : i === 9 ? { ...e, meta: { extra: 1 } } : e));
    store.putExamples([...edited, seed(20_000)]);
    assert.equal(changes() - before, 3, "two edited rows and one new row written, the other 1,498 left alone");
    assert.equal(store.getExample(pool[7]!.id)!.question, "edited");
    assert.deepEqual(store.getExample(pool[9]!.id)!.meta, { extra: 1 });
    assert.deepEqual(store.getExample(pool[8]!.id), pool[8]);
    assert.deepEqual(store.getExample(seed(20_000).id), seed(20_000));
  });

  test("examples naming an unknown run fail with a clear error and write nothing", () => {
    const bad = { ...seed(99), id: "bad", source: "synthetic" as const, runId: "ghost", iteration: 0 };
    assert.throws(() => store.putExamples([seed(98), bad]), /putExamples: run "ghost" is not in the store .*upsertRun first/);
    assert.equal(store.getExample(seed(98).id), null);
  });

  test("teacher calls: cache round trip with JSON request and response", () => {
    const call: TeacherCallRow = {
      key: "k1", runId: "r1", endpoint: "http://x/v1", model: "gpt", request: { messages: [{ role: "user", content: "hi" }], temperature: 0.7 },
      response: { choices: [{ text: "yo" }] }, promptTokens: 10, completionTokens: 3, costUsd: 0.0012, latencyMs: 12.5,
      status: "ok", error: null, purpose: "generate", iteration: 2, createdAt: "2026-01-01T00:00:00.000Z",
    };
    store.putTeacherCall(call);
    assert.deepEqual(store.getTeacherCall("k1"), call);
    const failed: TeacherCallRow = { ...call, key: "k2", runId: null, response: null, status: "error", error: "429" };
    delete failed.createdAt;
    store.putTeacherCall(failed);
    const got = store.getTeacherCall("k2")!;
    assert.equal(got.response, null);
    assert.equal(got.runId, null);
    assert.match(got.createdAt!, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(store.listTeacherCalls({ status: "error" }).map((c) => c.key), ["k2"]);
    assert.deepEqual(store.listTeacherCalls({ runId: "r1" }).map((c) => c.key), ["k1"]);
    assert.deepEqual(store.listTeacherCalls({}).map((c) => c.key), ["k1", "k2"]);
    store.putTeacherCall({ ...failed, status: "ok", error: null, response: { ok: 1 } });
    assert.deepEqual(store.getTeacherCall("k2")!.response, { ok: 1 });
    assert.equal(store.getTeacherCall("nope"), null);
  });

  test("generations: round trip, ordered by iteration, upsert on key", () => {
    const g = (iteration: number, sampleIndex: number, status: "ok" | "failed") => ({
      runId: "r1", iteration, parentId: "p", sampleIndex, status, reason: status === "failed" ? "no ####" : null,
      exampleId: status === "ok" ? `e${iteration}${sampleIndex}` : null, promptTokens: 100, completionTokens: 20, costUsd: 0, calls: 2,
    });
    store.putGenerations([g(1, 0, "ok"), g(0, 0, "ok"), g(0, 1, "failed")]);
    store.putGenerations([g(0, 1, "failed")]);
    assert.deepEqual(store.getGenerations("r1"), [g(0, 0, "ok"), g(0, 1, "failed"), g(1, 0, "ok")]);
    assert.deepEqual(store.getGenerations("r1", 1), [g(1, 0, "ok")]);
    assert.deepEqual(store.getGenerations("r2"), []);
  });

  test("answers and scores: many ids, NaN and extra preserved", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `id${i}`);
    store.putAnswers(ids.map((exampleId, i) => ({ model: "m0", exampleId, answer: `a${i}` })));
    store.putAnswers([{ model: "m0", exampleId: "id5", answer: "new" }]);
    const answers = store.getAnswers("m0", [...ids, "missing"]);
    assert.equal(answers.size, 10_000);
    assert.equal(answers.get("id5"), "new");
    assert.equal(answers.get("id9999"), "a9999");
    assert.equal(store.getAnswers("other", ids).size, 0);
    assert.equal(store.getAnswers("m0", []).size, 0);

    store.putScores(ids.map((exampleId, i) => ({ exampleId, model: "m0", criterion: "loss", value: i / 10 })));
    store.putScores([
      { exampleId: "id1", model: "m0", criterion: "loss", value: NaN, extra: { tokens: 7, why: ["a"] } },
      { exampleId: "id1", model: "m0", criterion: "entropy", value: -Infinity },
    ]);
    const scores = store.getScores("m0", "loss", ids);
    assert.equal(scores.size, 10_000);
    assert.deepEqual(scores.get("id2"), { exampleId: "id2", model: "m0", criterion: "loss", value: 0.2, extra: null });
    assert.ok(Number.isNaN(scores.get("id1")!.value));
    assert.deepEqual(scores.get("id1")!.extra, { tokens: 7, why: ["a"] });
    assert.equal(store.getScores("m0", "entropy", ["id1"]).get("id1")!.value, -Infinity);
    assert.equal(store.listScores({ criterion: "entropy" }).length, 1);
    assert.equal(store.listScores({ model: "m0" }).length, 10_001);
    const listed = store.listScores({ model: "m0", criterion: "loss" });
    assert.equal(listed.length, 10_000);
    assert.equal(listed[1]!.exampleId, "id1", "a rewritten score keeps its first place");
    assert.ok(Number.isNaN(listed[1]!.value), "and reads back its latest value");
  });

  test("score extras: numeric ones kept as columns, any other shape as JSON, both read back as written", () => {
    const numeric = Array.from({ length: 300 }, (_, i) => ({ exampleId: `x${i}`, model: "mx", criterion: "loss", value: i, extra: { meanNll: i / 7, tokens: i } }));
    const mixed = [
      { exampleId: "y0", model: "mx", criterion: "judge", value: 1, extra: { meanNll: 0.5, tokens: 3 } },
      { exampleId: "y1", model: "mx", criterion: "judge", value: 2, extra: { tokens: 3, meanNll: 0.5 } }, // other key order
      { exampleId: "y2", model: "mx", criterion: "judge", value: 3, extra: null },
      { exampleId: "y3", model: "mx", criterion: "judge", value: 4, extra: { meanNll: Infinity, tokens: 1 } },
      { exampleId: "y4", model: "mx", criterion: "judge", value: 5, extra: { reason: "fine", score: 7 } },
    ];
    store.putScores([...numeric, ...mixed]);
    assert.deepEqual(store.getScores("mx", "loss", ["x0", "x299"]).get("x299"), numeric[299]);
    const judged = store.getScores("mx", "judge", mixed.map((r) => r.exampleId));
    assert.deepEqual(judged.get("y1")!.extra, { tokens: 3, meanNll: 0.5 });
    assert.equal(judged.get("y2")!.extra, null);
    assert.deepEqual(judged.get("y3")!.extra, { meanNll: null, tokens: 1 }, "a JSON set, as before: Infinity in JSON is null");
    assert.deepEqual(judged.get("y4")!.extra, { reason: "fine", score: 7 });
    const raw = (store as unknown as { db: { prepare(sql: string): { all(): Array<{ criterion: string; extras: string | null; extra_keys: string | null }> } } }).db
      .prepare("SELECT criterion, extras, extra_keys FROM score_sets WHERE model = 'mx' ORDER BY id").all();
    assert.deepEqual(raw.map((r) => [r.criterion, r.extras === null, r.extra_keys]), [["loss", true, '["meanNll","tokens"]'], ["judge", false, null]]);
  });

  test("selections: one iteration is replaced as a whole", () => {
    const sel = (rank: number, iteration = 0) => ({ runId: "r1", iteration, rank, exampleId: `s${rank}`, score: rank === 2 ? null : 1 / (rank + 1) });
    store.putSelection([sel(2), sel(0), sel(1)]);
    store.putSelection([sel(0, 1)]);
    assert.deepEqual(store.getSelection("r1", 0), [sel(0), sel(1), sel(2)]);
    store.putSelection([sel(0), sel(1)]);
    assert.deepEqual(store.getSelection("r1", 0), [sel(0), sel(1)]);
    assert.deepEqual(store.listSelections("r1"), [sel(0), sel(1), sel(0, 1)]);
    assert.throws(() => store.putSelection([{ ...sel(0), runId: "ghost" }]), /putSelection: run "ghost"/);
  });

  test("training jobs and checkpoints", () => {
    const job = { runId: "r1", iteration: 0, jobId: null, baseModel: "tiny-base", fineTunedModel: null, status: "queued" as const,
      trainingExamples: 200, config: { epochs: 3, lr: 1e-3 }, error: null };
    store.putTrainingJob(job);
    assert.deepEqual(store.getTrainingJob("r1", 0), job);
    const done = { ...job, jobId: "ftjob-1", fineTunedModel: "ft:tiny:1", status: "succeeded" as const };
    store.putTrainingJob(done);
    store.putTrainingJob({ ...job, iteration: 1, status: "failed", error: "oom" });
    assert.deepEqual(store.getTrainingJob("r1", 0), done);
    assert.deepEqual(store.listTrainingJobs("r1").map((j) => [j.iteration, j.status, j.error]), [[0, "succeeded", null], [1, "failed", "oom"]]);
    assert.equal(store.getTrainingJob("r1", 7), null);

    const ck = { model: "ft:tiny:1", baseModel: "tiny-base", jobId: "ftjob-1", config: { seed: 3 } };
    store.putCheckpoint(ck);
    store.putCheckpoint(ck);
    assert.deepEqual(store.getCheckpoint("ft:tiny:1"), ck);
    assert.equal(store.getCheckpoint("nope"), null);
  });

  test("evaluations keep booleans; iterations round trip", () => {
    const ev = (i: number, correct: boolean) => ({ runId: "r1", iteration: 0, model: "ft:tiny:1", exampleId: `t${i}`, prediction: `${i} #### ${i}`, correct });
    store.putEvaluations([ev(0, true), ev(1, false)]);
    store.putEvaluations([ev(1, true)]);
    const got = store.getEvaluations("r1", 0);
    assert.deepEqual(got, [ev(0, true), ev(1, true)]);
    assert.equal(typeof got[0]!.correct, "boolean");
    assert.throws(() => store.putEvaluations([{ ...ev(2, true), correct: 1 as unknown as boolean }]), /"correct" must be a boolean \(example t2\)/);

    const it = (runId: string, iteration: number) => ({ runId, iteration, samples: 200 * (iteration + 1), teacherTokens: 12345,
      costUsd: 0.5, model: `ft:${iteration}`, accuracy: 0.625, testSize: 400 });
    store.putIteration(it("r1", 1));
    store.putIteration(it("r1", 0));
    store.putIteration(it("r2", 0));
    store.putIteration({ ...it("r1", 0), accuracy: 0.75 });
    assert.equal(store.getIteration("r1", 0)!.accuracy, 0.75);
    assert.deepEqual(store.getIteration("r1", 1), it("r1", 1));
    assert.equal(store.getIteration("r1", 9), null);
    assert.deepEqual(store.listIterations("r1").map((r) => r.iteration), [0, 1]);
    assert.deepEqual(store.listIterations().map((r) => [r.runId, r.iteration]), [["r1", 0], ["r1", 1], ["r2", 0]]);
  });

  test("meta: JSON values", () => {
    assert.equal(store.getMeta("base"), null);
    store.setMeta("base", { model: "tiny-base", kinds: ["add", "sub"], steps: 1200 });
    assert.deepEqual(store.getMeta("base"), { model: "tiny-base", kinds: ["add", "sub"], steps: 1200 });
    store.setMeta("base", 3);
    assert.equal(store.getMeta("base"), 3);
    store.setMeta("s", "text");
    assert.equal(store.getMeta("s"), "text");
  });

  test("listRuns: creation order, runs created within one millisecond in insertion order (not by id)", () => {
    const t = tempDir();
    const s = openStore(join(t.dir, "order.sqlite"));
    const ids = Array.from({ length: 60 }, (_, i) => `z-${String(99 - i).padStart(2, "0")}`); // reverse alphabetical
    for (const id of ids) s.upsertRun({ id, name: id, config: {} });
    assert.deepEqual(s.listRuns().map((r) => r.id), ids);
    s.close();
    t.cleanup();
  });

  test("empty puts are no-ops: nothing thrown, no row added or changed", () => {
    const snapshot = () => JSON.stringify([
      store.listRuns(), store.getExamples({}), store.listScores({}), store.listTeacherCalls({}),
      store.listRuns().flatMap((r) => [store.getGenerations(r.id), store.listSelections(r.id), store.listIterations(r.id)]),
    ]);
    const before = snapshot();
    for (const put of [store.putExamples, store.putGenerations, store.putAnswers, store.putScores, store.putSelection, store.putEvaluations]) {
      assert.doesNotThrow(() => put.call(store, []));
    }
    assert.equal(snapshot(), before);
  });
  test("spend sums: generations and judge calls per run, one iteration or up to one, ok calls only", () => {
    const call = (key: string, runId: string, purpose: "generate" | "judge", iteration: number, status: "ok" | "error" = "ok"): TeacherCallRow => ({
      key, runId, endpoint: "e", model: "m", request: {}, response: null, promptTokens: 100, completionTokens: 10 * iteration,
      costUsd: 0.5, latencyMs: 1, status, error: null, purpose, iteration,
    });
    store.putTeacherCall(call("j1", "r1", "judge", 1));
    store.putTeacherCall(call("j2", "r1", "judge", 2));
    store.putTeacherCall(call("j3", "r1", "judge", 2, "error"));
    store.putTeacherCall(call("g1", "r1", "generate", 1));
    store.putTeacherCall(call("j4", "r2", "judge", 1));
    assert.deepEqual(store.sumTeacherCalls("r1", "judge"), { rows: 2, ok: 2, calls: 2, tokens: 230, costUsd: 1 });
    assert.deepEqual(store.sumTeacherCalls("r1", "judge", { iteration: 2 }), { rows: 1, ok: 1, calls: 1, tokens: 120, costUsd: 0.5 });
    assert.deepEqual(store.sumTeacherCalls("r1", "judge", { upToIteration: 1 }), { rows: 1, ok: 1, calls: 1, tokens: 110, costUsd: 0.5 });
    assert.deepEqual(store.sumTeacherCalls("r1", "generate", { iteration: 1 }), { rows: 1, ok: 1, calls: 1, tokens: 110, costUsd: 0.5 });
    assert.deepEqual(store.sumTeacherCalls("nobody", "judge"), { rows: 0, ok: 0, calls: 0, tokens: 0, costUsd: 0 });
    const g = (iteration: number, sampleIndex: number, status: "ok" | "failed") => ({
      runId: "r2", iteration, parentId: "p", sampleIndex, status, reason: null, exampleId: null,
      promptTokens: 100, completionTokens: 20, costUsd: 0.25, calls: 2,
    });
    store.putGenerations([g(1, 0, "ok"), g(1, 1, "failed"), g(2, 0, "ok")]);
    assert.deepEqual(store.sumGenerations("r2"), { rows: 3, ok: 2, calls: 6, tokens: 360, costUsd: 0.75 });
    assert.deepEqual(store.sumGenerations("r2", { iteration: 1 }), { rows: 2, ok: 1, calls: 4, tokens: 240, costUsd: 0.5 });
    assert.deepEqual(store.sumGenerations("r2", { upToIteration: 0 }), { rows: 0, ok: 0, calls: 0, tokens: 0, costUsd: 0 });
  });
});

test("in-memory store works for throwaway use", () => {
  const s = openStore(":memory:");
  s.setMeta("a", [1]);
  assert.deepEqual(s.getMeta("a"), [1]);
  s.close();
  s.close(); // closing twice is harmless
});
