import { mathHashTemplate } from "../math-hash.js";
import { intOption, objectOption, type TaskPlugin } from "../plugin.js";
import { arithBaseExamples } from "./base.js";
import { ARITH_KINDS, MAX_DIGITS, type ArithKind } from "./kinds.js";
import { arithTask } from "./task.js";
import { ProceduralTeacher } from "./teacher.js";
import { makeArithWorld, type ArithWorldOptions } from "./world.js";

/**
 * The embedded arith world as a plug-in unit: procedural pool and test set, the procedural teacher
 * (no model, no key), and base data for the pretrained tiny student.
 */
export const arithPlugin: TaskPlugin = {
  task: arithTask,
  load: (options) => makeArithWorld(options as ArithWorldOptions),
  options: {
    seed: intOption("seed of every draw (default 0)", 0),
    poolSize: intOption("seed examples in the pool (default 2000)", 1),
    testSize: intOption("test examples (default 400)", 0),
    poolMix: objectOption('kind weights of the pool, e.g. { "add": 0.45, "sub": 0.45, "mul": 0.1 } (the default)'),
    testMix: objectOption("kind weights of the test set (default: equal over the pool's kinds)"),
    digits: intOption("digits of the operands (default 2)", 1, MAX_DIGITS),
    steps: objectOption("range of steps per example, { min, max } within 1..3 (default { min: 1, max: 1 })"),
  },
  teacherTemplate: mathHashTemplate,
  proceduralTeacher: (knobs) => new ProceduralTeacher(knobs),
  baseData: (request, taskOptions) => {
    const world = taskOptions as ArithWorldOptions;
    return arithBaseExamples({
      kinds: (request.kinds ?? ["add", "sub"]) as ArithKind[],
      n: request.examples,
      seed: request.seed ?? 0,
      ...(world.digits !== undefined ? { digits: world.digits } : {}),
    });
  },
  kinds: ARITH_KINDS,
};
