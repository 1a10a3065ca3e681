/**
 * The knobs every dataset's procedural teacher shares (ProceduralTeacherKnobs, checked), and the
 * two draws each generation makes first, in the same order as the arith world's ProceduralTeacher:
 * whether it fails (failureRate), then whether it is simpler, harder or the same as its seed.
 */
import { z } from "zod";
import { makeRng, mixSeed, type Rng } from "../util/rng.js";
import { roughTokenCount } from "../teacher/usage.js";
import type { GenerateRequest, Generation } from "../teacher/types.js";
import { numberField } from "../util/schema-fields.js";

/** A generation's difficulty relative to its seed. */
export type Variant = "same" | "simpler" | "harder";

/** The knobs, declared once: the run config's procedural teacher (`teacher.pSimpler`...) joins these. */
export const proceduralKnobsShape = {
  pSimpler: numberField(0, 1).optional().meta({ description: "share of children one step simpler than their seed (default 0.1)" }),
  pHarder: numberField(0, 1).optional().meta({ description: "share of children one step harder than their seed (default 0.1)" }),
  failureRate: numberField(0, 1).optional().meta({ description: "share of generations that fail, as a flaky teacher's would (default 0)" }),
};
const knobsSchema = z.object(proceduralKnobsShape);

/** The knobs of a procedural teacher (see ProceduralTeacher). */
export type ProceduralTeacherKnobs = z.input<typeof knobsSchema>;

/** Checked knobs, defaults filled in. */
export interface Knobs {
  pSimpler: number;
  pHarder: number;
  failureRate: number;
}

/** pSimpler + pHarder at most 1 (the rest of the children are like their seed). */
export const knobsSumProblem = (knobs: ProceduralTeacherKnobs): string | null =>
  (knobs.pSimpler ?? 0.1) + (knobs.pHarder ?? 0.1) > 1 ? `pSimpler + pHarder must be at most 1, got ${knobs.pSimpler ?? 0.1} + ${knobs.pHarder ?? 0.1}` : null;

/**
 * Fills in the defaults (pSimpler 0.1, pHarder 0.1, failureRate 0) and checks the knobs.
 * @throws naming the teacher and the option when one is not in 0..1 or pSimpler + pHarder > 1.
 * @example checkKnobs("Game24Teacher", { pHarder: 0.2 }) // { pSimpler: 0.1, pHarder: 0.2, failureRate: 0 }
 */
export function checkKnobs(who: string, knobs: ProceduralTeacherKnobs = {}): Knobs {
  const parsed = knobsSchema.safeParse(knobs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${who}: option ${issue.path.join(".")} ${issue.message}`);
  }
  const sum = knobsSumProblem(parsed.data);
  if (sum) throw new Error(`${who}: options ${sum}`);
  return { pSimpler: parsed.data.pSimpler ?? 0.1, pHarder: parsed.data.pHarder ?? 0.1, failureRate: parsed.data.failureRate ?? 0 };
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

/**
 * A generation's start, shared by the procedural teachers: its rng (from teacher id, rngSeed,
 * sampleIndex and seed id), the question prompt an LLM teacher would be sent, and the first two
 * draws; a simulated failure comes back as the failed Generation, charged the question call.
 */
export function startGeneration(
  teacherId: string,
  knobs: Knobs,
  request: GenerateRequest,
  instructions: string,
  failure: { completionTokens: number; what: string },
): { rng: Rng; questionPrompt: string; variant: Variant } | { failed: Generation } {
  const { seed, sampleIndex, rngSeed } = request;
  const rng = makeRng(mixSeed(teacherId, rngSeed, sampleIndex, seed.id));
  const questionPrompt = `${instructions}${seed.question}\n${seed.answer}`;
  const draws = firstDraws(rng, knobs);
  if (!draws.fail) return { rng, questionPrompt, variant: draws.variant };
  const usage = { calls: 1, promptTokens: roughTokenCount(questionPrompt), completionTokens: failure.completionTokens, costUsd: 0 };
  return { failed: { ok: false, reason: `simulated failure (failureRate ${knobs.failureRate}): the question call returned no ${failure.what}`, usage } };
}
