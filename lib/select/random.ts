import { noCosts, type Criterion } from "./types.js";
import { SeedScores } from "./seed-scores.js";

/** `random`: every seed scores the same; the seeded tie-break makes the choice uniform. The baseline. */
export const randomCriterion: Criterion = {
  name: "random",
  order: "desc",
  costs: noCosts,
  async score(context) {
    return new SeedScores(context.seeds, new Float64Array(context.seeds.length));
  },
};
