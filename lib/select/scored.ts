import type { CriterionContext } from "./types.js";
import type { ScoreItem, ScoreResult } from "../student/types.js";
import type { ScoreRow } from "../store/types.js";
import type { Example } from "../tasks/types.js";
import { inBlocks, POOL_BLOCK } from "../util/pipeline.js";

/**
 * Scores every seed with the student under a criterion name, reading cached values from the store
 * and computing (then storing) only the missing ones, block by block (each block stored while the
 * next is on the wire). `pick` turns the server's result into the criterion's value; `extra` keeps
 * the other fields for analysis.
 */
export async function cachedStudentScores(
  context: CriterionContext,
  criterion: string,
  pairFor: (seed: Example) => ScoreItem,
  pick: (result: ScoreResult) => number,
  /** Called with each block's seeds before their pairs are built (e.g. to answer them). */
  prepare?: (seeds: Example[]) => Promise<void>,
): Promise<Map<string, number>> {
  const ids = context.seeds.map((s) => s.id);
  const cached = context.store.getScores(context.model, criterion, ids);
  const missing = cached.size === 0 ? context.seeds : context.seeds.filter((s) => !cached.has(s.id));
  const out = new Map<string, number>();
  for (const [id, row] of cached) out.set(id, row.value);
  const values = new Float64Array(missing.length);
  await inBlocks(missing, POOL_BLOCK, async (block, offset) => {
    await prepare?.(block);
    const results = await context.student.score(context.model, block.map(pairFor));
    const rows = block.map((seed, i): ScoreRow => {
      const r = results[i]!;
      const value = (values[offset + i] = pick(r));
      return { exampleId: seed.id, model: context.model, criterion, value, extra: { meanNll: r.meanNll, sumNll: r.sumNll, tokens: r.tokens, meanEntropy: r.meanEntropy } };
    });
    context.store.putScores(rows);
  });
  missing.forEach((seed, i) => out.set(seed.id, values[i]!));
  return out;
}
