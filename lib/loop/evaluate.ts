import type { Example, Task } from "../tasks/types.js";
import type { IterationRow, Store } from "../store/types.js";
import type { Student } from "../student/types.js";
import { studentAnswers } from "./answers.js";

export interface EvaluateOptions {
  store: Store;
  student: Student;
  task: Task;
  test: Example[];
  runId: string;
  iteration: number;
  model: string;
  samples: number;
  teacherTokens: number;
  costUsd: number;
}

/**
 * Grades the model's greedy answers on the test set, stores one evaluation row per test example
 * and the iteration's summary, and returns the summary.
 */
export async function evaluateIteration(options: EvaluateOptions): Promise<IterationRow> {
  const { store, task, test } = options;
  const answers = await studentAnswers(options.student, store, options.model, task, test);
  let correct = 0;
  const rows = test.map((example) => {
    const prediction = answers.get(example.id) ?? "";
    const ok = task.grade(prediction, example).correct;
    if (ok) correct++;
    return { runId: options.runId, iteration: options.iteration, model: options.model, exampleId: example.id, prediction, correct: ok };
  });
  store.putEvaluations(rows);
  const summary: IterationRow = {
    runId: options.runId,
    iteration: options.iteration,
    samples: options.samples,
    teacherTokens: options.teacherTokens,
    costUsd: options.costUsd,
    model: options.model,
    accuracy: test.length === 0 ? 0 : correct / test.length,
    testSize: test.length,
  };
  store.putIteration(summary);
  return summary;
}
