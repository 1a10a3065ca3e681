import { badgeCriterion } from "./badge.js";
import { isRequired, optionDefault, optionDoc } from "../util/option-schema.js";
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

/**
 * The registered criteria as a markdown table (what the README shows, checked by a test): score
 * order, what scoring the pool costs per seed, and the `criterionOptions` each reads.
 */
export function criteriaTable(): string {
  const cost = (c: Criterion): string => {
    const k = c.costs;
    const parts = [
      k.studentGenerate ? "student answer" : "", k.studentScore ? "forward pass" : "", k.embeddings ? "embedding" : "",
      k.reward ? "reward pass" : "", k.teacherCallsPerSeed ? `${k.teacherCallsPerSeed} teacher call${k.teacherCallsPerSeed > 1 ? "s" : ""}` : "",
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(", ") : "none";
  };
  const options = (c: Criterion): string =>
    Object.entries(c.options ?? {})
      .map(([name, o]) => `\`${name}\`${isRequired(o) ? " (required)" : optionDefault(o) !== undefined ? ` = ${String(optionDefault(o))}` : ""}: ${optionDoc(o)}`)
      .join("; ") || "";
  const rows = criterionNames().map((n) => {
    const c = getCriterion(n);
    const order = n === "random" ? "random" : c.order === "desc" ? "high first" : "low first";
    return `| \`${n}\` | ${order}${c.select ? " (selects a set)" : ""} | ${cost(c)} | ${options(c)} |`;
  });
  return ["| criterion | picks | costs per seed and iteration | criterionOptions |", "|---|---|---|---|", ...rows].join("\n");
}
