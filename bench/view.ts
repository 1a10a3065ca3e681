/**
 * `activesynth view` on a large store: how long the first page and every later one take to answer.
 * The store is written as the scale bench writes its own (bench/scale.ts): a pool of N arith seeds
 * (3-digit numbers), a loss run of 3 iterations of `perIteration` seeds x 1 sample that scores its
 * synthetic samples (loss, entropy, gt-loss) and a random run on the same pool, against the stub
 * student and the fake OpenAI teacher (50 ms, 256 in flight) in worker threads. Then:
 *
 * - first view: `node bin/activesynth.js view --db FILE` started as a user starts it, to the runs
 *   page answered (process start, opening the store, the page), 3 times; and in this process the
 *   server started and its first page (the part that is the view's own);
 * - later views: each kind of page 5 times over HTTP on loopback (min, median, max), in order:
 *   runs, a run, an iteration (rank order; score order on a later page), a seed with its children,
 *   a child with its teacher calls, an example without a run, search (a frequent word, and a
 *   string no question holds: a whole scan of the examples).
 *
 * Targets (issue 23): first view within 2 s, any later view within 1 s, on a 100k-seed store.
 *
 *   npm run bench -- view [seeds=100000] [perIteration=1000]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/index.js";
import { validateRunConfig } from "../lib/experiment/validate-config.js";
import { makePartsFactory } from "../lib/experiment/parts.js";
import { runExperiment } from "../lib/loop/run.js";
import { StudentClient } from "../lib/student/client.js";
import { startViewServer } from "../lib/view/server.js";
import { fromRoot } from "../lib/util/paths.js";
import { startInWorker } from "./stubs/worker.js";

const poolSize = Number(process.argv[2] ?? 100_000);
const perIteration = Number(process.argv[3] ?? 1000);

async function writeStore(path: string): Promise<void> {
  const student = await startInWorker("student", {});
  const teacher = await startInWorker("teacher", { latencyMs: 50 });
  const store = openStore(path);
  try {
    const parts = makePartsFactory(store);
    for (const criterion of ["loss", "random"]) {
      const config = validateRunConfig({
        name: `view-${criterion}`, task: "arith", taskOptions: { poolSize, testSize: 200, digits: 3 }, criterion,
        budget: { samples: 3 * perIteration }, perIteration, samplesPerSeed: 1, generationConcurrency: 256,
        student: { baseModel: "tiny", hyperparameters: { steps: 1 } },
        teacher: { kind: "openai", baseURL: teacher.url, model: "fake-teacher", maxInFlight: 256, timeoutMs: 60_000, priceTable: { "fake-teacher": { promptPer1M: 0.15, completionPer1M: 0.6 } } },
      });
      await runExperiment(config, { store, student: new StudentClient({ baseURL: student.url }), ...parts(config) });
    }
  } finally {
    store.close();
    await student.stop();
    await teacher.stop();
  }
}

/** Milliseconds to GET `url` (the whole body read); throws on a status other than 200. */
async function timeGet(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t0;
}

/** The CLI started as a user starts it, to its runs page answered (ms). */
async function cliFirstView(db: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [fromRoot("bin", "activesynth.js"), "view", "--db", db], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.once("exit", (code) => reject(new Error(`view exited (${code}) before serving`)));
    });
    await timeGet(url);
    return performance.now() - t0;
  } finally {
    child.kill("SIGTERM");
  }
}

const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-view-bench-"));
  const db = join(dir, "view.sqlite");
  try {
    const t0 = performance.now();
    await writeStore(db);
    const size = statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const store = openStore(db, { readonly: true });
    const seeds = store.getExamples({ source: "seed" }).length;
    const synthetic = store.listRuns().reduce((n, r) => n + store.sumGenerations(r.id).ok, 0);
    const top = store.getSelection("view-loss", 2)[0]!.exampleId;
    const child = store.getExamples({ source: "synthetic", runId: "view-loss", iteration: 2 }).find((e) => e.parentId === top)!.id;
    store.close();
    console.log(`view: a store of ${seeds.toLocaleString("en-US")} seeds, 2 runs (loss, random) x 3 iterations of ${perIteration} seeds, ${synthetic.toLocaleString("en-US")} synthetic samples, ${(size / 1e6).toFixed(0)} MB; written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const cli: number[] = [];
    for (let i = 0; i < 3; i++) cli.push(await cliFirstView(db));
    const s0 = performance.now();
    const server = await startViewServer({ db });
    const started = performance.now() - s0;
    const first = await timeGet(`${server.url}/`);
    console.log(`first view: the command started to its runs page answered ${cli.map(ms).join(", ")}; in process: server started ${ms(started)}, first page ${ms(first)}`);
    const enc = encodeURIComponent;
    const pages: Array<[string, string]> = [
      ["runs", "/"],
      ["a run", "/run/view-loss"],
      ["an iteration (rank order, first 100)", "/run/view-loss/iteration/2"],
      ["an iteration (score order, rows 501-600)", "/run/view-loss/iteration/2?sort=score&dir=asc&offset=500"],
      ["an iteration of the random run", "/run/view-random/iteration/3"],
      ["a seed and its children", `/run/view-loss/example/${enc(top)}`],
      ["a child and its teacher calls", `/run/view-loss/example/${enc(child)}`],
      ["an example, no run", `/example/${enc(top)}`],
      ["search (a frequent word)", "/search?q=How+many"],
      ["search (no question holds it: a whole scan)", "/search?q=zzz-no-such-text"],
    ];
    console.log("later views, 5 GETs each: min, median, max");
    let worst = 0;
    try {
      for (const [name, path] of pages) {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await timeGet(server.url + path));
        times.sort((a, b) => a - b);
        worst = Math.max(worst, times[4]!);
        console.log(`  ${name.padEnd(46)} ${ms(times[0]!)} ${ms(times[2]!)} ${ms(times[4]!)}`);
      }
    } finally {
      await server.close();
    }
    const firstWorst = Math.max(...cli);
    console.log(`targets: first view ${ms(firstWorst).trim()} (within 2000 ms: ${firstWorst <= 2000 ? "yes" : "NO"}); slowest later view ${ms(worst).trim()} (within 1000 ms: ${worst <= 1000 ? "yes" : "NO"})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
