import { test } from "node:test";
import assert from "node:assert/strict";
import { StepClock, formatStepTimes } from "../../lib/results/step-times.js";
import type { LoopEvent } from "../../lib/loop/events.js";

test("StepClock: two runs side by side each count their own steps; progress events do not restart a step", () => {
  let now = 0;
  const clock = new StepClock(() => now);
  const at = (ms: number, e: LoopEvent) => {
    now = ms;
    clock.on(e);
  };
  at(0, { type: "step", runId: "(base model)", iteration: 0, step: "train", done: 1, total: 10 });
  at(3000, { type: "step", runId: "(base model)", iteration: 0, step: "train", done: 10, total: 10 });
  at(5000, { type: "run-start", runId: "a", iterations: 1, resumedFrom: 0 });
  at(5000, { type: "step", runId: "a", iteration: 0, step: "evaluate" });
  at(6000, { type: "step", runId: "b", iteration: 1, step: "score" });
  at(7000, { type: "iteration-end", runId: "a", iteration: 0, samples: 0, teacherTokens: 0, accuracy: 0.5, cached: false });
  at(7000, { type: "step", runId: "a", iteration: 1, step: "train", done: 1, total: 4 });
  at(9000, { type: "step", runId: "a", iteration: 1, step: "train", done: 4, total: 4 });
  at(10000, { type: "step", runId: "b", iteration: 1, step: "train" });
  at(12000, { type: "log", runId: "a", message: "hello" });
  at(13000, { type: "run-end", runId: "a", cached: false });
  at(14000, { type: "run-end", runId: "b", cached: false });
  const times = clock.times();
  // the base model's build ends at its last step (10 of 10), not at the next event
  assert.deepEqual(times.seconds, { "base model": 3, evaluate: 2, score: 4, train: 10 });
  assert.equal(times.total, 19);
  assert.equal(formatStepTimes(times), "time by step: train 53% (10 s), score 21% (4 s), base model 16% (3 s), evaluate 11% (2 s)");
});
