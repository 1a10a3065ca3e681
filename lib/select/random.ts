import { noCosts, type Criterion } from "./types.js";

/** `random`: every seed scores the same; the seeded tie-break makes the choice uniform. The baseline. */
export const randomCriterion: Criterion = {
  name: "random",
  order: "desc",
  costs: noCosts,
  async score(context) {
    return new Map(context.seeds.map((s) => [s.id, 0]));
  },
};
