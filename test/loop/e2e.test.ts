// One end-to-end run of the loop against the real tiny student server: the arith world (pool 200,
// test 60), the procedural teacher, a SQLite store in a temp file; `loss` and `static` with a
// budget of 40 samples (2 iterations of 10 seeds x 2 samples), 8 training steps each.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/loop/e2e.test.js
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment, type LoopDeps, type RunResult } from "../../lib/loop/run.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import type { LoopEvent } from "../../lib/loop/events.js";
import type { RunConfig } from "../../lib/experiment/config.js";
import { openStore, type Store } from "../../lib/store/index.js";
import { StudentClient } from "../../lib/student/client.js";
import { LazyStudent } from "../../lib/student/lazy.js";
import type { Teacher } from "../../lib/teacher/types.js";
import { arithTask } from "../../lib/tasks/arith/index.js";
import { CountingStudent } from "../helpers/counting-student.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { startTinyServer, type TinyServer } from "../helpers/tiny-server.js";
import { tempDir } from "../helpers/temp-dir.js";

const loss = smallArithConfig({ name: "e2e-loss" });
const staticA = smallArithConfig({ name: "e2e-static", method: "static", criterion: "random" });
// another student (fewer steps, another lr): a static run's seeds and samples must not move
const staticB = smallArithConfig({ name: "e2e-static-b", method: "static", criterion: "random", student: { baseModel: "tiny", hyperparameters: { steps: 4, batchSize: 8, learningRate: 0.001 } } });

const tmp = tempDir("activesynth-e2e-");
let server: TinyServer;
let store: Store;
const results = new Map<string, { result: RunResult; events: LoopEvent[]; student: CountingStudent }>();

async function run(config: RunConfig): Promise<void> {
  const events: LoopEvent[] = [];
  const student = new CountingStudent(new StudentClient({ baseURL: server.url, pollMs: 50 }));
  const parts = makePartsFactory(store)(config);
  const result = await runExperiment(config, { store, student, ...parts, onEvent: (e) => events.push(e) });
  results.set(config.name, { result, events, student });
}

before(async () => {
  server = await startTinyServer();
  store = openStore(tmp.path("store.sqlite"));
  // sequential: the static runs reuse the base model's stored test answers
  await run(loss);
  await run(staticA);
  await run(staticB);
});
after(async () => {
  store?.close();
  await server?.stop();
  tmp.cleanup();
});

const mean = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

/** What every finished run of this file must hold: iterations 0..2 and their rows. */
function checkRunRows(config: RunConfig): void {
  const runId = config.name;
  const { result } = results.get(runId)!;
  assert.equal(result.cached, false);
  assert.equal(result.run.status, "finished");
  assert.equal(store.getRun(runId)!.status, "finished");
  const iterations = store.listIterations(runId);
  assert.deepEqual(iterations.map((r) => r.iteration), [0, 1, 2]);
  assert.deepEqual(iterations.map((r) => r.samples), [0, 20, 40]);
  assert.deepEqual(result.iterations, iterations);
  assert.equal(iterations[0]!.model, "tiny");
  assert.equal(iterations[0]!.teacherTokens, 0);

  const jobs = store.listTrainingJobs(runId);
  assert.deepEqual(jobs.map((j) => [j.iteration, j.status, j.trainingExamples, j.baseModel]), [
    [1, "succeeded", 20, "tiny"],
    [2, "succeeded", 40, "tiny"],
  ]);
  let tokens = 0;
  for (const t of [1, 2]) {
    const it = iterations[t]!;
    assert.equal(jobs[t - 1]!.fineTunedModel, it.model);
    assert.match(it.model, /^ft:tiny:/);
    const selection = store.getSelection(runId, t);
    assert.deepEqual(selection.map((s) => s.rank), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const selected = new Set(selection.map((s) => s.exampleId));
    assert.equal(selected.size, 10);

    const gens = store.getGenerations(runId, t);
    assert.equal(gens.length, 20);
    assert.ok(gens.every((g) => g.status === "ok" && g.reason === null && g.calls === 2 && g.promptTokens > 0));
    tokens += gens.reduce((s, g) => s + g.promptTokens + g.completionTokens, 0);
    assert.equal(it.teacherTokens, tokens);

    const synthetic = store.getExamples({ source: "synthetic", runId, iteration: t });
    assert.equal(synthetic.length, 20);
    const perSeed = new Map<string, number[]>();
    for (const e of synthetic) {
      assert.ok(selected.has(e.parentId!), `${e.id}: parent ${e.parentId} was not selected in iteration ${t}`);
      assert.equal(e.runId, runId);
      assert.equal(e.id, `${runId}/t${t}/${e.parentId}/${e.sampleIndex}`);
      assert.match(e.answer, /#### -?\d+$/);
      perSeed.set(e.parentId!, [...(perSeed.get(e.parentId!) ?? []), e.sampleIndex!].sort());
    }
    assert.equal(perSeed.size, 10);
    for (const indices of perSeed.values()) assert.deepEqual(indices, [0, 1]);
  }
  for (const it of iterations) {
    const evals = store.getEvaluations(runId, it.iteration);
    assert.equal(evals.length, 60);
    assert.equal(it.testSize, 60);
    assert.ok(evals.every((e) => typeof e.correct === "boolean" && e.model === it.model));
    assert.equal(it.accuracy, mean(evals.map((e) => e.correct)));
    // each stored verdict is the arith grader's on the stored prediction, and the prediction is
    // the model's stored greedy answer
    const answers = store.getAnswers(it.model, evals.map((e) => e.exampleId));
    for (const e of evals) {
      assert.equal(e.correct, arithTask.grade(e.prediction, store.getExample(e.exampleId)!).correct, `${e.exampleId}: ${JSON.stringify(e.prediction)}`);
      assert.equal(e.prediction, answers.get(e.exampleId));
    }
  }
}

describe("an active run with the loss criterion", () => {
  test("stores iterations 0..2 with selections, samples, jobs and evaluations", () => checkRunRows(loss));

  test("selects the 10 seeds with the highest stored loss under the previous model, in descending order", () => {
    const iterations = store.listIterations(loss.name);
    for (const t of [1, 2]) {
      const previous = iterations[t - 1]!.model;
      const children = new Set(store.getExamples({ source: "synthetic", runId: loss.name }).map((e) => e.id));
      const scores = store.listScores({ model: previous, criterion: "loss" }).filter((s) => !children.has(s.exampleId));
      assert.equal(scores.length, 200, `loss scores of the pool under ${previous}`);
      const byId = new Map(scores.map((s) => [s.exampleId, s.value]));
      const selection = store.getSelection(loss.name, t);
      for (const s of selection) assert.equal(s.score, byId.get(s.exampleId));
      const values = selection.map((s) => s.score!);
      assert.deepEqual(values, [...values].sort((a, b) => b - a));
      const chosen = new Set(selection.map((s) => s.exampleId));
      const bestLeftOut = Math.max(...scores.filter((s) => !chosen.has(s.exampleId)).map((s) => s.value));
      assert.ok(values.at(-1)! >= bestLeftOut, `selected ${values.at(-1)} below ${bestLeftOut}`);
      // the answers scored are the previous model's, one per seed
      assert.equal(store.getAnswers(previous, scores.map((s) => s.exampleId)).size, 200);
    }
  });

  test("scores each iteration's samples and their seeds with the model that chose the seeds (loss, entropy, gt-loss)", () => {
    const iterations = store.listIterations(loss.name);
    for (const t of [1, 2]) {
      const chooser = iterations[t - 1]!.model;
      const children = store.getExamples({ source: "synthetic", runId: loss.name, iteration: t });
      const parents = [...new Set(children.map((c) => c.parentId!))];
      for (const criterion of ["loss", "entropy", "gt-loss"]) {
        const scores = store.getScores(chooser, criterion, [...children.map((c) => c.id), ...parents]);
        assert.equal(scores.size, children.length + parents.length, `${criterion} scores of iteration ${t}'s samples and seeds under ${chooser}`);
        assert.ok([...scores.values()].every((r) => Number.isFinite(r.value) && r.value >= 0));
      }
      // the answers the loss was taken of are the chooser's own, stored
      assert.equal(store.getAnswers(chooser, children.map((c) => c.id)).size, children.length);
    }
  });

  test("works once: 2 trainings, 8 scorings, 7 generations (3 evaluations, 2 seed answers, 2 sample answers), steps in loop order", () => {
    const { student, events } = results.get(loss.name)!;
    // per iteration: the pool's loss, then the samples' loss, entropy and gold-answer loss
    assert.deepEqual(student.calls, { generate: 7, score: 8, embed: 0, finetune: 2, listModels: 1 });
    const steps = events.filter((e) => e.type === "step" && e.iteration > 0).map((e) => e.type === "step" && `${e.iteration}:${e.step}`);
    const firsts = [...new Set(steps)];
    // loss answers and scores the pool block by block within its "score" step (no separate "answer" step)
    assert.deepEqual(firsts, [
      "1:score", "1:select", "1:generate", "1:score-samples", "1:train", "1:evaluate",
      "2:score", "2:select", "2:generate", "2:score-samples", "2:train", "2:evaluate",
    ]);
    const ends = events.filter((e) => e.type === "iteration-end");
    assert.deepEqual(ends.map((e) => e.type === "iteration-end" && [e.iteration, e.samples]), [[0, 0], [1, 20], [2, 40]]);
  });
});

describe("static generation", () => {
  test("stores iterations 0..2 with selections, samples, jobs and evaluations", () => {
    checkRunRows(staticA);
    checkRunRows(staticB);
  });

  test("generates the whole budget before training, then trains on prefixes", () => {
    const { events } = results.get(staticA.name)!;
    const steps = events.flatMap((e) => (e.type === "step" && e.iteration > 0 ? [`${e.iteration}:${e.step}`] : []));
    const lastGenerate = Math.max(steps.lastIndexOf("1:generate"), steps.lastIndexOf("2:generate"));
    const firstTrain = Math.min(...["1:train", "2:train"].map((s) => steps.indexOf(s)).filter((i) => i >= 0));
    assert.ok(lastGenerate >= 0 && firstTrain > lastGenerate, steps.join(" "));
  });

  test("seeds and samples do not depend on the student: another student gives the same ones", () => {
    const sel = (runId: string, t: number) => store.getSelection(runId, t).map((s) => s.exampleId);
    const samples = (runId: string) =>
      store
        .getExamples({ source: "synthetic", runId })
        .map((e) => ({ iteration: e.iteration, parent: e.parentId, index: e.sampleIndex, question: e.question, answer: e.answer }))
        .sort((a, b) => a.iteration! - b.iteration! || a.parent!.localeCompare(b.parent!) || a.index! - b.index!);
    for (const t of [1, 2]) {
      assert.deepEqual(sel(staticB.name, t), sel(staticA.name, t));
      assert.notDeepEqual(sel(staticA.name, t), sel(loss.name, t));
    }
    assert.deepEqual(samples(staticB.name), samples(staticA.name));
    assert.equal(samples(staticA.name).length, 40);
    // the students did differ: other training jobs, other models
    assert.notEqual(store.listIterations(staticB.name)[2]!.model, store.listIterations(staticA.name)[2]!.model);
  });

  test("a model answers each test question once: the base's answers are reused across runs", () => {
    // iteration 0 of the static runs is the untrained base, already evaluated by the loss run
    for (const name of [staticA.name, staticB.name]) {
      const { student } = results.get(name)!;
      assert.deepEqual(student.calls, { generate: 2, score: 0, embed: 0, finetune: 2, listModels: 0 });
      assert.deepEqual(
        store.getEvaluations(name, 0).map((e) => e.prediction),
        store.getEvaluations(loss.name, 0).map((e) => e.prediction),
      );
    }
  });
});

describe("a finished run re-read from the store", () => {
  test("returns cached=true, the same iterations, and calls neither the server nor the teacher", async () => {
    for (const config of [loss, staticA]) {
      const lazy = new LazyStudent(async () => {
        throw new Error("a finished run must not start a student server");
      });
      const teacher: Teacher = {
        id: "must-not-be-called",
        generate: async () => {
          throw new Error("a finished run must not call the teacher");
        },
      };
      const events: LoopEvent[] = [];
      const deps: LoopDeps = { store, student: lazy, teacher, data: makePartsFactory(store)(config).data, onEvent: (e) => events.push(e) };
      const again = await runExperiment(config, deps);
      assert.equal(again.cached, true);
      assert.equal(lazy.started, false);
      assert.deepEqual(again.iterations, results.get(config.name)!.result.iterations);
      assert.deepEqual(events, [{ type: "run-end", runId: config.name, cached: true }]);
    }
  });

  test("the same name with another config is refused, naming the run", async () => {
    const changed = { ...loss, perIteration: 5 };
    const lazy = new LazyStudent(async () => {
      throw new Error("must not start");
    });
    const parts = makePartsFactory(store)(changed);
    await assert.rejects(runExperiment(changed, { store, student: lazy, ...parts }), /run "e2e-loss" is already in .* with a different config/);
    assert.equal(lazy.started, false);
  });
});
