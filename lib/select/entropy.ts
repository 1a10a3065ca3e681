import { answerPair } from "./pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { Criterion } from "./types.js";

/** `entropy`: mean next-token entropy over the student's own answer, high first (classic uncertainty sampling). */
export const entropyCriterion: Criterion = {
  name: "entropy",
  order: "desc",
  costs: { studentGenerate: true, studentScore: true, embeddings: false, teacherTokens: false },
  async score(context) {
    const answers = await context.answers();
    const byId = new Map(context.seeds.map((s) => [s.id, s]));
    return cachedStudentScores(
      context,
      "entropy",
      (id) => answerPair(context.task, byId.get(id)!.question, answers.get(id) ?? ""),
      (r) => r.meanEntropy,
    );
  },
};
