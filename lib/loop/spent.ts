import type { Store } from "../store/types.js";
import { JUDGE_VERSION_PREFIX } from "../teacher/judge-templates.js";
import { judgeNonceIteration } from "../select/judge.js";

export interface Spent {
  okSamples: number;
  failedSamples: number;
  /** All teacher tokens (prompt + completion): generation and judging. What `budget.teacherTokens` counts. */
  teacherTokens: number;
  costUsd: number;
  /** All teacher calls: generation and judging. */
  calls: number;
  /** The judging part of `teacherTokens` / `calls` (criteria llm-judge, llm-judge-hard, lion). */
  judgeTokens: number;
  judgeCalls: number;
}

/**
 * What a run has spent, read from the store: generations (ok and failed) up to an iteration
 * (all when omitted) plus the teacher calls criteria made to judge for the run: the stored calls
 * of the run whose template version starts with `judge/`, at the iteration named by their nonce
 * (see `judgeNonce`). Cache hits count the same as paid calls, so a re-run reports the same.
 */
export function spentByRun(store: Store, runId: string, upToIteration?: number): Spent {
  const out: Spent = { okSamples: 0, failedSamples: 0, teacherTokens: 0, costUsd: 0, calls: 0, judgeTokens: 0, judgeCalls: 0 };
  for (const g of store.getGenerations(runId)) {
    if (upToIteration !== undefined && g.iteration > upToIteration) continue;
    if (g.status === "ok") out.okSamples++;
    else out.failedSamples++;
    out.teacherTokens += g.promptTokens + g.completionTokens;
    out.costUsd += g.costUsd;
    out.calls += g.calls;
  }
  for (const call of store.listTeacherCalls({ runId, status: "ok" })) {
    const request = (call.request ?? {}) as { templateVersion?: unknown; nonce?: unknown };
    if (typeof request.templateVersion !== "string" || !request.templateVersion.startsWith(JUDGE_VERSION_PREFIX)) continue;
    const iteration = judgeNonceIteration(request.nonce);
    if (iteration === null || (upToIteration !== undefined && iteration > upToIteration)) continue;
    const tokens = call.promptTokens + call.completionTokens;
    out.teacherTokens += tokens;
    out.judgeTokens += tokens;
    out.costUsd += call.costUsd;
    out.calls++;
    out.judgeCalls++;
  }
  return out;
}
