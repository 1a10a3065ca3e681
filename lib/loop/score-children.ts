import type { ExampleRow, Store } from "../store/types.js";
import type { Student } from "../student/types.js";
import type { Task } from "../tasks/types.js";
import { getCriterion } from "../select/registry.js";
import type { Criterion } from "../select/types.js";
import { makeRng } from "../util/rng.js";
import { studentAnswers } from "./answers.js";

/** Criteria a run scores its synthetic samples with when the config does not say (`scoreSynthetic`). */
export const SYNTHETIC_CRITERIA: readonly string[] = ["loss", "entropy", "gt-loss"];

/** The criteria named, checked to be student-side scores (no teacher call, no batch selection). */
export function syntheticCriteria(names: readonly string[], where = "scoreSynthetic"): Criterion[] {
  return names.map((name) => {
    const c = getCriterion(name);
    if (c.costs.teacherTokens || c.select) throw new Error(`${where}: criterion "${name}" is not a student-side score (it calls the teacher or selects a batch)`);
    return c;
  });
}

export interface ScoreChildrenOptions {
  store: Store;
  student: Student;
  task: Task;
  runId: string;
  iteration: number;
  /** The checkpoint that chose the seeds of this iteration (the previous iteration's model). */
  model: string;
  /** The iteration's synthetic samples. */
  children: ExampleRow[];
  criteria: readonly Criterion[];
}

/**
 * Scores one iteration's synthetic samples and their parent seeds with the checkpoint that chose
 * those seeds: the checkpoint's greedy answers, then each criterion, stored as the loop stores seed
 * scores (the scores and answers tables). This is what Figure 2 (seed score vs children's scores)
 * and Figure 3 (accuracy on the samples in score order) read. Cached: scoring again after a kill
 * computes only what is missing. Returns the number of children scored.
 */
export async function scoreChildren(options: ScoreChildrenOptions): Promise<number> {
  const { store, student, task, model, children } = options;
  if (children.length === 0) return 0;
  const parentIds = [...new Set(children.map((c) => c.parentId).filter((p): p is string => p !== null))];
  const examples = [...store.getExamples({ ids: parentIds }), ...children];
  let answers: Promise<Map<string, string>> | null = null;
  const context = {
    runId: options.runId,
    iteration: options.iteration,
    model,
    task,
    seeds: examples,
    student,
    store,
    rng: makeRng(options.iteration),
    answers: () => (answers ??= studentAnswers(student, store, model, task, examples)),
  };
  await context.answers();
  for (const criterion of options.criteria) await criterion.score(context);
  return children.length;
}
