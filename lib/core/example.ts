/**
 * The one domain type below every other module: tasks, teachers, the loop and the store all pass
 * examples around, so it lives here, where the teacher can use it without importing the tasks.
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
