/**
 * Per-criterion options, from the run config's `criterionOptions` (each criterion declares the ones
 * it reads in its `options`, and validation refuses the rest):
 * - `rewardModel`: the judge model `reward` asks (`POST /v1/reward`); required by `reward`.
 * - `judgeThreshold`: `llm-judge-hard` keeps seeds scored <= this (default 5 on the 1..10 scale).
 * - `judgeMaxTokens`: completion limit of a judge call (default 256; lion's teacher answer 1024).
 * - `lionHardFraction`: share of lion's m seeds taken from the hard ones (default 0.75).
 * A plug-in criterion declares its own in `Criterion.options` and reads them by name.
 */
export interface CriterionOptions {
  /** A registered criterion's own options (validated against its `options` before a run starts). */
  [option: string]: unknown;
  rewardModel?: string;
  judgeThreshold?: number;
  judgeMaxTokens?: number;
  lionHardFraction?: number;
}
