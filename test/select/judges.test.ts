/**
 * The teacher-judged criteria (llm-judge, llm-judge-hard, lion) against the fake OpenAI server on
 * 127.0.0.1: scores parsed from "Score: N", NaN (never selected) and a recorded reason for
 * garbage, two calls per seed for lion, the cache (zero calls on a second pass), and judge tokens
 * counted in spentByRun.
 */
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { startFakeOpenAI, type FakeOpenAI } from "../fake-openai/server.js";
import { OpenAITeacher } from "../../lib/teacher/openai-teacher.js";
import { templateFor } from "../../lib/tasks/registry.js";
import { ProceduralTeacher } from "../../lib/tasks/arith/teacher.js";
import { openStore } from "../../lib/store/open-store.js";
import type { Store } from "../../lib/store/types.js";
import { makeArithWorld } from "../../lib/tasks/arith/index.js";
import { getCriterion } from "../../lib/select/registry.js";
import { choose } from "../../lib/select/choose.js";
import type { CriterionContext } from "../../lib/select/types.js";
import type { Student } from "../../lib/student/types.js";
import { makeRng } from "../../lib/util/rng.js";
import { spentByRun } from "../../lib/loop/spent.js";
import { parseScore, parseVerdict } from "../../lib/teacher/judge-templates.js";

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI();
});
after(() => fake.close());
beforeEach(() => fake.reset());

const data = makeArithWorld({ poolSize: 6, testSize: 1, seed: 3 });
const noStudent = {} as Student; // the judges read the answers from context.answers()

function context(store: Store, teacher: NonNullable<CriterionContext["teacher"]>, extra: Partial<CriterionContext> = {}): CriterionContext {
  const answers = new Map(data.seeds.map((s, i) => [s.id, `my answer ${i}`]));
  return {
    runId: "judge-run",
    iteration: 1,
    model: "tiny",
    task: data.task,
    seeds: data.seeds,
    student: noStudent,
    store,
    rng: makeRng(1),
    teacher,
    answers: async () => answers,
    concurrency: 4,
    ...extra,
  };
}

/** An in-memory store holding the run and its seeds (judge calls and scores refer to them). */
function freshStore(): Store {
  const store = openStore(":memory:");
  store.upsertRun({ id: "judge-run", name: "judge-run", config: {} });
  store.putExamples(data.seeds.map((e) => ({ ...e, source: "seed" as const, runId: null, iteration: null, parentId: null, sampleIndex: null })));
  return store;
}

const teacherFor = (store: Store) => new OpenAITeacher({ baseURL: fake.url, model: "judge-model", template: templateFor("arith"), store, maxRetries: 1, retryBaseDelayMs: 1 });

test("parseScore and parseVerdict read the strict formats and reject the rest", () => {
  assert.deepEqual(parseScore("I think so.\nScore: 7"), { ok: true, value: 7 });
  assert.deepEqual(parseScore("Score: 2\nScore: **9**"), { ok: true, value: 9 });
  assert.equal(parseScore("Score: 11").ok, false);
  assert.equal(parseScore("Score: 4.5").ok, false);
  assert.equal(parseScore("seven out of ten").ok, false);
  assert.deepEqual(parseVerdict("Verdict: tie"), { ok: true, value: "tie" });
  assert.deepEqual(parseVerdict("verdict: b"), { ok: true, value: "B" });
  assert.equal(parseVerdict("B is better").ok, false);
});

test("llm-judge: scores from 'Score: N', NaN with a recorded reason for garbage, low first", async () => {
  const store = freshStore();
  const scripted = ["Score: 3", "Score: 9", "I would say it is fine.", "Score: 1", "Reasoning...\nScore: 6", "Score: 10"];
  fake.script(...scripted.map((content) => ({ kind: "content" as const, content })));
  const criterion = getCriterion("llm-judge");
  assert.deepEqual([criterion.order, criterion.costs.teacherCallsPerSeed], ["asc", 1]);
  const scores = await criterion.score(context(store, teacherFor(store), { concurrency: 1 }));
  const ids = data.seeds.map((s) => s.id);
  assert.deepEqual(ids.map((id) => scores.get(id)), [3, 9, NaN, 1, 6, 10]);
  assert.equal(fake.calls.count, 6);
  assert.match(fake.calls.log[0]!.prompt, /<student_answer>\nmy answer 0\n<\/student_answer>/);
  assert.match(fake.calls.log[0]!.prompt, /<reference_answer>/);
  assert.equal(fake.calls.log[0]!.body.temperature, 0);
  // the garbage one is recorded: on its score row and on its stored call
  const row = store.getScores("tiny", "llm-judge", [ids[2]!]).get(ids[2]!)!;
  assert.ok(Number.isNaN(row.value ?? NaN));
  assert.match(String(row.extra?.reason), /unparseable judge score/);
  assert.equal(store.listTeacherCalls({ runId: "judge-run" }).filter((c) => /unparseable/.test(c.error ?? "")).length, 1);
  // low first, NaN never chosen
  assert.deepEqual(choose(scores, 6, "asc", "top", makeRng(0)).map((c) => c.score), [1, 3, 6, 9, 10]);
  // judge tokens count in what the run spent
  const spent = spentByRun(store, "judge-run");
  assert.equal(spent.judgeCalls, 6);
  assert.ok(spent.judgeTokens > 0 && spent.teacherTokens === spent.judgeTokens);
  assert.equal(spentByRun(store, "judge-run", 0).judgeCalls, 0, "iteration 1's calls are not in iteration 0");
  // a second pass (a fresh process over the same store) makes zero calls and gives the same scores
  fake.reset();
  const again = await criterion.score(context(store, teacherFor(store), { concurrency: 1 }));
  assert.equal(fake.calls.count, 0, "every judgement (the unparseable one too: its call was ok) came from the cache");
  assert.deepEqual(ids.map((id) => again.get(id)), [3, 9, NaN, 1, 6, 10]);
  store.close();
});

test("llm-judge-hard: only seeds scored <= judgeThreshold are eligible", async () => {
  const store = freshStore();
  fake.script(...["Score: 2", "Score: 8", "Score: 5", "Score: 6", "Score: 4", "Score: 10"].map((content) => ({ kind: "content" as const, content })));
  const scores = await getCriterion("llm-judge-hard").score(context(store, teacherFor(store), { concurrency: 1, options: { judgeThreshold: 5 } }));
  assert.deepEqual(data.seeds.map((s) => scores.get(s.id)), [2, NaN, 5, NaN, 4, NaN]);
  store.close();
});

test("a spent budget stops judging between batches; failures are reasons, not crashes", async () => {
  const store = freshStore();
  let batches = 0;
  fake.when("my answer 0\n", { kind: "status", status: 500 }, { kind: "status", status: 500 });
  const scores = await getCriterion("llm-judge").score(context(store, teacherFor(store), { concurrency: 2, mayContinue: () => batches++ < 2 }));
  const values = data.seeds.map((s) => scores.get(s.id)!);
  assert.ok(Number.isNaN(values[0]), "500 twice (1 retry): a failed judgement");
  assert.ok(values.slice(1, 4).every((v) => v >= 1 && v <= 10));
  assert.ok(values.slice(4).every(Number.isNaN), "the third batch was never asked");
  const reasons = store.listScores({ criterion: "llm-judge" }).map((r) => String(r.extra?.reason ?? ""));
  assert.equal(reasons.filter((r) => r.startsWith("call failed: http 500")).length, 1);
  assert.equal(reasons.filter((r) => r.includes("budget spent")).length, 2);
  store.close();
});

test("lion: two cached calls per seed; hard seeds first, then easy ones in the stated proportion", async () => {
  const store = freshStore();
  const criterion = getCriterion("lion");
  assert.equal(criterion.costs.teacherCallsPerSeed, 2);
  // verdicts: seeds 0..5 -> B, A, B, tie, B, A  (hard: 0, 2, 4; easy: 1, 3, 5)
  fake.when("<answer_a>", ...["B", "A", "B", "tie", "B", "A"].map((v) => ({ kind: "content" as const, content: `Verdict: ${v}` })));
  const ctx = context(store, teacherFor(store), { concurrency: 1, options: { lionHardFraction: 0.5 } });
  const picked = await criterion.select!(ctx, 4);
  assert.equal(fake.calls.count, 12, "one teacher answer and one referee verdict per seed");
  const ids = data.seeds.map((s) => s.id);
  assert.deepEqual(picked.map((p) => p.score), [1, 1, 0, 0]);
  assert.ok(picked.slice(0, 2).every((p) => [ids[0], ids[2], ids[4]].includes(p.id)));
  assert.ok(picked.slice(2).every((p) => [ids[1], ids[3], ids[5]].includes(p.id)));
  assert.equal(new Set(picked.map((p) => p.id)).size, 4);
  assert.equal(spentByRun(store, "judge-run").judgeCalls, 12);
  // the default proportion (0.75): 3 hard of 4
  fake.reset();
  const again = await criterion.select!(context(store, teacherFor(store), { concurrency: 1 }), 4);
  assert.equal(fake.calls.count, 0, "all from the cache");
  assert.deepEqual(again.map((p) => p.score), [1, 1, 1, 0]);
  store.close();
});

test("judging criteria name the problem when the teacher cannot chat", async () => {
  const store = freshStore();
  await assert.rejects(getCriterion("llm-judge").score(context(store, new ProceduralTeacher({}))), /needs an LLM teacher/);
  store.close();
});
