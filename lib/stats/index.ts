/** Public API of lib/stats: pure statistics for the paper's analyses. Listed by hand. */

// Ranks and correlation
export { rank } from "./rank.js";
export { spearman } from "./spearman.js";
export type { NanPolicy, SpearmanOptions, SpearmanResult } from "./spearman.js";

// Special functions
export { logGamma, logBeta } from "./log-gamma.js";
export { regularizedIncompleteBeta } from "./incomplete-beta.js";
export { studentTTwoSided } from "./student-t.js";

// Resampling and quantiles
export { bootstrapCI } from "./bootstrap-ci.js";
export type { BootstrapOptions, ConfidenceInterval } from "./bootstrap-ci.js";
export { quantileSorted } from "./quantile-sorted.js";
export { normalizedAuc } from "./curve.js";

// Analyses of the paper
export { cumulativeAccuracyDelta } from "./cumulative-accuracy-delta.js";
export type {
  CumulativeAccuracyDelta,
  CumulativeAccuracyDeltaInput,
  CumulativeAccuracyPoint,
} from "./cumulative-accuracy-delta.js";
export { learningCurves } from "./learning-curves.js";
export type {
  LearningCurve,
  LearningCurvePoint,
  LearningCurvesOptions,
  LearningPoint,
  SeedSeries,
} from "./learning-curves.js";
export { efficiencyRatio } from "./efficiency-ratio.js";
export type { EfficiencyRatio, EfficiencyRatioOptions, RatioEstimate } from "./efficiency-ratio.js";
export { winrateMatrix } from "./winrate-matrix.js";
export type { WinrateCell, WinrateMatrix, WinrateOptions, WinrateOverall } from "./winrate-matrix.js";
export { fidelity } from "./fidelity.js";
export type { Fidelity, FidelityGroup, FidelityInput } from "./fidelity.js";
