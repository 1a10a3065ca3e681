import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Store } from "../../lib/store/index.js";
import { evaluationsFrame, generationsFrame, selectionsFrame, spendFrame } from "../../lib/notebook/frames.js";
import { selectionCounts } from "../../lib/figures/exploration.js";
import { curvePoints } from "../../lib/results/curves.js";
import { resolveRun, runIdOf } from "../../lib/results/run-ref.js";
import { UnknownRunError } from "../../lib/store/errors.js";
import { buildFixtureStore, tempDir } from "../plots/fixture-store.js";

let store: Store;
let cleanup: () => void;
before(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = buildFixtureStore(join(t.dir, "s.sqlite"));
  // one judge call of loss-s0 at iteration 2, and a failed generation at iteration 1
  store.putTeacherCall({ key: "j", runId: "loss-s0", endpoint: "e", model: "m", request: {}, response: null, promptTokens: 40, completionTokens: 2,
    costUsd: 0.01, latencyMs: 1, status: "ok", error: null, purpose: "judge", iteration: 2 });
  store.putGenerations([{ runId: "loss-s0", iteration: 1, parentId: "arith/seed/6", sampleIndex: 9, status: "failed", reason: "no ####", exampleId: null,
    promptTokens: 10, completionTokens: 5, costUsd: 0, calls: 2 }]);
});
after(() => {
  store.close();
  cleanup();
});

test("a run is named the same way everywhere: a name, or an object carrying its id or name", () => {
  const row = store.getRun("loss-s0")!;
  assert.equal(runIdOf(store, "loss-s0"), "loss-s0");
  assert.equal(runIdOf(store, row), "loss-s0");
  assert.equal(runIdOf(store, { name: "loss-s0" }), "loss-s0");
  assert.deepEqual(selectionCounts(store, "loss-s0"), selectionCounts(store, row));
  assert.ok(selectionCounts(store, "loss-s0").length > 0, "a name is not silently an empty result");
  assert.deepEqual(curvePoints(store, ["loss-s0"]).map((p) => p.runId), curvePoints(store, [row]).map((p) => p.runId));
});

test("an unknown run is an UnknownRunError naming it and the runs the store has, never an empty result", () => {
  for (const call of [() => resolveRun(store, "ghost"), () => selectionCounts(store, "ghost"), () => curvePoints(store, ["ghost"]),
    () => selectionsFrame(store, "ghost"), () => evaluationsFrame(store, { name: "ghost" })]) {
    assert.throws(call, (e: unknown) => e instanceof UnknownRunError && /unknown run\(s\): ghost \(the store .* has: loss-s0, /.test((e as Error).message));
  }
});

test("selections, generations and spend frames", () => {
  const sel = selectionsFrame(store, "loss-s0");
  assert.deepEqual(sel.columns, ["runId", "iteration", "rank", "exampleId", "kind", "score"]);
  const lossRows = store.listSelections("loss-s0").length;
  assert.equal(sel.shape[0], lossRows);
  assert.ok((sel.column("kind").values as string[]).includes("mul"));
  assert.equal(selectionsFrame(store).shape[0], store.listRuns().reduce((n, r) => n + store.listSelections(r.id).length, 0));

  const gens = generationsFrame(store, "loss-s0");
  const failed = (gens.column("status").values as string[]).filter((s) => s === "failed").length;
  assert.equal(failed, 1);
  assert.equal(gens.shape[0], store.getGenerations("loss-s0").length);

  const spend = spendFrame(store, "loss-s0");
  assert.deepEqual(spend.columns, ["runId", "iteration", "okSamples", "failedSamples", "generationTokens", "judgeTokens", "judgeCalls", "teacherCalls", "costUsd"]);
  const byIt = new Map((spend.values as unknown[][]).map((r) => [r[1] as number, r]));
  assert.equal(byIt.get(1)![3], 1, "iteration 1: the failed sample");
  assert.equal(byIt.get(2)![5], 42, "iteration 2: the judge call's tokens");
  assert.equal(byIt.get(2)![6], 1);
  const okTotal = (spend.column("okSamples").values as number[]).reduce((a, b) => a + b, 0);
  assert.equal(okTotal, store.getGenerations("loss-s0").filter((g) => g.status === "ok").length);
});
