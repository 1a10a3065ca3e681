import type { Store } from "../store/types.js";

export interface Spent {
  okSamples: number;
  failedSamples: number;
  teacherTokens: number;
  costUsd: number;
  calls: number;
}

/**
 * What a run has spent, read from the store: generations (ok and failed) up to an iteration
 * (all when omitted) plus teacher calls made by judging criteria for the run.
 */
export function spentByRun(store: Store, runId: string, upToIteration?: number): Spent {
  const out: Spent = { okSamples: 0, failedSamples: 0, teacherTokens: 0, costUsd: 0, calls: 0 };
  for (const g of store.getGenerations(runId)) {
    if (upToIteration !== undefined && g.iteration > upToIteration) continue;
    if (g.status === "ok") out.okSamples++;
    else out.failedSamples++;
    out.teacherTokens += g.promptTokens + g.completionTokens;
    out.costUsd += g.costUsd;
    out.calls += g.calls;
  }
  return out;
}
