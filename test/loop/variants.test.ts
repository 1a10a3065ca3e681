// Experiments whose runs differ in more than criterion and seed (another pretrained base, model,
// task or teacher): each variant gets its own curve, and the report compares methods within a
// variant instead of crashing after the work is done.
//   node --test dist/test/loop/variants.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../lib/store/index.js";
import { curvePoints, variantLabels } from "../../lib/results/curves.js";
import { acrossVariants, printResults } from "../../lib/cli/report.js";
import { selectRuns, winrateCells } from "../../lib/figures/index.js";
import { paperFindings } from "../../lib/figures/findings.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import type { RunConfig } from "../../lib/experiment/config.js";
import type { LoopEvent } from "../../lib/loop/events.js";
import { runPool } from "../../lib/experiment/pool.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import { tempDir } from "../helpers/temp-dir.js";

const withBase = (name: string, criterion: string, seed: number, base: number): RunConfig =>
  smallArithConfig({
    name,
    criterion,
    seed,
    student: { baseModel: "tiny", pretrain: { examples: 100, hyperparameters: { steps: 10 }, seed: base }, hyperparameters: { steps: 8 } },
  });

test("variantLabels names the fields that differ, and nothing when only method and seed do", () => {
  const a = smallArithConfig({ name: "a", criterion: "loss", seed: 0 });
  const b = smallArithConfig({ name: "b", criterion: "random", seed: 1, method: "active" });
  const s = smallArithConfig({ name: "s", criterion: "random", method: "static", seed: 2 });
  assert.deepEqual(variantLabels([a, b, s]), ["", "", ""]);
  assert.deepEqual(variantLabels([withBase("x", "loss", 0, 1), withBase("y", "loss", 0, 2)]), ["student.pretrain.seed=1", "student.pretrain.seed=2"]);
  const gsm = { ...a, task: "gsm8k", taskOptions: { maxSeeds: 8 } };
  assert.deepEqual(variantLabels([a, gsm]), [
    'task="arith", taskOptions.maxSeeds=(unset), taskOptions.poolSize=200, taskOptions.seed=0, taskOptions.testSize=60',
    'task="gsm8k", taskOptions.maxSeeds=8, taskOptions.poolSize=(unset), taskOptions.seed=(unset), taskOptions.testSize=(unset)',
  ]);
});

test("two bases x two criteria x two seeds: four curves, one ratio per base, no crash", (t) => {
  const store = openStore(":memory:");
  const accuracy: Record<string, number[]> = { loss: [0.5, 0.7, 0.8], random: [0.5, 0.55, 0.6] };
  for (const base of [1, 2]) {
    for (const criterion of ["loss", "random"]) {
      for (const seed of [0, 1]) {
        const config = withBase(`b${base}-${criterion}-s${seed}`, criterion, seed, base);
        store.upsertRun({ id: config.name, name: config.name, config });
        accuracy[criterion]!.forEach((acc, it) =>
          store.putIteration({ runId: config.name, iteration: it, samples: 20 * it, teacherTokens: 0, costUsd: 0, model: "m", accuracy: acc + 0.01 * seed + 0.05 * base, testSize: 60 }),
        );
      }
    }
  }
  const points = curvePoints(store);
  assert.deepEqual([...new Set(points.map((p) => p.method))].sort(), [
    "loss (student.pretrain.seed=1)", "loss (student.pretrain.seed=2)", "random (student.pretrain.seed=1)", "random (student.pretrain.seed=2)",
  ]);
  const printed: string[] = [];
  t.mock.method(console, "log", (line: string) => printed.push(String(line)));
  printResults(points, { baseline: "random", title: "variants" });
  const text = printed.join("\n");
  assert.match(text, /loss \(student\.pretrain\.seed=1\)\s+2\s+55/);
  const ratios = printed.filter((l) => /^loss \(student\.pretrain\.seed=\d\) vs random \(student\.pretrain\.seed=\d\)/.test(l));
  assert.equal(ratios.length, 2, text);
  for (const l of ratios) {
    const [, a, b] = /seed=(\d)\) vs random \(student\.pretrain\.seed=(\d)\)/.exec(l)!;
    assert.equal(a, b, l); // each base against its own random
  }
  // across the two bases: loss ends 20 points above random on each (0.8 vs 0.6 + the same offsets)
  assert.ok(printed.includes("loss beats random on final accuracy (mean over seeds) in 2 of 2 variants (difference +20.0 to +20.0 points)"), text);
  // Figure 5's cells and the pooled findings keep the bases apart: 2 bases x 2 seeds = 4 cells
  const runs = selectRuns(store);
  assert.deepEqual([...new Set(runs.map((r) => r.variant))], ["student.pretrain.seed=1", "student.pretrain.seed=2"]);
  const cells = winrateCells(store, runs);
  assert.equal(cells.length, 8);
  assert.equal(new Set(cells.map((c) => `${c.model}/${c.seed}`)).size, 4);
  const fig5 = paperFindings(store, runs).find((f) => f.figure === "fig5")!;
  assert.match(fig5.text, /loss beats random on final accuracy in 4 of 4 cells/);
  const fig4 = paperFindings(store, runs).find((f) => f.label.includes("over random"))!;
  assert.match(fig4.text, /pooled over 4 \(variant, seed\) replicates/);
  store.close();
});

test("acrossVariants counts wins per variant and prints nothing for one variant", () => {
  const p = (method: string, seed: number, samples: number, accuracy: number) => ({ runId: `${method}${seed}`, task: "arith", method, seed, iteration: samples / 10, samples, accuracy, teacherTokens: 0 });
  const points = [
    p("loss (b=1)", 0, 0, 0.5), p("loss (b=1)", 0, 10, 0.7), p("random (b=1)", 0, 0, 0.5), p("random (b=1)", 0, 10, 0.6),
    p("loss (b=2)", 0, 0, 0.5), p("loss (b=2)", 0, 10, 0.55), p("random (b=2)", 0, 0, 0.5), p("random (b=2)", 0, 10, 0.6),
  ];
  assert.deepEqual(acrossVariants(points, "random"), ["loss beats random on final accuracy (mean over seeds) in 1 of 2 variants (difference -5.0 to +10.0 points)"]);
  assert.deepEqual(acrossVariants(points.filter((x) => x.method.includes("b=1")), "random"), []);
});

test("runPool builds distinct pretrained bases in parallel, one per server, and each run trains from its own", async () => {
  const tmp = tempDir("activesynth-bases-");
  const store = openStore(tmp.path("bases.sqlite"));
  try {
    // long enough pretraining (150 steps, seconds) that both bases report progress while the other runs
    const slow = (c: RunConfig): RunConfig => ({ ...c, student: { ...c.student, pretrain: { ...c.student.pretrain!, hyperparameters: { steps: 150 } } } });
    const configs = [slow(withBase("pb1-loss", "loss", 0, 1)), slow(withBase("pb2-loss", "loss", 0, 2))];
    const events: LoopEvent[] = [];
    const started: number[] = [];
    await runPool(configs, {
      store,
      parts: makePartsFactory(store),
      workers: 2,
      server: { checkpointDir: tmp.path("ckpt"), threads: 1 },
      onEvent: (e) => events.push(e),
      onServerStart: (worker) => started.push(worker),
    });
    assert.deepEqual(started.sort(), [0, 1], "both servers started");
    const labels = new Set(events.filter((e) => e.runId.startsWith("(base model")).map((e) => e.runId));
    assert.deepEqual([...labels].sort(), ["(base model 1 of 2)", "(base model 2 of 2)"]);
    // both bases were pretraining before either finished: their progress events interleave
    const order = events.filter((e) => e.runId.startsWith("(base model")).map((e) => e.runId);
    const firstDone = Math.min(...[...labels].map((l) => order.lastIndexOf(l)));
    const otherStarted = Math.max(...[...labels].map((l) => order.indexOf(l)));
    assert.ok(otherStarted < firstDone, "the second base started before the first one finished");
    const bases = configs.map((c) => store.listIterations(c.name)[0]!.model);
    assert.equal(new Set(bases).size, 2, `two distinct bases: ${bases.join(", ")}`);
    for (const c of configs) assert.equal(store.getRun(c.name)?.status, "finished");
  } finally {
    store.close();
    tmp.cleanup();
  }
});
