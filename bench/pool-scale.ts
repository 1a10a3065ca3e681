/**
 * A pool of student servers: the same 8 runs (loss, arith pool of 2,000, 2 iterations of 100
 * samples, procedural teacher) over N = 1, 2, 4 stub student servers (bench/stubs/student.ts, each
 * in its own worker thread, answering after a fixed delay that stands for the GPU), throughput
 * against N = 1; then 2 servers of which one dies in the middle of a run: every run must finish,
 * with the store holding each iteration once (nothing lost, nothing made twice).
 *
 *   npm run bench -- pool [latencyMs=40]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/index.js";
import { validateRunConfig } from "../lib/experiment/validate-config.js";
import { makePartsFactory } from "../lib/experiment/parts.js";
import { runPool } from "../lib/experiment/pool.js";
import type { RunConfig } from "../lib/experiment/config.js";
import { startInWorker, type StubHandle } from "./stubs/worker.js";

const latencyMs = Number(process.argv[2] ?? 40);
const RUNS = 8;

const configs = (tag: string): RunConfig[] => Array.from({ length: RUNS }, (_, seed) => validateRunConfig({
  name: `pool-${tag}-s${seed}`, task: "arith", taskOptions: { poolSize: 2000, testSize: 100 }, criterion: "loss", seed,
  budget: { samples: 200 }, perIteration: 100, scoreSynthetic: ["loss"],
  student: { baseModel: "tiny", hyperparameters: { steps: 1 } }, teacher: { kind: "procedural" },
}));

async function runOn(urls: string[], tag: string, log: string[] = []): Promise<{ seconds: number; check: string }> {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-pool-"));
  const store = openStore(join(dir, "pool.sqlite"));
  try {
    const runs = configs(tag);
    const t0 = performance.now();
    await runPool(runs, {
      store, parts: makePartsFactory(store), urls, workers: urls.length,
      onEvent: (e) => void (e.type === "log" && log.push(`[${e.runId}] ${e.message}`)),
    });
    const seconds = (performance.now() - t0) / 1000;
    // each run: finished, iterations 0..2 once, 200 samples once, one training job per iteration
    const problems: string[] = [];
    for (const r of runs) {
      const its = store.listIterations(r.name).map((i) => i.iteration);
      const gens = store.getGenerations(r.name);
      const jobs = store.listTrainingJobs(r.name);
      if (store.getRun(r.name)?.status !== "finished") problems.push(`${r.name} not finished`);
      if (its.join(",") !== "0,1,2") problems.push(`${r.name} iterations ${its.join(",")}`);
      if (gens.length !== 200 || new Set(gens.map((g) => `${g.iteration}/${g.parentId}/${g.sampleIndex}`)).size !== 200) problems.push(`${r.name} ${gens.length} generations`);
      if (jobs.length !== 2 || jobs.some((j) => j.status !== "succeeded")) problems.push(`${r.name} training jobs ${jobs.map((j) => j.status).join(",")}`);
    }
    return { seconds, check: problems.length === 0 ? "every run finished, each iteration and sample stored once" : problems.join("; ") };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`pool: ${RUNS} runs (loss, 2 iterations of 100 samples), stub students answering after ${latencyMs} ms`);
  const rows: Array<[number, number]> = [];
  for (const n of [1, 2, 4]) {
    const stubs: StubHandle[] = await Promise.all(Array.from({ length: n }, () => startInWorker("student", { latencyMs })));
    try {
      if (n === 1) await runOn(stubs.map((s) => s.url), "warm");
      const { seconds, check } = await runOn(stubs.map((s) => s.url), `n${n}`);
      rows.push([n, seconds]);
      console.log(`  ${n} server(s): ${seconds.toFixed(2)} s, ${(RUNS / seconds).toFixed(2)} runs/s, ${(rows[0]![1] / seconds).toFixed(2)}x the throughput of one; ${check}`);
    } finally {
      await Promise.all(stubs.map((s) => s.stop()));
    }
  }
  const dying = await startInWorker("student", { latencyMs, die: { afterScoreCalls: 6 } });
  const healthy = await startInWorker("student", { latencyMs });
  try {
    const log: string[] = [];
    const { seconds, check } = await runOn([dying.url, healthy.url], "failover", log);
    console.log(`  2 servers, the first dies on its 7th score call: ${seconds.toFixed(2)} s; ${check}`);
    for (const line of log) console.log(`    ${line}`);
  } finally {
    await dying.stop();
    await healthy.stop();
  }
}

await main();
