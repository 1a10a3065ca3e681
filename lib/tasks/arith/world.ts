/**
 * The arith world: a seed pool skewed toward easy kinds and a balanced held-out test set,
 * both drawn deterministically from one seed.
 */
import { makeRng, mixSeed } from "../../util/rng.js";
import type { Example, TaskData } from "../types.js";
import type { ArithKind, ArithShape } from "./kinds.js";
import { ARITH_KINDS, MAX_DIGITS, MAX_STEPS, isArithKind, minSteps } from "./kinds.js";
import { makeArithProblem } from "./problem.js";
import { arithTask } from "./task.js";

/** Weights per kind; kinds left out (or 0) are not drawn. */
export type ArithMix = Partial<Record<ArithKind, number>>;

export interface ArithWorldOptions {
  /** Seed of every draw. Default 0. */
  seed?: number;
  /** Number of seed examples (the pool D0). Default 2000. */
  poolSize?: number;
  /** Number of test examples. Default 400. */
  testSize?: number;
  /** Kind weights of the pool; counts are apportioned exactly. Default { add: 0.45, sub: 0.45, mul: 0.1 }. */
  poolMix?: ArithMix;
  /** Kind weights of the test set. Default: equal weights over the kinds `poolMix` draws. */
  testMix?: ArithMix;
  /** Digits of the operands, 1..3. Default 2. */
  digits?: number;
  /** Range of steps drawn uniformly per example, within 1..3; raised to 2 for `addsub`. Default { min: 1, max: 1 }. */
  steps?: { min: number; max: number };
}

export const DEFAULT_POOL_MIX: Readonly<ArithMix> = { add: 0.45, sub: 0.45, mul: 0.1 };

/** Options with defaults filled in and checked. */
export interface ResolvedArithOptions {
  seed: number;
  poolSize: number;
  testSize: number;
  poolMix: ArithMix;
  testMix: ArithMix;
  digits: number;
  steps: { min: number; max: number };
}

function checkInt(name: string, value: unknown, lo: number, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < lo || value > hi) {
    const range = hi === Number.MAX_SAFE_INTEGER ? `>= ${lo}` : `in ${lo}..${hi}`;
    throw new Error(`arith: option ${name} must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks a mix and returns it; throws naming the option and the bad kind or weight. */
export function checkMix(name: string, mix: unknown): ArithMix {
  if (!mix || typeof mix !== "object" || Array.isArray(mix)) throw new Error(`arith: option ${name} must be an object of kind weights`);
  let total = 0;
  for (const [kind, weight] of Object.entries(mix)) {
    if (!isArithKind(kind)) throw new Error(`arith: option ${name} has unknown kind ${JSON.stringify(kind)} (known: ${ARITH_KINDS.join(", ")})`);
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw new Error(`arith: option ${name}.${kind} must be a finite number >= 0, got ${JSON.stringify(weight)}`);
    }
    total += weight;
  }
  if (total <= 0) throw new Error(`arith: option ${name} must give some kind a positive weight`);
  return { ...(mix as ArithMix) };
}

/** Checks a steps range {min, max} within 1..3. */
export function checkSteps(name: string, steps: unknown): { min: number; max: number } {
  if (!steps || typeof steps !== "object") throw new Error(`arith: option ${name} must be { min, max }`);
  const { min, max } = steps as { min: unknown; max: unknown };
  checkInt(`${name}.min`, min, 1, MAX_STEPS);
  checkInt(`${name}.max`, max, 1, MAX_STEPS);
  if ((max as number) < (min as number)) throw new Error(`arith: option ${name}.max (${max}) is below ${name}.min (${min})`);
  return { min: min as number, max: max as number };
}

/** Fills in defaults and validates every option, naming the one that is wrong. */
export function resolveArithOptions(options: ArithWorldOptions = {}): ResolvedArithOptions {
  const seed = checkInt("seed", options.seed ?? 0, 0);
  const poolSize = checkInt("poolSize", options.poolSize ?? 2000, 1);
  const testSize = checkInt("testSize", options.testSize ?? 400, 0);
  const poolMix = checkMix("poolMix", options.poolMix ?? DEFAULT_POOL_MIX);
  const drawn = ARITH_KINDS.filter((k) => (poolMix[k] ?? 0) > 0);
  const testMix = checkMix("testMix", options.testMix ?? Object.fromEntries(drawn.map((k) => [k, 1])));
  const digits = checkInt("digits", options.digits ?? 2, 1, MAX_DIGITS);
  const steps = checkSteps("steps", options.steps ?? { min: 1, max: 1 });
  return { seed, poolSize, testSize, poolMix, testMix, digits, steps };
}

/**
 * Splits `n` over the kinds of `mix` in proportion to the weights (largest remainder; ties go
 * to the kind listed first in ARITH_KINDS), so that a pool of 2000 at mul 0.1 has exactly 200 mul.
 */
export function apportion(n: number, mix: ArithMix): Map<ArithKind, number> {
  const kinds = ARITH_KINDS.filter((k) => (mix[k] ?? 0) > 0);
  const total = kinds.reduce((s, k) => s + mix[k]!, 0);
  const exact = kinds.map((k) => (n * mix[k]!) / total);
  const counts = exact.map(Math.floor);
  const order = kinds.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (let r = n - counts.reduce((s, c) => s + c, 0), j = 0; r > 0; r--, j++) counts[order[j]!]!++;
  return new Map(kinds.map((k, i) => [k, counts[i]!]));
}

export interface DrawArithOptions {
  /** Stream name mixed into every seed: different streams never share draws. */
  stream: string;
  seed: number;
  n: number;
  mix: ArithMix;
  digits: number;
  steps: { min: number; max: number };
  /** Id of the i-th example. */
  id: (index: number) => string;
  /** Questions not to produce (e.g. the pool's, when drawing the test set); new questions are added. */
  taken: Set<string>;
}

/** Draws `n` examples with distinct questions, the kinds in exact proportions and shuffled. */
export function drawArithExamples(o: DrawArithOptions): Example[] {
  const counts = apportion(o.n, o.mix);
  const kinds = makeRng(mixSeed("arith/v1", o.stream, o.seed, "kinds")).shuffle(
    [...counts].flatMap(([kind, c]) => Array<ArithKind>(c).fill(kind)),
  );
  return kinds.map((kind, index) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const rng = makeRng(mixSeed("arith/v1", o.stream, o.seed, index, attempt));
      const lo = Math.max(o.steps.min, minSteps(kind));
      const shape: ArithShape = { kind, digits: o.digits, steps: rng.int(lo, Math.max(o.steps.max, lo)) };
      const p = makeArithProblem(rng, shape);
      if (o.taken.has(p.question)) continue;
      o.taken.add(p.question);
      return { id: o.id(index), task: "arith", question: p.question, answer: p.answer, kind, meta: { ...p.meta } };
    }
    throw new Error(`arith: cannot draw ${o.n} distinct ${o.stream} questions with digits=${o.digits}; lower the size or raise digits`);
  });
}

const pad = (i: number): string => String(i).padStart(5, "0");

/**
 * Makes the arith world: `seeds` (the pool, ids `arith/v1/s<seed>/seed/00000`...) and `test`
 * (ids `.../test/00000`...), with no test question equal to a pool question, no question
 * repeated, and every example's meta holding {kind, digits, steps, numbers, ops, result}.
 * Same options, same arrays.
 * @throws naming the option when one is out of range.
 * @example makeArithWorld({ seed: 1, poolSize: 100, testSize: 20 }).seeds.length // 100
 */
export function makeArithWorld(options: ArithWorldOptions = {}): TaskData {
  const o = resolveArithOptions(options);
  const taken = new Set<string>();
  const common = { seed: o.seed, digits: o.digits, steps: o.steps, taken };
  const seeds = drawArithExamples({ ...common, stream: "seed", n: o.poolSize, mix: o.poolMix, id: (i) => `arith/v1/s${o.seed}/seed/${pad(i)}` });
  const test = drawArithExamples({ ...common, stream: "test", n: o.testSize, mix: o.testMix, id: (i) => `arith/v1/s${o.seed}/test/${pad(i)}` });
  return { task: arithTask, seeds, test };
}
