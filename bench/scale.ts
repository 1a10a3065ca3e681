/**
 * The loop at scale: one loss run over a synthetic pool of N seeds (arith world, 3-digit numbers)
 * for 3 iterations, against a stub student server (bench/stubs/student.ts: the real wire, answers
 * at once unless given a time per request) and the fake OpenAI teacher at 50 ms latency with 256
 * calls in flight, each in a worker thread on loopback. Measured per iteration: wall time; time
 * waiting on each server (the union of the intervals with a request in flight); the loop's own time
 * (wall minus waiting) and, within it, the time in store calls (a timing proxy) and in spend sums;
 * then the same split by step of the loop (its progress events): score (the pool answered and
 * scored, block by block), select (choosing and storing the picks), generate (the teacher), train,
 * evaluate; own time in score and generate besides the store is request building and parsing.
 * Then the own time against the pool size (all of it, and that of the two steps that go over the
 * whole pool: score and select), once more at the largest pool against a student that
 * takes `studentMs` per request, and, for scale, how fast the bundled tiny student (the real server,
 * on this machine's CPU) answers and scores seeds.
 *
 *   npm run bench -- scale [sizes=10000,30000,100000] [perIteration=1000] [studentMs=20]
 *   SCALE_GAPS=1 ... also prints the longest stretches with nothing in flight (where own time goes)
 *   SCALE_GAPS_FILE=F ... writes them to F.<pool size>.json for bench/gap-profile.ts, which names the
 *   functions a CPU profile (`node --cpu-prof`) caught in them
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
import { startStudentServer } from "../lib/student/spawn.js";
import { makeArithWorld } from "../lib/tasks/arith/index.js";

const sizes = (process.argv[2] ?? "10000,30000,100000").split(",").map(Number);
const perIteration = Number(process.argv[3] ?? 1000);
const studentMs = Number(process.argv[4] ?? 20);

/** Wall-clock union of intervals with at least one request in flight, per server and overall. */
class Waiting {
  private inFlight = new Map<string, number>();
  private since = new Map<string, number>();
  readonly total = new Map<string, number>();
  /** Stretches with nothing in flight: [ms, the step they ended in, the request that ended them]. */
  readonly gaps: Array<[number, string, string]> = [];
  /** The same stretches as [start, end] in process.hrtime microseconds (the CPU profile's clock). */
  readonly gapTimes: Array<[number, number, string]> = [];
  step = "";
  private idleSince = 0;
  private idleHr = 0;
  start(key: string, what = key): void {
    if ((this.inFlight.get("any") ?? 0) === 0 && this.idleSince > 0) {
      this.gaps.push([performance.now() - this.idleSince, this.step, what]);
      this.gapTimes.push([this.idleHr, Number(process.hrtime.bigint() / 1000n), `${this.step} ${what}`]);
    }
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
      if (n === 0 && k === "any") {
        this.idleSince = performance.now();
        this.idleHr = Number(process.hrtime.bigint() / 1000n);
      }
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

interface Figures { wall: number; student: number; teacher: number; own: number; store: number; spend: number }
const zero = (): Figures => ({ wall: 0, student: 0, teacher: 0, own: 0, store: 0, spend: 0 });
const add = (a: Figures, b: Figures): void => {
  for (const k of Object.keys(a) as (keyof Figures)[]) a[k] += b[k];
};

/** Store time by method of the last measured run (ms, all iterations). */
let lastStoreMs = new Map<string, number>();

/** One run: figures per iteration (0 = setup and the base evaluation) and per step of iterations 1.. (summed). */
async function measure(poolSize: number, studentUrl: string, teacherUrl: string): Promise<{ iterations: Figures[]; steps: Map<string, Figures> }> {
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
    waiting.start(key, key === "student" ? url.slice(studentUrl.length) : "teacher");
    try {
      return await realFetch(input, init);
    } finally {
      waiting.end(key);
    }
  }) as typeof fetch;
  const parts = makePartsFactory(store)(config); // after the fetch hook: the teacher's client takes fetch when it is built
  const snapshot = () => {
    const storeTotal = [...storeMs.values()].reduce((a, b) => a + b, 0);
    const spend = (storeMs.get("sumGenerations") ?? 0) + (storeMs.get("sumTeacherCalls") ?? 0);
    return { at: performance.now(), student: waiting.get("student"), teacher: waiting.get("teacher"), any: waiting.get("any"), store: storeTotal, spend };
  };
  const since = (p: ReturnType<typeof snapshot>, m: ReturnType<typeof snapshot>): Figures => {
    const wall = m.at - p.at;
    return { wall, student: m.student - p.student, teacher: m.teacher - p.teacher, own: wall - (m.any - p.any), store: m.store - p.store, spend: m.spend - p.spend };
  };
  const iterations: Figures[] = [];
  const steps = new Map<string, Figures>();
  let iterationStart = snapshot();
  let stepStart = iterationStart;
  let step = "setup";
  let current = 0; // the iteration the events are about; 0 (setup, the base evaluation) is not split by step
  const closeStep = (next: string) => {
    const now = snapshot();
    if (current > 0) {
      if (!steps.has(step)) steps.set(step, zero());
      add(steps.get(step)!, since(stepStart, now));
    }
    stepStart = now;
    step = next;
    return now;
  };
  try {
    const student = new StudentClient({ baseURL: studentUrl });
    iterationStart = stepStart = snapshot();
    await runExperiment(config, {
      store, student, ...parts,
      onEvent: (e: LoopEvent) => {
        if (e.type === "step") {
          waiting.step = `${e.iteration}:${e.step}`;
          if (e.step !== step) closeStep(e.step);
          current = e.iteration;
        } else if (e.type === "iteration-end") {
          const now = closeStep("other");
          iterations.push(since(iterationStart, now));
          iterationStart = now;
        }
      },
    });
  } finally {
    globalThis.fetch = realFetch;
    lastStoreMs = storeMs;
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.SCALE_GAPS) {
    const top = waiting.gaps.filter((g) => !g[1].startsWith("0:") && g[1] !== "").sort((a, b) => b[0] - a[0]).slice(0, 12);
    if (process.env.SCALE_GAPS_FILE) writeFileSync(`${process.env.SCALE_GAPS_FILE}.${poolSize}.json`, JSON.stringify(waiting.gapTimes));
    console.log(`longest stretches with nothing in flight, ${poolSize} seeds: ${top.map(([ms, st, req]) => `${ms.toFixed(1)} ms before ${req} in ${st}`).join("; ")}`);
  }
  return { iterations, steps };
}

const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);
const share = (f: Figures) => `${(100 * f.own / f.wall).toFixed(1).padStart(5)}%`;
const mean = (fs: Figures[]): Figures => {
  const out = zero();
  for (const f of fs) add(out, f);
  for (const k of Object.keys(out) as (keyof Figures)[]) out[k] /= fs.length;
  return out;
};

async function main(): Promise<void> {
  const student = await startInWorker("student", {});
  const teacher = await startInWorker("teacher", { latencyMs: 50 });
  const rows: Array<{ size: number; f: Figures; pool: number }> = [];
  let lastSteps = new Map<string, Figures>();
  let slow: Figures | null = null;
  let slowSteps = new Map<string, Figures>();
  try {
    await measure(2000, student.url, teacher.url); // warm-up: JIT, connections
    console.log(`scale: loss run, 3 iterations of ${perIteration} samples, teacher 50 ms x 256 in flight, stub student answering at once; seconds`);
    console.log("pool     it   wall  student  teacher    own   store  spend   own share");
    for (const size of sizes) {
      const { iterations, steps } = await measure(size, student.url, teacher.url);
      // iteration 0 is setup (the pool stored) and the base evaluation; 1..3 select, generate, train, evaluate
      for (const [i, f] of iterations.entries()) {
        console.log(`${String(size).padStart(6)}  ${i === 0 ? "  0*" : String(i).padStart(4)} ${s(f.wall)}  ${s(f.student)}  ${s(f.teacher)}  ${s(f.own)}  ${s(f.store)}  ${s(f.spend)}   ${share(f)}`);
      }
      // own time in the steps that go over the whole pool (score and select), per iteration
      const pool = ((steps.get("score")?.own ?? 0) + (steps.get("select")?.own ?? 0)) / 3;
      rows.push({ size, f: mean(iterations.slice(1)), pool });
      lastSteps = steps;
    }
    console.log("  (* iteration 0: the pool stored and the base model evaluated, once per run)");
    if (studentMs > 0) {
      const slowStudent = await startInWorker("student", { latencyMs: studentMs, serial: true });
      try {
        const m = await measure(sizes[sizes.length - 1]!, slowStudent.url, teacher.url);
        slow = mean(m.iterations.slice(1));
        slowSteps = m.steps;
      } finally {
        await slowStudent.stop();
      }
    }
  } finally {
    await student.stop();
    await teacher.stop();
  }
  const largest = sizes[sizes.length - 1]!;
  const bySteps = (title: string, steps: Map<string, Figures>) => {
    console.log(`\nby step, ${title}, per iteration (mean of 3): wall, waiting on the student and the teacher, own, of which store`);
    for (const [name, f] of steps) {
      const per = (ms: number) => s(ms / 3);
      console.log(`  ${name.padEnd(9)} ${per(f.wall)} ${per(f.student)} ${per(f.teacher)} ${per(f.own)} ${per(f.store)}`);
    }
  };
  bySteps(`${largest} seeds`, lastSteps);
  const top = [...lastStoreMs].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`\nstore time by call, ${largest} seeds, all iterations: ${top.map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(", ")}`);
  console.log("\nown time per iteration against the pool size: all of it, and that of the steps over the whole pool (score, select)");
  const first = rows[0]!;
  for (const r of rows) {
    console.log(`${String(r.size).padStart(6)} seeds: own ${(r.f.own / 1000).toFixed(3)} s of ${(r.f.wall / 1000).toFixed(2)} s (${share(r.f).trim()}), ` +
      `score and select ${(r.pool / 1000).toFixed(3)} s; pool x${(r.size / first.size).toFixed(1)}, own time x${(r.f.own / first.f.own).toFixed(2)}, score and select x${(r.pool / first.pool).toFixed(2)}`);
  }
  if (rows.length > 1) {
    const last = rows[rows.length - 1]!;
    const marginal = (last.pool - first.pool) / (largest - first.size);
    console.log(`per pool seed per iteration (score and select, ${first.size} to ${largest}): ${(marginal * 1000).toFixed(2)} us; the rest of own time is per iteration, not per seed`);
  }
  if (slow) {
    console.log(`\nagainst a student taking ${studentMs} ms per request, one at a time (${Math.round(512 / studentMs * 1000).toLocaleString("en-US")} items/s at 512 per request), ${largest} seeds: ` +
      `own ${(slow.own / 1000).toFixed(2)} s of ${(slow.wall / 1000).toFixed(2)} s per iteration (${share(slow).trim()})`);
    bySteps(`${largest} seeds, that student`, slowSteps);
  }
  console.log(`\nthe bundled tiny student (the real server, 2 threads) answers and scores ${await tinyRate(2048)} seeds/s on this machine`);
}

/** Seeds per second the real server's tiny model answers (greedy) and scores, on this CPU. */
async function tinyRate(n: number): Promise<string> {
  const server = await startStudentServer({ threads: 2 });
  try {
    const client = new StudentClient({ baseURL: server.url });
    const world = makeArithWorld({ poolSize: n, testSize: 10, digits: 3, seed: 0 });
    const task = world.task;
    const t0 = performance.now();
    const prompts = world.seeds.map((e) => task.prompt(e.question));
    const answers = await client.generate("tiny", prompts, { maxTokens: task.maxAnswerTokens, stop: task.stop, temperature: 0 });
    await client.score("tiny", prompts.map((prompt, i) => ({ prompt, completion: answers[i] ?? "" })));
    return Math.round((world.seeds.length / (performance.now() - t0)) * 1000).toLocaleString("en-US");
  } finally {
    await server.stop();
  }
}

await main();
