import { answerPair } from "./pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { Criterion } from "./types.js";

/**
 * `loss`: the mean token NLL of the student's own greedy answer given the question, high first:
 * the seeds the student is least sure about. The paper's best criterion (cheap: one generation and
 * one forward pass per seed).
 */
export const lossCriterion: Criterion = {
  name: "loss",
  order: "desc",
  costs: { studentGenerate: true, studentScore: true, embeddings: false, teacherTokens: false },
  async score(context) {
    const answers = await context.answers();
    const byId = new Map(context.seeds.map((s) => [s.id, s]));
    return cachedStudentScores(
      context,
      "loss",
      (id) => answerPair(context.task, byId.get(id)!.question, answers.get(id) ?? ""),
      (r) => r.meanNll,
    );
  },
};
