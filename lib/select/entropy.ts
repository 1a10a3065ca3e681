import { ownAnswerScores } from "./own-answer.js";
import type { Criterion } from "./types.js";

/** `entropy`: mean next-token entropy over the student's own answer, high first (classic uncertainty sampling). */
export const entropyCriterion: Criterion = {
  name: "entropy",
  order: "desc",
  costs: { studentGenerate: true, studentScore: true, embeddings: false, teacherTokens: false },
  score: (context) => ownAnswerScores(context, "entropy", (r) => r.meanEntropy),
};
