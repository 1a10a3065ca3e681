/**
 * Domain types shared by tasks, teachers, the loop and the store.
 */

/** One question with its reference (worked) answer. Seeds, test items and synthetic samples all use it. */
export interface Example {
  /** Stable id, unique in a store, e.g. `arith/v1/s7/seed/00042`. */
  id: string;
  /** Task name, e.g. `arith`, `gsm8k`. */
  task: string;
  question: string;
  /** Reference answer: a worked solution that ends with the final result in the task's format. */
  answer: string;
  /** Sub-type used for analysis (arith: `add`, `sub`, `mul`...; MATH: subject). */
  kind?: string;
  /** Free-form, JSON-serialisable extras (difficulty knobs, source file and line...). */
  meta?: Record<string, unknown>;
}

/** What a grader returns: whether the prediction is right, and what it read as the final answer. */
export interface GradeResult {
  correct: boolean;
  /** The final answer extracted from the prediction, or null when none could be read. */
  extracted: string | null;
}

/** A task: how its questions are shown to the student and how answers are graded. */
export interface Task {
  readonly name: string;
  /** Version of the prompt format; part of every cache key that renders a prompt. */
  readonly promptVersion: string;
  /** The text the student is conditioned on for a question (its completion is the answer). */
  prompt(question: string): string;
  /** Stop sequences for the student's generation. */
  readonly stop: string[];
  /** Upper bound on answer tokens the student may generate. */
  readonly maxAnswerTokens: number;
  /** Grades a prediction against a reference example. */
  grade(prediction: string, reference: Example): GradeResult;
}

/** A task together with its data: the seed pool D0 and the held-out test set. */
export interface TaskData {
  task: Task;
  seeds: Example[];
  test: Example[];
}
