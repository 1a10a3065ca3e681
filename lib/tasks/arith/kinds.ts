/**
 * The arith world's kinds of problem and the shape of one problem (kind, digits, steps).
 */

/** `add` a + b, `sub` a - b (never negative), `addsub` a + b - c, `mul` a * b with b one digit. */
export type ArithKind = "add" | "sub" | "addsub" | "mul";
export type ArithOp = "+" | "-" | "*";

export const ARITH_KINDS: readonly ArithKind[] = ["add", "sub", "addsub", "mul"];

/** Digits of an operand range over 1..MAX_DIGITS (3 keeps a 3-step answer under 48 tokens). */
export const MAX_DIGITS = 3;
/** Steps (operations) range over 1..MAX_STEPS. */
export const MAX_STEPS = 3;

/** The fewest steps a kind can have: `addsub` needs one addition and one subtraction. */
export const minSteps = (kind: ArithKind): number => (kind === "addsub" ? 2 : 1);

/** What a teacher copies from a seed to write "one of the same shape". */
export interface ArithShape {
  kind: ArithKind;
  /** Digits of the operands (the one-digit multiplier of `mul` excepted). */
  digits: number;
  /** Number of operations: 1 is `a + b`, 2 is `a + b + c`... */
  steps: number;
}

/** What every arith example records in `meta`. */
export interface ArithMeta extends ArithShape {
  /** Operands in order: `numbers[0] ops[0] numbers[1] ops[1] ...` evaluated left to right. */
  numbers: number[];
  ops: ArithOp[];
  /** The final number. */
  result: number;
}

export const isArithKind = (value: unknown): value is ArithKind =>
  typeof value === "string" && (ARITH_KINDS as readonly string[]).includes(value);

/**
 * Reads the shape out of an example's meta.
 * @returns the shape, or a string saying which field is missing or wrong.
 * @example readArithShape({ kind: "add", digits: 2, steps: 1 }) // { kind: "add", digits: 2, steps: 1 }
 * @example readArithShape({ kind: "add" }) // 'meta.digits is missing'
 */
export function readArithShape(meta: Record<string, unknown> | undefined | null): ArithShape | string {
  if (!meta || typeof meta !== "object") return "meta is missing";
  const { kind, digits, steps } = meta;
  if (kind === undefined) return "meta.kind is missing";
  if (!isArithKind(kind)) return `meta.kind ${JSON.stringify(kind)} is not an arith kind (${ARITH_KINDS.join(", ")})`;
  if (digits === undefined) return "meta.digits is missing";
  if (!Number.isInteger(digits) || (digits as number) < 1 || (digits as number) > MAX_DIGITS) {
    return `meta.digits must be an integer in 1..${MAX_DIGITS}, got ${JSON.stringify(digits)}`;
  }
  if (steps === undefined) return "meta.steps is missing";
  if (!Number.isInteger(steps) || (steps as number) < minSteps(kind) || (steps as number) > MAX_STEPS) {
    return `meta.steps must be an integer in ${minSteps(kind)}..${MAX_STEPS} for ${kind}, got ${JSON.stringify(steps)}`;
  }
  return { kind, digits: digits as number, steps: steps as number };
}
