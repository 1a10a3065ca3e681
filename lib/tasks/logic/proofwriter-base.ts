/**
 * Examples to pretrain a base student on some of ProofWriter's kinds (the shallow proofs,
 * typically), written by the same generator as the procedural teacher's problems from the theories
 * of the training file.
 */
import { makeRng, mixSeed } from "../../util/rng.js";
import type { Example } from "../types.js";
import { parseTheory, type AnswerStyle, type Theory } from "./proofwriter-solve.js";
import { PROOFWRITER_KINDS, makeProofwriterProblem, problemAnswer, proofwriterQuestion, type ProofwriterKind } from "./proofwriter-world.js";

export interface ProofwriterBaseOptions {
  /** Kinds (`depth0`..`depth5`, `unknown`) to cover, in equal numbers, taking turns. */
  kinds: ProofwriterKind[];
  n: number;
  seed: number;
  /** Contexts of the theories to rewrite (the training file's). */
  contexts: readonly string[];
  /** Questions to leave out (pass the test questions). */
  exclude?: Iterable<string>;
  /** `proof` (default) or `label`: the answers' style. */
  answers?: AnswerStyle | undefined;
}

/**
 * Base-pretraining examples, ids `proofwriter/v1/base/s<seed>/00000`...: example i rewrites a theory
 * drawn by (seed, i) and asks a statement of kind i mod kinds.length, True and False taking turns
 * where the kind has a proof. Questions are distinct and none is in `exclude`.
 * @throws naming the option when one is out of range.
 */
export function proofwriterBaseExamples(options: ProofwriterBaseOptions): Example[] {
  const { kinds, n, seed, contexts } = options;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new Error("proofwriterBaseExamples: option kinds must be a non-empty array");
  for (const k of kinds) {
    if (!PROOFWRITER_KINDS.includes(k)) throw new Error(`proofwriterBaseExamples: option kinds has unknown kind ${JSON.stringify(k)} (known: ${PROOFWRITER_KINDS.join(", ")})`);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`proofwriterBaseExamples: option n must be an integer >= 0, got ${JSON.stringify(n)}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`proofwriterBaseExamples: option seed must be an integer >= 0, got ${JSON.stringify(seed)}`);
  if (contexts.length === 0) throw new Error("proofwriterBaseExamples: option contexts is empty");
  const taken = new Set(options.exclude ?? []);
  const theories = new Map<number, Theory>();
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    const label = kind === "unknown" ? "Unknown" : Math.floor(i / kinds.length) % 2 === 0 ? "True" : "False";
    for (let attempt = 0; ; attempt++) {
      if (attempt > 50) throw new Error(`proofwriterBaseExamples: no theory gives a new ${kind} statement after 50 tries`);
      const rng = makeRng(mixSeed("proofwriter/v1", "base", seed, i, kind, attempt));
      const at = Math.floor(rng.next() * contexts.length);
      if (!theories.has(at)) {
        const t = parseTheory(contexts[at]!);
        if (typeof t === "string") throw new Error(`proofwriterBaseExamples: context ${at} does not parse: ${t}`);
        theories.set(at, t);
      }
      const problem = makeProofwriterProblem(rng, theories.get(at)!, kind, { label, exclude: taken });
      if (!problem) continue;
      const question = proofwriterQuestion(problem);
      taken.add(question);
      out.push({
        id: `proofwriter/v1/base/s${seed}/${String(i).padStart(5, "0")}`,
        task: "proofwriter",
        kind,
        question,
        answer: problemAnswer(problem, options.answers ?? "proof"),
        meta: { label: problem.solution.label, depth: problem.solution.depth, options: ["A) True", "B) False", "C) Unknown"] },
      });
      break;
    }
  }
  return out;
}
