import type { Example, TaskData } from "../tasks/types.js";
import type { Store } from "../store/types.js";
import type { Student } from "../student/types.js";
import type { Teacher } from "../teacher/types.js";
import type { RunConfig } from "./config.js";
import type { LoopListener } from "../loop/events.js";
import { LazyStudent } from "../student/lazy.js";
import { StudentClient } from "../student/client.js";
import { StudentConnectionError } from "../student/errors.js";
import { startStudentServer, type StudentServerHandle, type StudentServerOptions } from "../student/spawn.js";
import { availableParallelism } from "node:os";
import { canonicalJson } from "../util/hash.js";
import { ensureBaseModel, pretrainPairs } from "../loop/base-model.js";
import { runExperiment, type RunResult } from "../loop/run.js";
import { serverKey, serverSpec } from "./server-spec.js";

/** What a run needs besides the store and the student, built from its config. */
export interface RunParts {
  data: TaskData;
  teacher: Teacher;
  pretrainData?: (config: RunConfig) => Example[];
}

export interface PoolOptions {
  store: Store;
  /** Builds task data and teacher for a config (see `partsFor`). */
  parts: (config: RunConfig) => RunParts;
  /** Student servers to use; when absent, `workers` servers are started from `server` (only when needed). */
  urls?: string[];
  apiKey?: string;
  workers?: number;
  server?: StudentServerOptions;
  onEvent?: LoopListener;
  /**
   * The CUDA_VISIBLE_DEVICES of each started server, one GPU per worker (`assignGpus`); absent on
   * CPU machines. Needs at least `workers` entries.
   */
  gpus?: readonly string[];
  /** Called when a worker starts its server: its URL, process id and GPU. */
  onServerStart?: (worker: number, url: string, info: { pid: number | undefined; gpu?: string }) => void;
}

/**
 * Runs several experiments over a pool of student servers, one run per server at a time (on a
 * 2-core machine, two servers of one thread each train at full speed side by side). Runs that
 * need different servers (another backend, base model or server flags: `serverSpec`) run group
 * after group, each group on servers started for it. A pretrained base shared by the runs is
 * built once before the runs fan out (distinct bases in parallel, one per server). Servers are started only if some run
 * has work left, and stopped at the end of their group. With `urls`, every run uses those servers.
 */
export async function runPool(configs: RunConfig[], options: PoolOptions): Promise<RunResult[]> {
  const groups = new Map<string, number[]>();
  configs.forEach((c, i) => {
    const key = options.urls ? "" : serverKey(c.student);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const results = new Array<RunResult>(configs.length);
  const failures: string[] = [];
  for (const indices of groups.values()) {
    const group = indices.map((i) => configs[i]!);
    const spec = serverSpec(group[0]!.student);
    // an hf server may convert a GGUF file or load a large model before it is ready
    const timeout = spec.backend === "hf" ? { startTimeoutMs: 900_000 } : {};
    const threads = spec.backend === "hf" && options.server?.threads === undefined ? { threads: serverThreads(Math.min(options.workers ?? 1, group.length)) } : {};
    const server = options.urls ? options.server : { ...timeout, ...threads, ...options.server, ...spec, args: [...(options.server?.args ?? []), ...(spec.args ?? [])] };
    const out = await runGroup(group, { ...options, ...(server !== undefined ? { server } : {}) }, failures);
    indices.forEach((i, k) => (results[i] = out[k]!));
  }
  if (failures.length > 0) throw new Error(`${failures.length} run(s) failed:\n  ${failures.join("\n  ")}`);
  return results;
}

/**
 * Torch threads for each of `servers` hf servers side by side: the machine's cores shared out
 * (at least 1). A real student's matmuls scale with threads (SmolLM2-135M, 2 cores: batched
 * generation 1.8x with 2 threads), but two servers of 2 threads on 2 cores would fight. The tiny
 * student keeps its 1 thread (its results would move with another float path).
 * @example serverThreads(2) // 1 on a 2-core machine
 */
export function serverThreads(servers: number): number {
  return Math.max(1, Math.floor(availableParallelism() / Math.max(1, servers)));
}

async function runGroup(configs: RunConfig[], options: PoolOptions, failures: string[]): Promise<RunResult[]> {
  const { store } = options;
  const workers = Math.max(1, options.urls?.length ?? options.workers ?? 1);
  const handles: StudentServerHandle[] = [];
  const students: Student[] = [];
  for (let i = 0; i < workers; i++) {
    students.push(
      new LazyStudent(async () => {
        const url = options.urls?.[i] ?? (await start(i));
        return new StudentClient({ baseURL: url, apiKey: options.apiKey });
      }),
    );
  }
  async function start(i: number): Promise<string> {
    const gpu = options.gpus?.[i];
    if (options.gpus && gpu === undefined) throw new Error(`student server ${i + 1} has no GPU: ${options.gpus.length} given for ${workers} workers`);
    const env = gpu !== undefined ? { env: { ...options.server?.env, CUDA_VISIBLE_DEVICES: gpu } } : {};
    const handle = await startStudentServer({ ...options.server, ...env, apiKey: options.apiKey ?? options.server?.apiKey });
    handles.push(handle);
    options.onServerStart?.(i, handle.url, { pid: handle.process.pid, ...(gpu !== undefined ? { gpu } : {}) });
    return handle.url;
  }

  try {
    // build each distinct pretrained base once, before runs fan out: several bases in parallel,
    // one per worker (servers on one checkpoint directory find each other's checkpoints)
    const pending = configs.filter((c) => store.getRun(c.name)?.status !== "finished" && c.student.pretrain);
    const bases = new Map<string, RunConfig>();
    for (const config of pending) {
      const key = canonicalJson({ base: config.student.baseModel, pretrain: config.student.pretrain, task: config.task, taskOptions: config.taskOptions });
      if (!bases.has(key)) bases.set(key, config);
    }
    const toBuild = [...bases.values()];
    await fanOut(students, toBuild, async (student, config, index) => {
      const parts = options.parts(config);
      const label = toBuild.length > 1 ? `(base model ${index + 1} of ${toBuild.length})` : "(base model)";
      await ensureBaseModel(student, store, config.student, () => pretrainPairs(config, parts.data.task, parts.pretrainData), (step, total) => options.onEvent?.({ type: "step", runId: label, iteration: 0, step: "train", done: step, total }));
    });

    const results = new Array<RunResult>(configs.length);
    await withFailover(students, configs, async (student, config, index) => {
      const parts = options.parts(config);
      results[index] = await runExperiment(config, { store, student, ...parts, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
    }, {
      onMove: (config, from, error) => options.onEvent?.({ type: "log", runId: config.name, message: `student server ${from + 1} is unreachable (${error.message}); the run resumes on another server from what the store holds` }),
      onFailure: (config, error) => failures.push(`${config.name}: ${error.message}`),
    });
    return results;
  } finally {
    await Promise.all(handles.map((h) => h.stop()));
  }
}

/**
 * Runs `work` over `items` like fanOut, and moves an item whose server cannot be reached
 * (StudentConnectionError: killed, crashed, gone) to another server; that server is not used
 * again. The item resumes from the store there: what was stored is neither lost nor made again
 * (a run's scores, selections, generations and teacher calls are all read back). Other errors,
 * or a dead server with no other left, are the item's failure.
 */
async function withFailover<T>(
  workers: readonly Student[],
  items: readonly T[],
  work: (worker: Student, item: T, index: number) => Promise<void>,
  on: { onMove(item: T, from: number, error: Error): void; onFailure(item: T, error: Error): void },
): Promise<void> {
  const queue = items.map((_, i) => i);
  const dead = new Set<number>();
  const busy = new Set<number>();
  const loops: Promise<void>[] = [];
  const loop = async (w: number): Promise<void> => {
    busy.add(w);
    while (queue.length > 0 && !dead.has(w)) {
      const index = queue.shift()!;
      try {
        await work(workers[w]!, items[index]!, index);
      } catch (error) {
        const alive = workers.some((_, i) => i !== w && !dead.has(i));
        if (error instanceof StudentConnectionError && alive) {
          dead.add(w);
          queue.unshift(index);
          on.onMove(items[index]!, w, error);
          // a worker that is not looping takes it when every running one is busy or dead
          const idle = workers.findIndex((_, i) => !dead.has(i) && !busy.has(i));
          if (idle >= 0) loops.push(loop(idle));
        } else on.onFailure(items[index]!, error as Error);
      }
    }
    busy.delete(w);
  };
  for (let w = 0; w < Math.max(1, Math.min(workers.length, items.length)); w++) loops.push(loop(w));
  for (let i = 0; i < loops.length; i++) await loops[i];
}

/**
 * Runs `work` over `items`, each worker taking the next item when it is free (one item per worker
 * at a time); workers beyond the number of items are not used, so their lazy servers never start.
 */
async function fanOut<W, T>(workers: readonly W[], items: readonly T[], work: (worker: W, item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    workers.slice(0, Math.max(1, Math.min(workers.length, items.length))).map(async (worker) => {
      while (next < items.length) {
        const index = next++;
        await work(worker, items[index]!, index);
      }
    }),
  );
}
