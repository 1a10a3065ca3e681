/**
 * The offline teacher of the arith world: given a seed, it writes a new problem of the seed's
 * shape (same kind, digits, steps) with fresh numbers, occasionally simpler or harder, as an LLM
 * teacher does, and answers it correctly. It reports usage as if it were an LLM making two calls.
 */
import { makeRng, mixSeed } from "../../util/rng.js";
import type { Rng } from "../../util/rng.js";
import type { GenerateRequest, Generation, Teacher, TeacherUsage } from "../../teacher/types.js";
import { zeroUsage } from "../../teacher/types.js";
import { roughTokenCount } from "../../teacher/usage.js";
import { MAX_DIGITS, MAX_STEPS, minSteps, readArithShape } from "./kinds.js";
import type { ArithShape } from "./kinds.js";
import { makeArithProblem } from "./problem.js";
import { checkKnobs, firstDraws, type Variant } from "../procedural-knobs.js";

export interface ProceduralTeacherOptions {
  /** Probability that a sample is one step simpler than its seed (one digit or one step fewer). Default 0.1. */
  pSimpler?: number | undefined;
  /** Probability that a sample is one step harder (one digit or one step more). Default 0.1. */
  pHarder?: number | undefined;
  /** Fraction of generations that fail (after the question call), to exercise failure paths. Default 0. */
  failureRate?: number | undefined;
}

// The prompts an LLM teacher would be sent; only their token counts are used.
const QUESTION_INSTRUCTIONS =
  "Write one new math word problem like the example below: the same kind of problem, with new numbers and new words. " +
  "Reply with the problem only.\n\nExample:\n";
const ANSWER_INSTRUCTIONS =
  "Solve the problem. Write the steps on one line, then #### and the final number.\n\nProblem:\n";

/** The shape one step simpler or harder than `shape` (a random one of digits and steps that can move), or the same when none can. */
function vary(shape: ArithShape, variant: Variant, rng: Rng): { shape: ArithShape; variant: Variant } {
  if (variant === "same") return { shape, variant };
  const d = variant === "simpler" ? -1 : 1;
  const moves: ArithShape[] = [];
  const digits = shape.digits + d;
  const steps = shape.steps + d;
  if (digits >= 1 && digits <= MAX_DIGITS) moves.push({ ...shape, digits });
  if (steps >= minSteps(shape.kind) && steps <= MAX_STEPS) moves.push({ ...shape, steps });
  return moves.length ? { shape: rng.pick(moves), variant } : { shape, variant: "same" };
}

/**
 * Procedural teacher for the arith world, id `procedural/arith/v1`.
 * Deterministic: the same request (seed, sampleIndex, rngSeed) gives the same generation.
 * A seed without arith meta gives `{ ok: false }` naming the missing field, with zero usage.
 * @example
 * const seed = makeArithWorld().seeds[0]; // "Omar has 27 flowers. He buys 72 more. How many flowers does he have altogether?"
 * const sample = await new ProceduralTeacher().generate({ seed, sampleIndex: 0, rngSeed: 42 });
 * sample.ok && [sample.question, sample.answer, sample.kind] // ["Omar starts with 28 oranges. He finds 83 more. How many oranges does he have altogether?", "28 + 83 = 111 #### 111", "add"]
 * sample.usage // { calls: 2, promptTokens: 89, completionTokens: 31, costUsd: 0 }
 */
export class ProceduralTeacher implements Teacher {
  readonly id = "procedural/arith/v1";
  readonly pSimpler: number;
  readonly pHarder: number;
  readonly failureRate: number;

  constructor(options: ProceduralTeacherOptions = {}) {
    ({ pSimpler: this.pSimpler, pHarder: this.pHarder, failureRate: this.failureRate } = checkKnobs("ProceduralTeacher", options));
  }

  async generate(request: GenerateRequest): Promise<Generation> {
    return this.generateSync(request);
  }

  /** {@link generate} without the promise. */
  generateSync(request: GenerateRequest): Generation {
    const { seed, sampleIndex, rngSeed } = request;
    const shape = readArithShape(seed.meta);
    if (typeof shape === "string") {
      return { ok: false, reason: `seed ${seed.id} has no arith shape: ${shape}`, usage: zeroUsage() };
    }
    const rng = makeRng(mixSeed(this.id, rngSeed, sampleIndex, seed.id));
    const questionPrompt = `${QUESTION_INSTRUCTIONS}${seed.question}\n${seed.answer}`;
    // Both draws happen whatever the options, so changing failureRate does not move the other samples.
    const draws = firstDraws(rng, this);
    if (draws.fail) {
      const usage: TeacherUsage = { calls: 1, promptTokens: roughTokenCount(questionPrompt), completionTokens: 16, costUsd: 0 };
      return { ok: false, reason: `simulated failure (failureRate ${this.failureRate}): the question call returned no problem`, usage };
    }
    const varied = vary(shape, draws.variant, rng);
    const problem = makeArithProblem(rng, varied.shape);
    const answerPrompt = `${ANSWER_INSTRUCTIONS}${problem.question}`;
    const usage: TeacherUsage = {
      calls: 2,
      promptTokens: roughTokenCount(questionPrompt) + roughTokenCount(answerPrompt),
      completionTokens: roughTokenCount(problem.question) + roughTokenCount(problem.answer),
      costUsd: 0,
    };
    return {
      ok: true,
      question: problem.question,
      answer: problem.answer,
      kind: problem.meta.kind,
      usage,
      meta: { ...problem.meta, variant: varied.variant },
    };
  }
}
