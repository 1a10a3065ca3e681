import { trainingPair } from "../tasks/pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { Criterion } from "./types.js";

/** `gt-loss`: the mean token NLL of the seed's gold answer under the student, high first. Needs no generation. */
export const gtLossCriterion: Criterion = {
  name: "gt-loss",
  order: "desc",
  costs: { studentGenerate: false, studentScore: true, embeddings: false, teacherTokens: false },
  async score(context) {
    return cachedStudentScores(context, "gt-loss", (seed) => trainingPair(context.task, seed), (r) => r.meanNll);
  },
};
