import type { CriterionContext } from "./types.js";
import type { ScoreItem, ScoreResult } from "../student/types.js";
import type { ScoreRow } from "../store/types.js";
import type { Example } from "../tasks/types.js";
import { inBlocks, POOL_BLOCK } from "../util/pipeline.js";
import { SeedScores } from "./seed-scores.js";

/**
 * Scores every seed with the student under a criterion name, reading cached values from the store
 * and computing (then storing) only the missing ones, block by block (each block stored while the
 * next is on the wire). `pick` turns the server's result into the criterion's value; `extra` keeps
 * the other fields for analysis. The scores come back in the pool's order ({@link SeedScores}).
 */
export async function cachedStudentScores(
  context: CriterionContext,
  criterion: string,
  pairFor: (seed: Example) => ScoreItem,
  pick: (result: ScoreResult) => number,
  /** Called with each block's seeds before their pairs are built (e.g. to answer them). */
  prepare?: (seeds: Example[]) => Promise<void>,
): Promise<SeedScores> {
  const { seeds } = context;
  const column = new Float64Array(seeds.length);
  // a checkpoint the loop has just trained has no stored score: then no id is looked up
  const cached = context.store.getScores(context.model, criterion);
  const missing: number[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const row = cached.size === 0 ? undefined : cached.get(seeds[i]!.id);
    if (row) column[i] = row.value;
    else missing.push(i);
  }
  await inBlocks(missing, POOL_BLOCK, async (block) => {
    const blockSeeds = block.map((i) => seeds[i]!);
    await prepare?.(blockSeeds);
    const results = await context.student.score(context.model, blockSeeds.map(pairFor));
    const rows = blockSeeds.map((seed, k): ScoreRow => {
      const r = results[k]!;
      const value = (column[block[k]!] = pick(r));
      return { exampleId: seed.id, model: context.model, criterion, value, extra: { meanNll: r.meanNll, sumNll: r.sumNll, tokens: r.tokens, meanEntropy: r.meanEntropy } };
    });
    context.store.putScores(rows);
  });
  return new SeedScores(seeds, column);
}
