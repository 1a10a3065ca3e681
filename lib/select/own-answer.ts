import { answerPair } from "../tasks/pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { CriterionContext } from "./types.js";
import type { ScoreResult } from "../student/types.js";

/**
 * Scores every seed by a statistic of the student's own greedy answer under the current model
 * (`loss`: mean NLL, `entropy`: mean token entropy), cached in the store under `criterion`.
 */
export async function ownAnswerScores(context: CriterionContext, criterion: string, pick: (r: ScoreResult) => number): Promise<Map<string, number>> {
  const answers = await context.answers();
  const byId = new Map(context.seeds.map((s) => [s.id, s]));
  return cachedStudentScores(context, criterion, (id) => answerPair(context.task, byId.get(id)!.question, answers.get(id) ?? ""), pick);
}
