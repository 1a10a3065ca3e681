/**
 * Where a run's time goes: wall seconds per loop step (answer, score, select, generate,
 * score-samples, train, evaluate), summed over runs from the loop's events. Pure but for the clock,
 * which is injectable.
 */
import type { LoopEvent, LoopStep } from "../loop/events.js";

/** Seconds per step over every run seen, and the runs' total. */
export interface StepTimes {
  seconds: Partial<Record<LoopStep | "base model", number>>;
  total: number;
}

/**
 * Accumulates the time each run spends in each step: a step runs from its first event to the
 * run's next step, iteration end or run end. Runs side by side are counted each (so the total is
 * server time, not wall time). The pretrained base's build counts as "base model", until its
 * last training step.
 * @example
 * let now = 0; const clock = new StepClock(() => now);
 * clock.on({ type: "step", runId: "a", iteration: 1, step: "train" }); now = 4000;
 * clock.on({ type: "step", runId: "a", iteration: 1, step: "evaluate" }); now = 5000;
 * clock.on({ type: "iteration-end", runId: "a", iteration: 1, samples: 8, teacherTokens: 0, accuracy: 1, cached: false });
 * clock.times() // { seconds: { train: 4, evaluate: 1 }, total: 5 }
 */
export class StepClock {
  private readonly open = new Map<string, { step: LoopStep | "base model"; since: number }>();
  private readonly seconds = new Map<LoopStep | "base model", number>();

  constructor(private readonly now: () => number = Date.now) {}

  on(event: LoopEvent): void {
    if (event.type === "log") return;
    const t = this.now();
    const current = this.open.get(event.runId);
    const base = event.runId.startsWith("(base model");
    const next = event.type === "step" ? (base ? "base model" : event.step) : null;
    // a base model's build sends no event after its last step: it ends there
    const baseEnd = base && event.type === "step" && event.total !== undefined && event.done === event.total;
    if (current && current.step === next && !baseEnd) return; // progress within the same step
    if (current) {
      this.seconds.set(current.step, (this.seconds.get(current.step) ?? 0) + (t - current.since) / 1000);
      this.open.delete(event.runId);
    }
    if (next && !baseEnd) this.open.set(event.runId, { step: next, since: t });
  }

  /** The times so far; steps still open count up to now. */
  times(): StepTimes {
    const t = this.now();
    for (const [runId, s] of this.open) {
      this.seconds.set(s.step, (this.seconds.get(s.step) ?? 0) + (t - s.since) / 1000);
      this.open.set(runId, { step: s.step, since: t });
    }
    const seconds = Object.fromEntries(this.seconds);
    return { seconds, total: [...this.seconds.values()].reduce((a, b) => a + b, 0) };
  }
}

/**
 * One line: "time by step (server time over 2 runs): train 41% (12m3s), evaluate 22%, ...".
 * @example formatStepTimes({ seconds: { train: 30, evaluate: 10 }, total: 40 }) // "time by step: train 75% (30 s), evaluate 25% (10 s)"
 */
export function formatStepTimes(times: StepTimes): string {
  const parts = Object.entries(times.seconds)
    .filter(([, s]) => (s ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([step, s]) => `${step} ${Math.round((100 * s!) / (times.total || 1))}% (${s! < 90 ? `${Math.round(s!)} s` : `${Math.floor(s! / 60)}m${String(Math.round(s! % 60)).padStart(2, "0")}s`})`);
  return `time by step: ${parts.join(", ")}`;
}
