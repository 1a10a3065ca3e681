import { entropyCriterion } from "./entropy.js";
import { gtLossCriterion } from "./gt-loss.js";
import { llm2llmCriterion } from "./llm2llm.js";
import { lossCriterion } from "./loss.js";
import { randomCriterion } from "./random.js";
import type { Criterion } from "./types.js";

const criteria = new Map<string, Criterion>();

/** Adds a criterion (later ones, judges and embedding-based, join this way). */
export function registerCriterion(criterion: Criterion): void {
  criteria.set(criterion.name, criterion);
}

for (const c of [randomCriterion, lossCriterion, gtLossCriterion, entropyCriterion, llm2llmCriterion]) registerCriterion(c);

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
