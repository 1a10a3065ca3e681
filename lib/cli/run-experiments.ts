import type { RunConfig } from "../experiment/config.js";
import type { LoopEvent } from "../loop/events.js";
import type { Store } from "../store/types.js";
import { runPool, type RunParts } from "../experiment/pool.js";
import { makePartsFactory } from "../experiment/parts.js";
import { plannedIterations } from "../loop/plan.js";
import { ProgressBoard, formatSeconds } from "./progress.js";
import { StepClock, formatStepTimes } from "../results/step-times.js";

export interface RunExperimentsOptions {
  store: Store;
  configs: RunConfig[];
  workers: number;
  /** CUDA_VISIBLE_DEVICES of each started server (one GPU each), when the machine has GPUs. */
  gpus?: readonly string[] | null;
  checkpointDir: string;
  urls?: string[];
  apiKey?: string;
  verbose?: boolean;
  /** What each run needs besides store and student (default: makePartsFactory(store)). */
  parts?: (config: RunConfig) => RunParts;
}

/**
 * Runs configs over a pool of student servers with a progress bar per run (iterations done of
 * planned, the current step, the last accuracy), a nested bar with a rate while it generates or
 * trains, one for the base model when it is built, and one for all runs (runs finished).
 */
export async function runWithProgress(options: RunExperimentsOptions): Promise<{ seconds: number; cached: boolean }> {
  const board = new ProgressBoard();
  const started = Date.now();
  const planned = new Map<string, number>();
  const iterationsDone = new Map<string, number>();
  const lastAcc = new Map<string, string>();
  for (const c of options.configs) {
    // planned iterations (the base evaluation included) for sample budgets; token budgets learn theirs at run start
    if (c.budget.samples !== undefined) planned.set(c.name, plannedIterations(c) + 1);
  }
  const finished = new Set<string>();
  const overall = () => {
    let total = 0;
    let done = 0;
    for (const c of options.configs) {
      const p = planned.get(c.name) ?? 0;
      total += p;
      done += Math.min(p, iterationsDone.get(c.name) ?? 0);
    }
    board.update("(all)", "all runs", finished.size, options.configs.length, `runs finished; iterations ${done}/${total || "?"}`);
  };
  const sub = (runId: string) => `${runId}/step`;
  const clock = new StepClock();
  const onEvent = (e: LoopEvent) => {
    clock.on(e);
    if (e.type === "log") return board.log(`[${e.runId}] ${e.message}`);
    if (e.runId.startsWith("(base model")) {
      const label = e.runId.slice(1, -1); // "base model" or "base model 3"
      if (e.type === "step") board.update(label, label, e.done ?? 0, e.total ?? 0, "pretraining on the easy kinds", { unit: "steps" });
      return;
    }
    if (e.type === "run-start") {
      planned.set(e.runId, e.iterations + 1);
      iterationsDone.set(e.runId, e.resumedFrom);
      board.update(e.runId, e.runId, e.resumedFrom, e.iterations + 1, e.resumedFrom > 0 ? "resumed" : "");
      overall();
    } else if (e.type === "step") {
      board.update(e.runId, e.runId, iterationsDone.get(e.runId) ?? 0, planned.get(e.runId) ?? 1, `it ${e.iteration}: ${e.step}${lastAcc.get(e.runId) ?? ""}`);
      // generation and training report their own counts: a nested bar with a rate
      if (e.total && e.total > 1) {
        const unit = e.step === "train" ? "steps" : "samples";
        board.update(sub(e.runId), `it ${e.iteration} ${e.step}`, e.done ?? 0, e.total, "", { parent: e.runId, unit });
      } else board.remove(sub(e.runId));
    } else if (e.type === "iteration-end") {
      board.remove(sub(e.runId));
      iterationsDone.set(e.runId, e.iteration + 1);
      lastAcc.set(e.runId, ` | acc ${(100 * e.accuracy).toFixed(1)}% @ ${e.samples}`);
      board.update(e.runId, e.runId, e.iteration + 1, Math.max(planned.get(e.runId) ?? 1, e.iteration + 1), `it ${e.iteration} done${lastAcc.get(e.runId)}`);
      overall();
    } else if (e.type === "run-end") {
      board.remove(sub(e.runId));
      finished.add(e.runId);
      const total = planned.get(e.runId) ?? iterationsDone.get(e.runId) ?? 1;
      if (e.cached) iterationsDone.set(e.runId, total);
      board.update(e.runId, e.runId, iterationsDone.get(e.runId) ?? total, total, e.cached ? "finished earlier (read from the store)" : `finished${lastAcc.get(e.runId) ?? ""}`);
      overall();
    }
  };
  let cached = true;
  const results = await runPool(options.configs, {
    store: options.store,
    parts: options.parts ?? makePartsFactory(options.store),
    ...(options.urls !== undefined ? { urls: options.urls } : {}),
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    workers: options.workers,
    ...(options.gpus ? { gpus: options.gpus } : {}),
    server: { checkpointDir: options.checkpointDir, ...(options.verbose ? { onLog: (line: string) => board.log(`[server] ${line}`) } : {}) },
    onEvent,
    onServerStart: (i, url, info) => board.log(`student server ${i + 1} started at ${url}${info.gpu !== undefined ? ` on GPU ${info.gpu}` : ""}`),
  });
  board.finish();
  for (const r of results) cached &&= r.cached;
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`ran ${results.length} run(s) in ${formatSeconds(seconds)}${cached ? " (all read from the store: no server or teacher call)" : ""}\n`);
  if (!cached) process.stderr.write(`${formatStepTimes(clock.times())} (server time, summed over runs)\n`);
  return { seconds, cached };
}
