/**
 * Draws one arithmetic word problem of a given shape: its numbers, its English question and
 * its one-line worked answer ("23 + 45 = 68 , 68 - 12 = 56 #### 56").
 */
import type { Rng } from "../../util/rng.js";
import type { ArithMeta, ArithOp, ArithShape } from "./kinds.js";
import { MAX_DIGITS, MAX_STEPS, minSteps } from "./kinds.js";
import {
  ADD_STEPS, CONTAINERS, ITEMS, MUL_OPENERS, OPENERS, PEOPLE, QUESTIONS_AFTER_ADD, QUESTIONS_AFTER_MUL,
  QUESTIONS_AFTER_SUB, SUB_STEPS,
} from "./words.js";

export interface ArithProblem {
  question: string;
  answer: string;
  meta: ArithMeta;
}

/** The operations of a problem: all `+` (add), all `-` (sub), both (addsub), `*` then `+`/`-` (mul). */
function drawOps(rng: Rng, shape: ArithShape): ArithOp[] {
  const { kind, steps } = shape;
  const either = (): ArithOp => rng.pick<ArithOp>(["+", "-"]);
  switch (kind) {
    case "add":
      return Array<ArithOp>(steps).fill("+");
    case "sub":
      return Array<ArithOp>(steps).fill("-");
    case "addsub": {
      const ops: ArithOp[] = ["+", "-"];
      while (ops.length < steps) ops.push(either());
      return rng.shuffle(ops);
    }
    case "mul": {
      const ops: ArithOp[] = ["*"];
      while (ops.length < steps) ops.push(either());
      return ops;
    }
  }
}

// One-digit operands start at 2, so that no question says "1 apples".
const lowest = (digits: number): number => (digits === 1 ? 2 : 10 ** (digits - 1));
const highest = (digits: number): number => 10 ** digits - 1;

/** Operands for `ops`, never going below zero; null when a draw would need a zero operand. */
function drawNumbers(rng: Rng, digits: number, ops: ArithOp[]): number[] | null {
  const numbers = [rng.int(lowest(digits), highest(digits))];
  let current = numbers[0]!;
  for (const op of ops) {
    let x: number;
    if (op === "*") x = rng.int(2, 9);
    else if (op === "+") x = rng.int(lowest(digits), highest(digits));
    else if (current >= lowest(digits)) x = rng.int(lowest(digits), Math.min(highest(digits), current));
    else if (current >= 1) x = rng.int(1, current);
    else return null;
    numbers.push(x);
    current = apply(current, op, x);
  }
  return numbers;
}

const apply = (a: number, op: ArithOp, b: number): number => (op === "+" ? a + b : op === "-" ? a - b : a * b);

/** Fills `{key}` slots of a template. */
const fill = (template: string, slots: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in slots)) throw new Error(`arith template slot {${key}} has no value`);
    return String(slots[key]);
  });

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Draws a problem of `shape` from `rng` (every choice goes through it, so the same rng state
 * gives the same problem).
 * @throws when the shape is out of range (digits 1..3, steps minSteps(kind)..3).
 * @example
 * makeArithProblem(makeRng(1), { kind: "add", digits: 2, steps: 1 })
 * // { question: "Mia starts with 91 toys. She gets 51 more. How many toys does she have altogether?",
 * //   answer: "91 + 51 = 142 #### 142",
 * //   meta: { kind: "add", digits: 2, steps: 1, numbers: [91, 51], ops: ["+"], result: 142 } }
 */
export function makeArithProblem(rng: Rng, shape: ArithShape): ArithProblem {
  const { kind, digits, steps } = shape;
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) {
    throw new Error(`makeArithProblem: digits must be an integer in 1..${MAX_DIGITS}, got ${digits}`);
  }
  if (!Number.isInteger(steps) || steps < minSteps(kind) || steps > MAX_STEPS) {
    throw new Error(`makeArithProblem: steps must be an integer in ${minSteps(kind)}..${MAX_STEPS} for ${kind}, got ${steps}`);
  }
  let ops: ArithOp[] = [];
  let numbers: number[] | null = null;
  for (let attempt = 0; numbers === null; attempt++) {
    if (attempt === 100) throw new Error(`makeArithProblem: no non-negative ${kind} problem found for digits=${digits}, steps=${steps}`);
    ops = drawOps(rng, shape);
    numbers = drawNumbers(rng, digits, ops);
  }

  const person = rng.pick(PEOPLE);
  const items = rng.pick(ITEMS);
  const [box, boxes] = rng.pick(CONTAINERS);
  const pronoun = { he: person.he, He: capitalise(person.he) };
  const sentences: string[] = [];
  const lines: string[] = [];
  let current = numbers[0]!;
  ops.forEach((op, i) => {
    const x = numbers![i + 1]!;
    const next = apply(current, op, x);
    lines.push(`${current} ${op} ${x} = ${next}`);
    if (op === "*") sentences.push(fill(rng.pick(MUL_OPENERS), { N: person.name, a: current, b: x, items, box, boxes }));
    else {
      if (i === 0) sentences.push(fill(rng.pick(OPENERS), { N: person.name, a: current, items }));
      sentences.push(fill(rng.pick(op === "+" ? ADD_STEPS : SUB_STEPS), { ...pronoun, n: x }));
    }
    current = next;
  });
  const last = ops[ops.length - 1];
  const closing = last === "+" ? QUESTIONS_AFTER_ADD : last === "-" ? QUESTIONS_AFTER_SUB : QUESTIONS_AFTER_MUL;
  sentences.push(fill(rng.pick(closing), { ...pronoun, items }));

  return {
    question: sentences.join(" "),
    answer: `${lines.join(" , ")} #### ${current}`,
    meta: { kind, digits, steps, numbers, ops, result: current },
  };
}
