/**
 * Criteria that ask the student, against the real tiny server (gpu-server, CPU): reward through
 * POST /v1/reward with a judge trained on gold answers, badge and coreset through /v1/embeddings.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startStudentServer, type StudentServerHandle } from "../../lib/student/spawn.js";
import { StudentClient } from "../../lib/student/client.js";
import { openStore } from "../../lib/store/open-store.js";
import type { Store } from "../../lib/store/types.js";
import { arithBaseExamples, makeArithWorld } from "../../lib/tasks/arith/index.js";
import { getCriterion } from "../../lib/select/registry.js";
import { choose } from "../../lib/select/choose.js";
import { trainingPair } from "../../lib/tasks/pairs.js";
import { minPairwiseDistance } from "../../lib/select/vectors.js";
import type { CriterionContext } from "../../lib/select/types.js";
import { studentAnswers } from "../../lib/loop/answers.js";
import { makeRng } from "../../lib/util/rng.js";
import { tempDir } from "../store/helpers.js";

let server: StudentServerHandle;
let student: StudentClient;
let tmp: ReturnType<typeof tempDir>;
before(async () => {
  tmp = tempDir("activesynth-criteria-");
  server = await startStudentServer({ checkpointDir: tmp.dir });
  student = new StudentClient({ baseURL: server.url });
});
after(async () => {
  await server.stop();
  tmp.cleanup();
});

const data = makeArithWorld({ poolSize: 30, testSize: 1, seed: 5 });

function freshStore(): Store {
  const store = openStore(":memory:");
  store.upsertRun({ id: "r", name: "r", config: {} });
  store.putExamples(data.seeds.map((e) => ({ ...e, source: "seed" as const, runId: null, iteration: null, parentId: null, sampleIndex: null })));
  return store;
}

function context(store: Store, extra: Partial<CriterionContext> = {}): CriterionContext {
  return {
    runId: "r",
    iteration: 1,
    model: "tiny",
    task: data.task,
    seeds: data.seeds,
    student,
    store,
    rng: makeRng(2),
    answers: () => studentAnswers(student, store, "tiny", data.task, data.seeds),
    ...extra,
  };
}

test("reward: a judge trained on gold answers scores them above garbage; garbage is selected first", async () => {
  const store = freshStore();
  const gold = arithBaseExamples({ kinds: ["add", "sub"], n: 200, seed: 1 }).map((e) => trainingPair(data.task, e));
  const judge = await student.finetune({ baseModel: "tiny", examples: gold, hyperparameters: { steps: 60, batchSize: 32 }, seed: 1, suffix: "judge" });
  const garbage = new Set(data.seeds.filter((_, i) => i % 3 === 0).map((s) => s.id));
  const answers = new Map(data.seeds.map((s) => [s.id, garbage.has(s.id) ? " the apples and the" : trainingPair(data.task, s).completion]));
  const criterion = getCriterion("reward");
  assert.deepEqual([criterion.order, criterion.costs.reward, criterion.costs.teacherTokens], ["asc", true, false]);
  const ctx = context(store, { answers: async () => answers, options: { rewardModel: judge.model } });
  const scores = await criterion.score(ctx);
  const mean = (ids: string[]) => ids.reduce((s, id) => s + scores.get(id)!, 0) / ids.length;
  const goldIds = data.seeds.map((s) => s.id).filter((id) => !garbage.has(id));
  assert.ok(mean(goldIds) > mean([...garbage]) + 1, `gold ${mean(goldIds)} vs garbage ${mean([...garbage])}`);
  const first = choose(scores, garbage.size, "asc", "top", makeRng(0)).map((c) => c.id);
  assert.deepEqual(new Set(first), garbage);
  // cached per (student model, judge): a second pass asks nothing
  const again = await criterion.score({ ...ctx, student: { ...student, reward: () => Promise.reject(new Error("not cached")) } as never });
  assert.deepEqual(again, scores);
  await assert.rejects(criterion.score(context(store)), /criterionOptions\.rewardModel/);
  store.close();
});

test("badge: m distinct seeds from k-means++ over loss-scaled answer embeddings", async () => {
  const store = freshStore();
  const picks = await getCriterion("badge").select!(context(store), 6);
  assert.equal(picks.length, 6);
  assert.equal(new Set(picks.map((p) => p.id)).size, 6);
  assert.ok(picks.every((p) => p.score > 0 && Number.isFinite(p.score)));
  assert.equal(store.getScores("tiny", "loss", data.seeds.map((s) => s.id)).size, 30, "the loss is shared with the loss criterion's cache");
  store.close();
});

test("coreset: distinct, spread (min distance above random subsets'), and never re-picks earlier centers", async () => {
  const store = freshStore();
  const coreset = getCriterion("coreset");
  const picks = await coreset.select!(context(store), 6);
  assert.equal(new Set(picks.map((p) => p.id)).size, 6);
  const vectors = await student.embed("tiny", data.seeds.map((s) => data.task.prompt(s.question)));
  const index = new Map(data.seeds.map((s, i) => [s.id, i]));
  const spread = minPairwiseDistance(vectors, picks.map((p) => index.get(p.id)!));
  const rng = makeRng(9);
  let randomSpread = 0;
  for (let k = 0; k < 20; k++) randomSpread += minPairwiseDistance(vectors, rng.shuffle([...index.values()]).slice(0, 6)) / 20;
  assert.ok(spread > randomSpread, `coreset ${spread} vs random ${randomSpread}`);
  // iteration 2 starts from iteration 1's picks: none of them again
  store.putSelection(picks.map((p, rank) => ({ runId: "r", iteration: 1, rank, exampleId: p.id, score: p.score })));
  const next = await coreset.select!(context(store, { iteration: 2 }), 6);
  assert.equal(next.filter((p) => picks.some((q) => q.id === p.id)).length, 0);
  assert.ok(next[0]!.score <= picks[1]!.score + 1e-9, "the covering radius shrinks as centers accumulate");
  store.close();
});

test("margin: p(top1) - p(top2) over the student's own answer, stored, and the most torn seeds chosen first", async () => {
  const store = freshStore();
  const margin = getCriterion("margin");
  assert.equal(margin.order, "asc");
  const scores = await margin.score(context(store));
  assert.equal(scores.size, data.seeds.length);
  assert.ok([...scores.values()].every((v) => v >= 0 && v <= 1), "a gap between two probabilities");
  // the values are the server's mean_margin of the stored own answers, and stored under "margin"
  const stored = store.getScores("tiny", "margin", data.seeds.map((s) => s.id));
  assert.equal(stored.size, data.seeds.length);
  const picked = choose(scores, 5, "asc", "top", makeRng(0));
  const lowest = [...scores.values()].sort((a, b) => a - b).slice(0, 5);
  assert.deepEqual(picked.map((c) => c.score), lowest, "top-5 in ascending order: the smallest margins");
  store.close();
});
