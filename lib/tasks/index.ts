/**
 * Public exports of the tasks module, listed by hand.
 */
// registry
export { loadTask, grade, getTask, taskNames, registerTask, getTaskPlugin } from "./registry.js";
export { resolveDataDir, defaultDataDir, DATA_ENV, type LoadTaskOptions } from "./options.js";
export { DataError } from "./jsonl.js";
// GSM8K
export { gsm8kTask, loadGsm8k, extractGsm8kAnswer, gradeGsm8k } from "./gsm8k.js";
export { canonicalNumber } from "./numbers.js";
// MATH
export { mathTask, loadMath, gradeMath, lastBoxed, normalizeMathAnswer, mathEquivalent } from "./math/index.js";
// Game of 24
export { game24Task, loadGame24, gradeGame24, extractGame24Expression, parseExpression, solveGame24 } from "./game24/index.js";
// logic sets
export { extractLabel, extractOption } from "./logic/extract.js";
export { prontoqaTask, loadProntoqa } from "./logic/prontoqa.js";
export { proofwriterTask, loadProofwriter } from "./logic/proofwriter.js";
export { logicalDeductionTask, loadLogicalDeduction } from "./logic/logical-deduction.js";
export { folioTask, loadFolio } from "./logic/folio.js";
export { logiqaTask, loadLogiqa } from "./logic/logiqa.js";
