import type { SpendSums, Store } from "../store/types.js";

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

const zeroSpent = (): Spent => ({ okSamples: 0, failedSamples: 0, teacherTokens: 0, costUsd: 0, calls: 0, judgeTokens: 0, judgeCalls: 0 });

function combine(a: Spent, generations: SpendSums, judge: SpendSums): Spent {
  return {
    okSamples: a.okSamples + generations.ok,
    failedSamples: a.failedSamples + generations.rows - generations.ok,
    teacherTokens: a.teacherTokens + generations.tokens + judge.tokens,
    costUsd: a.costUsd + generations.costUsd + judge.costUsd,
    calls: a.calls + generations.calls + judge.calls,
    judgeTokens: a.judgeTokens + judge.tokens,
    judgeCalls: a.judgeCalls + judge.calls,
  };
}

/**
 * What a run has spent, summed in SQL: its generations (ok and failed) up to an iteration (all
 * when omitted) plus the successful teacher calls made to judge for it (`purpose` "judge" on the
 * call row). Cache hits count the same as paid calls, so a re-run reports the same.
 */
export function spentByRun(store: Store, runId: string, upToIteration?: number): Spent {
  const filter = upToIteration === undefined ? {} : { upToIteration };
  return combine(zeroSpent(), store.sumGenerations(runId, filter), store.sumTeacherCalls(runId, "judge", filter));
}

/**
 * A run's spending as a running total for the loop, which asks before every generation and judge
 * batch: the iterations before the current one are summed once, then each question sums only the
 * current iteration's rows (an index range), so a run's accounting grows linearly with its calls.
 */
export class SpentMeter {
  private closedBefore = 0;
  private closed = zeroSpent();

  constructor(private readonly store: Store, private readonly runId: string) {}

  /** Spent up to and including iteration `t` (rows of later iterations, from an earlier process, are not counted). */
  at(t: number): Spent {
    if (t !== this.closedBefore) {
      this.closed = t > 0 ? spentByRun(this.store, this.runId, t - 1) : zeroSpent();
      this.closedBefore = t;
    }
    const now = { iteration: t };
    return combine(this.closed, this.store.sumGenerations(this.runId, now), this.store.sumTeacherCalls(this.runId, "judge", now));
  }
}
