import type { Example, Task } from "../tasks/types.js";
import type { Student } from "../student/types.js";
import type { Store } from "../store/types.js";
import { inBlocks, POOL_BLOCK } from "../util/pipeline.js";

/**
 * The student's greedy answers to examples under one model. Answers already in the store are read
 * back; only the missing ones are generated, block by block (each block stored while the next is
 * on the wire, so a killed run keeps what it had), so a model answers each question once.
 */
export async function studentAnswers(student: Student, store: Store, model: string, task: Task, examples: Example[]): Promise<Map<string, string>> {
  const answers = store.getAnswers(model, examples.map((e) => e.id));
  const missing = examples.filter((e) => !answers.has(e.id));
  const found = new Array<string>(missing.length);
  await inBlocks(missing, POOL_BLOCK, async (block, offset) => {
    const texts = await student.generate(model, block.map((e) => task.prompt(e.question)), {
      maxTokens: task.maxAnswerTokens,
      stop: task.stop,
      temperature: 0,
    });
    store.putAnswers(block.map((e, i) => ({ model, exampleId: e.id, answer: (found[offset + i] = texts[i] ?? "") })));
  });
  missing.forEach((e, i) => answers.set(e.id, found[i]!));
  return answers;
}
