/**
 * Examples to pretrain a base student on some of ProntoQA's hop counts (the short proofs,
 * typically), written by the same generator as the procedural teacher's problems.
 */
import { makeRng, mixSeed } from "../../util/rng.js";
import type { Example } from "../types.js";
import { PRONTOQA_KINDS, hopsOfKind, makeProntoqaProblem, prontoqaAnswer, prontoqaQuestion, type ProntoqaKind } from "./prontoqa-world.js";

export interface ProntoqaBaseOptions {
  /** Kinds (`hops2`..`hops5`) to cover, in equal numbers. */
  kinds: ProntoqaKind[];
  /** Number of examples. */
  n: number;
  seed: number;
  /** Questions to leave out (pass the test questions). */
  exclude?: Iterable<string>;
}

/**
 * Base-pretraining examples, ids `prontoqa/v1/base/s<seed>/00000`..., the kinds taking turns in
 * the order given. Example i depends only on (seed, i, its kind), so a larger n with the same
 * kinds extends the list. Questions are distinct and none is in `exclude`.
 * @throws naming the option when one is out of range.
 * @example prontoqaBaseExamples({ kinds: ["hops2", "hops3"], n: 4, seed: 0 }).map((e) => e.kind) // ["hops2", "hops3", "hops2", "hops3"]
 */
export function prontoqaBaseExamples(options: ProntoqaBaseOptions): Example[] {
  const { kinds, n, seed } = options;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new Error("prontoqaBaseExamples: option kinds must be a non-empty array");
  for (const k of kinds) {
    if (hopsOfKind(k) === null) throw new Error(`prontoqaBaseExamples: option kinds has unknown kind ${JSON.stringify(k)} (known: ${PRONTOQA_KINDS.join(", ")})`);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`prontoqaBaseExamples: option n must be an integer >= 0, got ${JSON.stringify(n)}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`prontoqaBaseExamples: option seed must be an integer >= 0, got ${JSON.stringify(seed)}`);
  const taken = new Set(options.exclude ?? []);
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    for (let attempt = 0; ; attempt++) {
      // a repeat needs the same ontology, entity and statement drawn twice: never seen, but kept out
      const problem = makeProntoqaProblem(makeRng(mixSeed("prontoqa/v1", "base", seed, i, kind, attempt)), hopsOfKind(kind)!);
      const question = prontoqaQuestion(problem);
      if (taken.has(question)) continue;
      taken.add(question);
      out.push({
        id: `prontoqa/v1/base/s${seed}/${String(i).padStart(5, "0")}`,
        task: "prontoqa",
        kind,
        question,
        answer: prontoqaAnswer(problem),
        meta: { hops: problem.hops, label: problem.label, options: ["A) True", "B) False"] },
      });
      break;
    }
  }
  return out;
}
