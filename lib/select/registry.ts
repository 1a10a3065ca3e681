import { badgeCriterion } from "./badge.js";
import { coresetCriterion } from "./coreset.js";
import { entropyCriterion } from "./entropy.js";
import { gtLossCriterion } from "./gt-loss.js";
import { lionCriterion } from "./lion.js";
import { llmJudgeCriterion, llmJudgeHardCriterion } from "./llm-judge.js";
import { llm2llmCriterion } from "./llm2llm.js";
import { lossCriterion } from "./loss.js";
import { marginCriterion } from "./margin.js";
import { randomCriterion } from "./random.js";
import { rewardCriterion } from "./reward.js";
import type { Criterion } from "./types.js";

const criteria = new Map<string, Criterion>();

/** Adds a criterion (later ones, judges and embedding-based, join this way). */
export function registerCriterion(criterion: Criterion): void {
  criteria.set(criterion.name, criterion);
}

const builtIn = [
  randomCriterion, lossCriterion, gtLossCriterion, entropyCriterion, llm2llmCriterion,
  rewardCriterion, llmJudgeCriterion, llmJudgeHardCriterion, lionCriterion, badgeCriterion, coresetCriterion, marginCriterion,
];
for (const c of builtIn) registerCriterion(c);

/** Names of every registered criterion. */
export function criterionNames(): string[] {
  return [...criteria.keys()];
}

/** The criterion with that name. @throws naming the known ones when it is unknown. */
export function getCriterion(name: string): Criterion {
  const c = criteria.get(name);
  if (!c) throw new Error(`unknown criterion "${name}"; known: ${criterionNames().join(", ")}`);
  return c;
}
