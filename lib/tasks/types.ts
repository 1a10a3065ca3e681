/**
 * Domain types of tasks: graders, tasks and their data. `Example` lives in lib/core (the teacher
 * uses it too) and is re-exported here.
 */
import type { Example } from "../core/example.js";

export type { Example };

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
