/** Steps of one iteration, in order. */
export type LoopStep = "answer" | "score" | "select" | "generate" | "score-samples" | "train" | "evaluate";

/** What the loop reports while it runs (the CLI turns these into progress bars). */
export type LoopEvent =
  | { type: "run-start"; runId: string; iterations: number; resumedFrom: number }
  | { type: "step"; runId: string; iteration: number; step: LoopStep; done?: number; total?: number }
  | { type: "iteration-end"; runId: string; iteration: number; samples: number; teacherTokens: number; accuracy: number; cached: boolean }
  | { type: "run-end"; runId: string; cached: boolean }
  | { type: "log"; runId: string; message: string };

export type LoopListener = (event: LoopEvent) => void;
