/**
 * The knobs every dataset's procedural teacher shares (ProceduralTeacherKnobs, checked), and the
 * two draws each generation makes first, in the same order as the arith world's ProceduralTeacher:
 * whether it fails (failureRate), then whether it is simpler, harder or the same as its seed.
 */
import type { Rng } from "../util/rng.js";
import type { ProceduralTeacherKnobs } from "./plugin.js";

/** A generation's difficulty relative to its seed. */
export type Variant = "same" | "simpler" | "harder";

/** Checked knobs, defaults filled in. */
export interface Knobs {
  pSimpler: number;
  pHarder: number;
  failureRate: number;
}

function probability(who: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new Error(`${who}: option ${name} must be a number in [0, 1], got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Fills in the defaults (pSimpler 0.1, pHarder 0.1, failureRate 0) and checks the knobs.
 * @throws naming the teacher and the option when one is not in [0, 1] or pSimpler + pHarder > 1.
 * @example checkKnobs("Game24Teacher", { pHarder: 0.2 }) // { pSimpler: 0.1, pHarder: 0.2, failureRate: 0 }
 */
export function checkKnobs(who: string, knobs: ProceduralTeacherKnobs = {}): Knobs {
  const pSimpler = probability(who, "pSimpler", knobs.pSimpler ?? 0.1);
  const pHarder = probability(who, "pHarder", knobs.pHarder ?? 0.1);
  const failureRate = probability(who, "failureRate", knobs.failureRate ?? 0);
  if (pSimpler + pHarder > 1) throw new Error(`${who}: options pSimpler + pHarder must be at most 1, got ${pSimpler} + ${pHarder}`);
  return { pSimpler, pHarder, failureRate };
}

/**
 * The first two draws of a generation: `fail` (true with probability failureRate) and the wanted
 * variant. Both numbers are drawn whatever the knobs, so changing failureRate does not move the
 * samples that do not fail.
 * @example firstDraws(makeRng(1), { pSimpler: 0, pHarder: 0, failureRate: 0 }) // { fail: false, variant: "same" }
 */
export function firstDraws(rng: Rng, knobs: Knobs): { fail: boolean; variant: Variant } {
  const failDraw = rng.next();
  const variantDraw = rng.next();
  const variant: Variant = variantDraw < knobs.pSimpler ? "simpler" : variantDraw < knobs.pSimpler + knobs.pHarder ? "harder" : "same";
  return { fail: failDraw < knobs.failureRate, variant };
}

/**
 * The level one step simpler or harder than `level` on a scale 0..levels.length-1 where a higher
 * index is harder, and the variant that was actually made ("same" at either end of the scale).
 * @example stepLevel(["many", "some", "few"], "few", "harder") // { level: "few", variant: "same" }
 */
export function stepLevel<T>(levels: readonly T[], level: T, variant: Variant): { level: T; variant: Variant } {
  const at = levels.indexOf(level);
  const to = variant === "simpler" ? at - 1 : variant === "harder" ? at + 1 : at;
  return at >= 0 && to >= 0 && to < levels.length && to !== at ? { level: levels[to]!, variant } : { level, variant: "same" };
}
