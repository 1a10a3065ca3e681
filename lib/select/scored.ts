import type { CriterionContext } from "./types.js";
import type { ScoreItem, ScoreResult } from "../student/types.js";

/**
 * Scores every seed with the student under a criterion name, reading cached values from the store
 * and computing (then storing) only the missing ones. `pick` turns the server's result into the
 * criterion's value; `extra` keeps the other fields for analysis.
 */
export async function cachedStudentScores(
  context: CriterionContext,
  criterion: string,
  pairFor: (seedId: string) => ScoreItem,
  pick: (result: ScoreResult) => number,
): Promise<Map<string, number>> {
  const ids = context.seeds.map((s) => s.id);
  const cached = context.store.getScores(context.model, criterion, ids);
  const missing = ids.filter((id) => !cached.has(id));
  const out = new Map<string, number>();
  for (const [id, row] of cached) out.set(id, row.value);
  if (missing.length > 0) {
    const results = await context.student.score(context.model, missing.map(pairFor));
    const rows = missing.map((id, i) => {
      const r = results[i]!;
      return {
        exampleId: id,
        model: context.model,
        criterion,
        value: pick(r),
        extra: { meanNll: r.meanNll, sumNll: r.sumNll, tokens: r.tokens, meanEntropy: r.meanEntropy },
      };
    });
    context.store.putScores(rows);
    for (const row of rows) out.set(row.exampleId, row.value);
  }
  return out;
}
