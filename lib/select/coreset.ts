import type { Criterion, CriterionContext } from "./types.js";
import { kCenterGreedy } from "./vectors.js";

/**
 * `coreset` (Sener & Savarese 2018): greedy k-center over the student's `/v1/embeddings` of the
 * seed prompts (mean final hidden state under the current model). The centers start as the seeds
 * this run selected in earlier iterations (`store.listSelections`), so each iteration covers what
 * is still far from everything already regenerated; in the first iteration the first pick is
 * drawn by the seeded RNG. Score of a pick = its distance to the nearest center when picked.
 * Costs: one student embedding per seed; no generation, no teacher tokens.
 */
export const coresetCriterion: Criterion = {
  name: "coreset",
  order: "desc",
  costs: { studentGenerate: false, studentScore: false, embeddings: true, teacherTokens: false },
  async score(context) {
    const picks = await coresetPicks(context, context.seeds.length);
    return new Map(picks.map((p) => [p.id, p.score]));
  },
  select: coresetPicks,
};

async function coresetPicks(context: CriterionContext, m: number): Promise<{ id: string; score: number }[]> {
  const vectors = await context.student.embed(context.model, context.seeds.map((s) => context.task.prompt(s.question)));
  const index = new Map(context.seeds.map((s, i) => [s.id, i]));
  const earlier = context.store
    .listSelections(context.runId)
    .filter((r) => r.iteration < context.iteration && index.has(r.exampleId))
    .map((r) => index.get(r.exampleId)!);
  return kCenterGreedy(vectors, m, [...new Set(earlier)], context.rng).map((p) => ({ id: context.seeds[p.index]!.id, score: p.distance }));
}
