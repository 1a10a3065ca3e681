import type { Criterion } from "./types.js";

/**
 * `llm2llm` (Lee et al. 2024): seeds the student answered wrongly, by the task's grader. Score 1
 * for a wrong answer, 0 for a right one; with fewer wrong seeds than m, the rest are drawn at random
 * from the right ones (the seeded tie-break), so every iteration spends the same budget.
 */
export const llm2llmCriterion: Criterion = {
  name: "llm2llm",
  order: "desc",
  costs: { studentGenerate: true, studentScore: false, embeddings: false, teacherTokens: false },
  async score(context) {
    const answers = await context.answers();
    const out = new Map<string, number>();
    const rows = [];
    for (const seed of context.seeds) {
      const wrong = context.task.grade(answers.get(seed.id) ?? "", seed).correct ? 0 : 1;
      out.set(seed.id, wrong);
      rows.push({ exampleId: seed.id, model: context.model, criterion: "llm2llm", value: wrong });
    }
    context.store.putScores(rows);
    return out;
  },
};
