import { answerPair } from "../tasks/pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { SeedScores } from "./seed-scores.js";
import type { CriterionContext } from "./types.js";
import type { ScoreResult } from "../student/types.js";
import type { Example } from "../tasks/types.js";

/**
 * Scores every seed by a statistic of the student's own greedy answer under the current model
 * (`loss`: mean NLL, `entropy`: mean token entropy), cached in the store under `criterion`. Only
 * the seeds without a stored score are answered (or read back) and scored.
 */
export async function ownAnswerScores(context: CriterionContext, criterion: string, pick: (r: ScoreResult) => number): Promise<SeedScores> {
  let answers = new Map<string, string>();
  // each block of unscored seeds is answered, then scored, while the next block is being answered
  const answerBlock = async (seeds: Example[]) => void (answers = await context.answers(seeds));
  return cachedStudentScores(context, criterion, (seed) => answerPair(context.task, seed.question, answers.get(seed.id) ?? ""), pick, answerBlock);
}
