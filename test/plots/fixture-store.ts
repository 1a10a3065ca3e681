import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../lib/store/index.js";
import type { ExampleRow, Store } from "../../lib/store/index.js";

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = "activesynth-plots-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const ex = (id: string, source: ExampleRow["source"], kind: string, n: number, extra: Partial<ExampleRow> = {}): ExampleRow => ({
  id, task: "arith", source, kind, question: `What is ${n} + 1?`, answer: `${n} + 1 = ${n + 1} #### ${n + 1}`,
  runId: null, iteration: null, parentId: null, sampleIndex: null, ...extra,
});

export const SEEDS = Array.from({ length: 8 }, (_, i) => ex(`arith/seed/${i}`, "seed", i < 6 ? "add" : "mul", i));
export const TESTS = Array.from({ length: 4 }, (_, i) => ex(`arith/test/${i}`, "test", i < 2 ? "add" : "mul", 100 + i));

const config = (criterion: string, seed: number, method: "active" | "static" = "active") => ({
  name: `${criterion}-s${seed}`, task: "arith", method, criterion, seed, student: { baseModel: "tiny-base" },
});

/** Accuracy per (run, iteration): loss ahead of random and static. */
const ACCURACY: Record<string, number[]> = {
  "loss-s0": [0.5, 0.75, 1], "random-s0": [0.25, 0.5, 0.75], "static-s0": [0.25, 0.5, 0.5],
  "loss-s1": [0.5, 0.75, 0.75], "random-s1": [0.25, 0.5, 0.5],
};

/**
 * A small real store: arith seeds (6 add, 2 mul) and 4 test items; runs loss/random (seeds 0, 1)
 * and static (seed 0), 3 iterations each with 2 selected seeds, 2 synthetic children per seed,
 * evaluations and iteration summaries. The loss runs store seed loss scores per checkpoint.
 * With `syntheticScores`, the loss checkpoints also score their synthetic children and store
 * answers to them (so ordering and fidelity figures can be drawn).
 */
export function buildFixtureStore(path: string, options: { syntheticScores?: boolean } = {}): Store {
  const store = openStore(path);
  store.putExamples([...SEEDS, ...TESTS]);
  for (const [runId, acc] of Object.entries(ACCURACY)) {
    const [criterion, s] = runId.split("-s");
    const seed = Number(s);
    store.upsertRun({ id: runId, name: runId, config: config(criterion!, seed, criterion === "static" ? "static" : "active") });
    let model = "tiny-base";
    acc.forEach((accuracy, i) => {
      const t = i + 1;
      // loss picks the mul seeds more as it goes; random/static pick by a fixed pattern
      const picks = criterion === "loss" ? (t === 1 ? [6, 0] : [6, 7]) : [(t + seed) % 6, (t + seed + 2) % 6];
      if (criterion === "loss") {
        store.putScores(SEEDS.map((e, j) => ({ exampleId: e.id, model, criterion: "loss", value: (j >= 6 ? 2 : 0.5) + 0.1 * j / t + 0.01 * seed })));
      }
      const scores = criterion === "loss" ? picks.map((j) => (j >= 6 ? 2 : 0.5) + 0.1 * j / t + 0.01 * seed) : picks.map(() => (criterion === "random" ? 0 : null));
      store.putSelection(picks.map((j, rank) => ({ runId, iteration: t, rank, exampleId: SEEDS[j]!.id, score: scores[rank]! })));
      const children = picks.flatMap((j) => [0, 1].map((k) => ex(`arith/${runId}/syn/${t}/${j}/${k}`, "synthetic", SEEDS[j]!.kind!, 10 * j + k, { runId, iteration: t, parentId: SEEDS[j]!.id, sampleIndex: k })));
      store.putExamples(children);
      store.putGenerations(children.map((c) => ({ runId, iteration: t, parentId: c.parentId!, sampleIndex: c.sampleIndex!, status: "ok", reason: null, exampleId: c.id, promptTokens: 10, completionTokens: 20, costUsd: 0, calls: 2 })));
      if (options.syntheticScores && criterion === "loss") {
        store.putScores(children.map((c, ci) => ({ exampleId: c.id, model, criterion: "loss", value: (c.kind === "mul" ? 1.8 : 0.4) + 0.05 * ci })));
        // the checkpoint gets the add children right and the mul children wrong
        store.putAnswers(children.map((c) => ({ model, exampleId: c.id, answer: c.kind === "mul" ? "#### 0" : c.answer })));
      }
      const next = `${runId}-ckpt-${t}`;
      store.putEvaluations(TESTS.map((e, j) => ({ runId, iteration: t, model: next, exampleId: e.id, prediction: "#### 0", correct: j < accuracy * TESTS.length })));
      store.putIteration({ runId, iteration: t, samples: 4 * t, teacherTokens: 120 * t, costUsd: 0, model: next, accuracy, testSize: TESTS.length });
      model = next;
    });
    store.setRunStatus(runId, "finished");
  }
  return store;
}
