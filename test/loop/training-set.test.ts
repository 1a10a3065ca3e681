import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../lib/store/index.js";
import type { ExampleRow, Store } from "../../lib/store/types.js";
import type { ScoreItem } from "../../lib/student/types.js";
import { trainingSet } from "../../lib/loop/train.js";
import { makeArithWorld } from "../../lib/tasks/arith/index.js";

const task = makeArithWorld({ poolSize: 4, testSize: 2, digits: 2, seed: 0 }).task;

function sample(id: string, iteration: number | null): ExampleRow {
  return { id, task: "arith", source: "synthetic", question: `${id} + 1`, answer: `#### ${id.length}`, runId: "r", iteration, parentId: null, sampleIndex: 0 } as ExampleRow;
}

/** A store whose getExamples calls are logged (their filters). */
function logged(store: Store, log: string[]): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "getExamples") return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      return (filter: Parameters<Store["getExamples"]>[0]) => {
        log.push(filter.iteration === undefined ? "all" : `iteration ${filter.iteration}`);
        return target.getExamples(filter);
      };
    },
  });
}

test("trainingSet with a cache reads each finished iteration once and builds the same sets as a fresh read", () => {
  const store = openStore(":memory:");
  store.upsertRun({ id: "r", name: "r", config: {} });
  const log: string[] = [];
  const cached = logged(store, log);
  const cache = new Map<number, ScoreItem[]>();
  const base = { runId: "r", task, pretrainPairs: () => [] };
  // samples stored without an iteration count as iteration 0 and are in every "base" set
  store.putExamples([sample("z-none", null)]);
  for (let t = 1; t <= 4; t++) {
    // iteration t's samples, stored in an order that is not their id order
    store.putExamples([sample(`c${t}`, t), sample(`a${t}`, t), sample(`b${t}`, t)]);
    const withCache = trainingSet({ ...base, store: cached, iteration: t, trainFrom: "base", cache });
    const fresh = trainingSet({ ...base, store, iteration: t, trainFrom: "base" });
    assert.deepEqual(withCache, fresh, `iteration ${t}`);
    assert.equal(fresh.length, 1 + 3 * t);
    assert.deepEqual(fresh.slice(0, 4).map((p) => p.prompt), ["z-none + 1", "a1 + 1", "b1 + 1", "c1 + 1"].map((q) => task.prompt(q)));
  }
  // the first set read the run at once; each later one only its own iteration
  assert.deepEqual(log, ["all", "iteration 2", "iteration 3", "iteration 4"]);
  const cont = trainingSet({ ...base, store, iteration: 3, trainFrom: "continue" });
  assert.deepEqual(cont.map((p) => p.prompt), ["a3 + 1", "b3 + 1", "c3 + 1"].map((q) => task.prompt(q)));
  assert.deepEqual(trainingSet({ ...base, store: cached, iteration: 3, trainFrom: "continue", cache }), cont);
  assert.equal(log.length, 4, "iteration 3 came from the cache");
  store.close();
});
