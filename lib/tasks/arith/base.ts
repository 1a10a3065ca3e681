/**
 * Examples to pretrain the tiny student's base on part of the world (the easy kinds), the way a
 * real student is a pretrained LM that already knows some of what it will be tested on.
 */
import type { Example } from "../types.js";
import type { ArithKind } from "./kinds.js";
import { ARITH_KINDS, MAX_DIGITS, isArithKind } from "./kinds.js";
import { checkSteps, drawArithExamples } from "./world.js";

export interface ArithBaseOptions {
  /** Kinds to cover, in equal numbers. */
  kinds: ArithKind[];
  /** Number of examples. */
  n: number;
  seed: number;
  /** Digits of the operands, 1..3. Default 2. */
  digits?: number;
  /** Steps range. Default { min: 1, max: 1 }. */
  steps?: { min: number; max: number };
  /** Questions to avoid (pass the world's test questions to keep them out of pretraining). */
  exclude?: Iterable<string>;
}

/**
 * Base-pretraining examples, ids `arith/v1/base/s<seed>/00000`..., drawn from a stream of their
 * own (never the pool's or the test set's draws), kinds in equal numbers and shuffled.
 * @throws naming the option when one is out of range.
 * @example arithBaseExamples({ kinds: ["add", "sub"], n: 1000, seed: 0 }).length // 1000
 */
export function arithBaseExamples(options: ArithBaseOptions): Example[] {
  const { kinds, n, seed } = options;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new Error("arithBaseExamples: option kinds must be a non-empty array");
  for (const k of kinds) {
    if (!isArithKind(k)) throw new Error(`arithBaseExamples: option kinds has unknown kind ${JSON.stringify(k)} (known: ${ARITH_KINDS.join(", ")})`);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`arithBaseExamples: option n must be an integer >= 0, got ${JSON.stringify(n)}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`arithBaseExamples: option seed must be an integer >= 0, got ${JSON.stringify(seed)}`);
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
    throw new Error(`arithBaseExamples: option digits must be an integer in 1..${MAX_DIGITS}, got ${JSON.stringify(digits)}`);
  }
  const steps = checkSteps("steps", options.steps ?? { min: 1, max: 1 });
  return drawArithExamples({
    stream: "base", seed, n, digits, steps,
    mix: Object.fromEntries(kinds.map((k) => [k, 1])),
    id: (i) => `arith/v1/base/s${seed}/${String(i).padStart(5, "0")}`,
    taken: new Set(options.exclude ?? []),
  });
}
