/**
 * The loop at scale: one loss run over a synthetic pool of N seeds (arith world, 3-digit numbers)
 * for 3 iterations, against a stub student server (bench/stubs/student.ts: the real wire, answers
 * at once) and the fake OpenAI teacher at 50 ms latency with 256 calls in flight, each in a worker
 * thread on loopback. Measured per iteration: wall time; time waiting on each server (the union of
 * the intervals with a request in flight); the loop's own time (wall minus waiting: store reads and
 * writes, selection, spend accounting, request building and response parsing) and, within it, the
 * time in store calls (a timing proxy) and in spend sums. Then the same at other pool sizes, and the
 * own time's growth against the pool's.
 *
 *   npm run bench -- scale [sizes=10000,30000,100000] [perIteration=1000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/index.js";
import type { Store } from "../lib/store/types.js";
import { StudentClient } from "../lib/student/client.js";
import { validateRunConfig } from "../lib/experiment/validate-config.js";
import { makePartsFactory } from "../lib/experiment/parts.js";
import { runExperiment } from "../lib/loop/run.js";
import type { LoopEvent } from "../lib/loop/events.js";
import { startInWorker } from "./stubs/worker.js";

const sizes = (process.argv[2] ?? "10000,30000,100000").split(",").map(Number);
const perIteration = Number(process.argv[3] ?? 1000);

/** Wall-clock union of intervals with at least one request in flight, per server and overall. */
class Waiting {
  private inFlight = new Map<string, number>();
  private since = new Map<string, number>();
  readonly total = new Map<string, number>();
  start(key: string): void {
    for (const k of [key, "any"]) {
      const n = this.inFlight.get(k) ?? 0;
      if (n === 0) this.since.set(k, performance.now());
      this.inFlight.set(k, n + 1);
    }
  }
  end(key: string): void {
    for (const k of [key, "any"]) {
      const n = this.inFlight.get(k)! - 1;
      this.inFlight.set(k, n);
      if (n === 0) this.total.set(k, (this.total.get(k) ?? 0) + performance.now() - this.since.get(k)!);
    }
  }
  get(key: string): number {
    return this.total.get(key) ?? 0;
  }
}

/** A store whose every call is timed (ms by method). */
function timedStore(store: Store, spent: Map<string, number>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          spent.set(String(prop), (spent.get(String(prop)) ?? 0) + performance.now() - t0);
        }
      };
    },
  });
}

interface IterationFigures { wall: number; student: number; teacher: number; own: number; store: number; spend: number }

/** Store time by method of the last measured run (ms, all iterations). */
let lastStoreMs = new Map<string, number>();

async function measure(poolSize: number, studentUrl: string, teacherUrl: string): Promise<IterationFigures[]> {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-scale-"));
  const raw = openStore(join(dir, "scale.sqlite"));
  const storeMs = new Map<string, number>();
  const store = timedStore(raw, storeMs);
  const config = validateRunConfig({
    name: `scale-${poolSize}`, task: "arith", taskOptions: { poolSize, testSize: 200, digits: 3 }, criterion: "loss",
    budget: { samples: 3 * perIteration }, perIteration, samplesPerSeed: 1, generationConcurrency: 256, scoreSynthetic: [],
    student: { baseModel: "tiny", hyperparameters: { steps: 1 } },
    teacher: { kind: "openai", baseURL: teacherUrl, model: "fake-teacher", maxInFlight: 256, timeoutMs: 60_000 },
  });
  const waiting = new Waiting();
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = String(input instanceof Request ? input.url : input);
    const key = url.startsWith(studentUrl) ? "student" : "teacher";
    waiting.start(key);
    try {
      return await realFetch(input, init);
    } finally {
      waiting.end(key);
    }
  }) as typeof fetch;
  const parts = makePartsFactory(store)(config); // after the fetch hook: the teacher's client takes fetch when it is built
  const marks: Array<{ at: number; student: number; teacher: number; any: number; store: number; spend: number }> = [];
  const mark = () => {
    const store = [...storeMs.values()].reduce((a, b) => a + b, 0);
    const spend = (storeMs.get("sumGenerations") ?? 0) + (storeMs.get("sumTeacherCalls") ?? 0);
    marks.push({ at: performance.now(), student: waiting.get("student"), teacher: waiting.get("teacher"), any: waiting.get("any"), store, spend });
  };
  try {
    const student = new StudentClient({ baseURL: studentUrl });
    mark();
    await runExperiment(config, {
      store, student, ...parts,
      onEvent: (e: LoopEvent) => {
        if (e.type === "iteration-end") mark();
      },
    });
  } finally {
    globalThis.fetch = realFetch;
    lastStoreMs = storeMs;
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return marks.slice(1).map((m, i) => {
    const p = marks[i]!;
    const wall = m.at - p.at;
    const any = m.any - p.any;
    return { wall, student: m.student - p.student, teacher: m.teacher - p.teacher, own: wall - any, store: m.store - p.store, spend: m.spend - p.spend };
  });
}

async function main(): Promise<void> {
  const student = await startInWorker("student", {});
  const teacher = await startInWorker("teacher", { latencyMs: 50 });
  const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);
  const rows: Array<{ size: number; own: number; wall: number }> = [];
  try {
    await measure(2000, student.url, teacher.url); // warm-up: JIT, connections
    console.log(`scale: loss run, 3 iterations of ${perIteration} samples, teacher 50 ms x 256 in flight, stub student; seconds`);
    console.log("pool     it   wall  student  teacher    own   store  spend   own share");
    for (const size of sizes) {
      const its = await measure(size, student.url, teacher.url);
      // iteration 0 is the base evaluation; 1..3 select, generate, train, evaluate
      for (const [i, f] of its.entries()) {
        console.log(`${String(size).padStart(6)}  ${String(i).padStart(3)}  ${s(f.wall)}  ${s(f.student)}  ${s(f.teacher)}  ${s(f.own)}  ${s(f.store)}  ${s(f.spend)}   ${(100 * f.own / f.wall).toFixed(1).padStart(5)}%`);
      }
      const active = its.slice(1);
      rows.push({ size, own: active.reduce((a, f) => a + f.own, 0) / active.length, wall: active.reduce((a, f) => a + f.wall, 0) / active.length });
    }
  } finally {
    await student.stop();
    await teacher.stop();
  }
  const top = [...lastStoreMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`\nstore time by call, ${sizes[sizes.length - 1]} seeds, all iterations: ${top.map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(", ")}`);
  console.log("\nown time per iteration against the pool size (linear growth: the two ratios agree)");
  const first = rows[0]!;
  for (const r of rows) {
    console.log(`${String(r.size).padStart(6)} seeds: own ${(r.own / 1000).toFixed(2)} s of ${(r.wall / 1000).toFixed(2)} s (${(100 * r.own / r.wall).toFixed(1)}%); pool x${(r.size / first.size).toFixed(1)}, own time x${(r.own / first.own).toFixed(2)}`);
  }
}

await main();
