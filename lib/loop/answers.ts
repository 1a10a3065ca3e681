import type { Example, Task } from "../tasks/types.js";
import type { Student } from "../student/types.js";
import type { Store } from "../store/types.js";
import { inBlocks, POOL_BLOCK } from "../util/pipeline.js";

/**
 * The student's greedy answers to examples under one model. Answers already in the store are read
 * back; only the missing ones are generated (see {@link generateAnswers}), so a model answers each
 * question once.
 */
export async function studentAnswers(student: Student, store: Store, model: string, task: Task, examples: readonly Example[]): Promise<Map<string, string>> {
  const answers = store.getAnswers(model, examples.map((e) => e.id));
  await generateAnswers(student, store, model, task, examples.filter((e) => !answers.has(e.id)), answers);
  return answers;
}

/**
 * The answers to a pool for one selection step: `(subset?) => answers`. The stored answers are
 * read once (at the first call); each call generates those of `subset` (all seeds when omitted)
 * still missing and returns the map of every answer known so far. Concurrent calls should ask for
 * disjoint subsets (the loss criterion answers and scores the pool block by block this way).
 */
export function poolAnswers(student: Student, store: Store, model: string, task: Task, seeds: readonly Example[]): (subset?: readonly Example[]) => Promise<Map<string, string>> {
  let known: Map<string, string> | null = null;
  return async (subset) => {
    known ??= store.getAnswers(model); // all of the model's (its test answers too): no set of the pool's ids is built
    const have = known;
    await generateAnswers(student, store, model, task, (subset ?? seeds).filter((e) => !have.has(e.id)), have);
    return have;
  };
}

/**
 * Generates the greedy answers to `missing` block by block (each block stored while the next is on
 * the wire, so a killed run keeps what it had) and adds them to `into`, in `missing`'s order.
 */
async function generateAnswers(student: Student, store: Store, model: string, task: Task, missing: readonly Example[], into: Map<string, string>): Promise<void> {
  const found = new Array<string>(missing.length);
  await inBlocks(missing, POOL_BLOCK, async (block, offset) => {
    const texts = await student.generate(model, block.map((e) => task.prompt(e.question)), {
      maxTokens: task.maxAnswerTokens,
      stop: task.stop,
      temperature: 0,
    });
    store.putAnswers(block.map((e, i) => ({ model, exampleId: e.id, answer: (found[offset + i] = texts[i] ?? "") })));
  });
  missing.forEach((e, i) => into.set(e.id, found[i]!));
}
