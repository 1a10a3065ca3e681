/**
 * The offline teacher of ProntoQA: given a seed question, it writes a new problem with a fresh
 * fictional ontology and the seed's number of hops (occasionally one fewer or one more), with its
 * proof and label, and checks it with the forward-chaining solver before handing it over. It
 * reports usage as if it were an LLM making two calls, like the arith world's ProceduralTeacher.
 */
import { roughTokenCount } from "../../teacher/usage.js";
import { zeroUsage, type GenerateRequest, type Generation, type Teacher } from "../../teacher/types.js";
import { checkKnobs, startGeneration, stepLevel, type Knobs } from "../procedural-knobs.js";
import type { ProceduralTeacherKnobs } from "../plugin.js";
import type { Example } from "../types.js";
import { MAX_HOPS, MIN_HOPS, makeProntoqaProblem, prontoqaAnswer, prontoqaQuestion } from "./prontoqa-world.js";
import { solveProntoqa } from "./prontoqa-solve.js";

// The prompts an LLM teacher would be sent; only their token counts are used.
const QUESTION_INSTRUCTIONS =
  "Write one new problem like the example below: new made-up category names and properties, the same number of " +
  "reasoning steps, distracting rules, and a true-or-false statement. Reply with the problem only.\n\nExample:\n";
const ANSWER_INSTRUCTIONS =
  'Decide whether the statement is true or false. Reason step by step, one sentence per step, then write "Answer: True" or "Answer: False".\n\nProblem:\n';

const HOP_LEVELS = Array.from({ length: MAX_HOPS - MIN_HOPS + 1 }, (_, i) => MIN_HOPS + i);

/**
 * The hops of a seed, read by solving its question (the loader's `kind` says the same for the
 * dataset's rows), or why it cannot be read.
 * @example readSeedHops({ id: "x", task: "prontoqa", question: "no context", answer: "" }) // 'seed x is not a ProntoQA question: no "Is the following statement true or false?" line'
 */
export function readSeedHops(seed: Example): number | string {
  const solved = solveProntoqa(seed.question);
  if (typeof solved === "string") return `seed ${seed.id} is not a ProntoQA question: ${solved}`;
  if (solved.hops < MIN_HOPS || solved.hops > MAX_HOPS) return `seed ${seed.id} has a ${solved.hops}-hop proof; this teacher writes ${MIN_HOPS} to ${MAX_HOPS} hops`;
  return solved.hops;
}

/**
 * Procedural teacher for ProntoQA, id `procedural/prontoqa/v1`. Knobs: pSimpler is the chance of a
 * problem one hop shorter than its seed, pHarder one hop longer (within 2..5 hops; at either end
 * the seed's hops are kept and meta.variant says "same"). Deterministic: the same request (seed,
 * sampleIndex, rngSeed) gives the same generation. A seed whose question cannot be read or solved
 * gives `{ ok: false }` saying why, with zero usage.
 * @example
 * const seed = { id: "s", task: "prontoqa", question: "Every cat is a wumpus. Wumpuses are sour. Max is a cat.\n\nQuestion: Is the following statement true or false? Max is sour.", answer: "Answer: True" };
 * const g = new ProntoqaTeacher({ pSimpler: 0, pHarder: 0 }).generateSync({ seed, sampleIndex: 0, rngSeed: 1 });
 * g.ok && [g.kind, g.answer.split(". ").length] // ["hops2", 5]
 */
export class ProntoqaTeacher implements Teacher {
  readonly id = "procedural/prontoqa/v1";
  readonly knobs: Knobs;

  constructor(knobs: ProceduralTeacherKnobs = {}) {
    this.knobs = checkKnobs("ProntoqaTeacher", knobs);
  }

  async generate(request: GenerateRequest): Promise<Generation> {
    return this.generateSync(request);
  }

  /** {@link generate} without the promise. */
  generateSync(request: GenerateRequest): Generation {
    const { seed } = request;
    const seedHops = readSeedHops(seed);
    if (typeof seedHops === "string") return { ok: false, reason: seedHops, usage: zeroUsage() };
    const start = startGeneration(this.id, this.knobs, request, QUESTION_INSTRUCTIONS, { completionTokens: 16, what: "problem" });
    if ("failed" in start) return start.failed;
    const { rng, questionPrompt } = start;
    const target = stepLevel(HOP_LEVELS, seedHops, start.variant);
    const problem = makeProntoqaProblem(rng, target.level);
    const question = prontoqaQuestion(problem);
    const answer = prontoqaAnswer(problem);
    const check = solveProntoqa(question);
    if (typeof check === "string" || check.label !== problem.label || check.hops !== problem.hops) {
      // never seen (the tests solve thousands); kept so that a generator bug is a failed generation, not a wrong sample
      return { ok: false, reason: `the written problem does not check: ${typeof check === "string" ? check : `the solver says ${check.label} in ${check.hops} hops`}`, usage: zeroUsage() };
    }
    const usage = {
      calls: 2,
      promptTokens: roughTokenCount(questionPrompt) + roughTokenCount(`${ANSWER_INSTRUCTIONS}${question}`),
      completionTokens: roughTokenCount(question) + roughTokenCount(answer),
      costUsd: 0,
    };
    return {
      ok: true,
      question,
      answer,
      kind: `hops${problem.hops}`,
      usage,
      meta: { hops: problem.hops, label: problem.label, options: ["A) True", "B) False"], seedHops, variant: target.variant },
    };
  }
}
