/** The arith world: procedurally generated arithmetic word problems. */
export { ARITH_KINDS, MAX_DIGITS, MAX_STEPS, minSteps, isArithKind, readArithShape } from "./kinds.js";
export type { ArithKind, ArithOp, ArithShape, ArithMeta } from "./kinds.js";
export { makeArithProblem } from "./problem.js";
export type { ArithProblem } from "./problem.js";
export { gradeArith, extractFinalNumber, integerValue } from "./grade.js";
export { arithTask, arithCompletion } from "./task.js";
export { makeArithWorld, resolveArithOptions, apportion, DEFAULT_POOL_MIX } from "./world.js";
export type { ArithWorldOptions, ArithMix, ResolvedArithOptions } from "./world.js";
export { arithBaseExamples } from "./base.js";
export { ProceduralTeacher } from "./teacher.js";
export type { ProceduralTeacherOptions } from "./teacher.js";
export type { ArithBaseOptions } from "./base.js";
