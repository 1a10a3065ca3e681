import { ownAnswerScores } from "./own-answer.js";
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
  score: (context) => ownAnswerScores(context, "loss", (r) => r.meanNll),
};
