import type { Criterion } from "./types.js";
import { ownAnswerScores } from "./own-answer.js";

/**
 * `margin`: the mean gap between the two likeliest next tokens, p(top-1) - p(top-2), over the
 * student's own greedy answer; smallest first (margin sampling, Scheffer et al. 2001): the seeds
 * where the student was torn between two continuations. Costs as `entropy`: one generation and one
 * forward pass per seed.
 */
export const marginCriterion: Criterion = {
  name: "margin",
  order: "asc",
  costs: { studentGenerate: true, studentScore: true, embeddings: false, teacherTokens: false },
  score: (context) =>
    ownAnswerScores(context, "margin", (r) => {
      if (!Number.isFinite(r.meanMargin)) throw new Error("margin: the student server sent no mean_margin (update gpu-server/)");
      return r.meanMargin;
    }),
};
