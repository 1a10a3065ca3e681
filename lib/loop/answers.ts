import type { Example, Task } from "../tasks/types.js";
import type { Student } from "../student/types.js";
import type { Store } from "../store/types.js";

/**
 * The student's greedy answers to examples under one model. Answers already in the store are read
 * back; only the missing ones are generated (and stored), so a model answers each question once.
 */
export async function studentAnswers(student: Student, store: Store, model: string, task: Task, examples: Example[]): Promise<Map<string, string>> {
  const answers = store.getAnswers(model, examples.map((e) => e.id));
  const missing = examples.filter((e) => !answers.has(e.id));
  if (missing.length > 0) {
    const texts = await student.generate(model, missing.map((e) => task.prompt(e.question)), {
      maxTokens: task.maxAnswerTokens,
      stop: task.stop,
      temperature: 0,
    });
    const rows = missing.map((e, i) => ({ model, exampleId: e.id, answer: texts[i] ?? "" }));
    store.putAnswers(rows);
    for (const row of rows) answers.set(row.exampleId, row.answer);
  }
  return answers;
}
