/**
 * Budget arithmetic of the loop (pure). A sample budget counts successful synthetic samples; a
 * teacher-token budget counts prompt + completion tokens of every teacher call, judging included.
 * Generation goes in batches (the run's generationConcurrency); a batch is started only when the
 * tokens spent so far plus the batch's predicted tokens fit the budget, the prediction being the
 * mean generation tokens per attempt so far. So a run stops at most about one batch short of the
 * limit, and overshoots it only by the prediction's error on the last batch (always less than one
 * batch: no batch starts once the limit is reached).
 */
import type { Spent } from "./spent.js";

export interface Budget {
  samples?: number;
  teacherTokens?: number;
}

/**
 * Mean generation tokens (judging excluded) per attempted sample so far; null before the first.
 * @example tokensPerAttempt({ okSamples: 3, failedSamples: 1, teacherTokens: 900, judgeTokens: 100, costUsd: 0, calls: 5, judgeCalls: 1 }) // 200
 */
export function tokensPerAttempt(spent: Spent): number | null {
  const attempts = spent.okSamples + spent.failedSamples;
  return attempts > 0 ? (spent.teacherTokens - spent.judgeTokens) / attempts : null;
}

/**
 * Whether a batch of `batch` generations may start under the token budget (always true without
 * one). False once the limit is reached, or when the predicted tokens of the batch would pass it.
 */
export function mayStartBatch(budget: Budget, spent: Spent, batch: number): boolean {
  const limit = budget.teacherTokens;
  if (limit === undefined) return true;
  if (spent.teacherTokens >= limit) return false;
  const per = tokensPerAttempt(spent);
  return per === null || spent.teacherTokens + per * batch <= limit;
}

/** Whether judging may go on: the token budget (if any) is not yet reached. */
export function mayJudge(budget: Budget, spent: Spent): boolean {
  return budget.teacherTokens === undefined || spent.teacherTokens < budget.teacherTokens;
}

/** Samples still to make under a sample budget (Infinity without one, never negative). */
export function samplesLeft(budget: Budget, spent: Spent): number {
  return budget.samples === undefined ? Infinity : Math.max(0, budget.samples - spent.okSamples);
}
