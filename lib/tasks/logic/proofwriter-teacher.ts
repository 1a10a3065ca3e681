/**
 * The offline teacher of ProofWriter: given a seed question, it writes a new problem like it (the
 * seed's theory renamed within ProofWriter's vocabulary, some facts dropped, facts and rules
 * shuffled; proofwriter-world.ts) asking a statement of the seed's kind (the depth of its shortest
 * proof, or `unknown`) and label, occasionally one depth shallower or deeper, answered with the
 * solver's proof. Every problem is solved again from its text before it is handed over. It reports
 * usage as if it were an LLM making two calls, like the other procedural teachers.
 */
import { roughTokenCount } from "../../teacher/usage.js";
import { zeroUsage, type GenerateRequest, type Generation, type Teacher } from "../../teacher/types.js";
import { checkKnobs, startGeneration, stepLevel, type Knobs } from "../procedural-knobs.js";
import type { ProceduralTeacherKnobs } from "../plugin.js";
import type { Example } from "../types.js";
import { parseStatement, parseTheory, proofwriterKind, solveProofwriter, solveStatement, type AnswerStyle, type ProofwriterLabel, type Theory } from "./proofwriter-solve.js";
import { DEPTH_KINDS, makeProofwriterProblem, problemAnswer, proofwriterQuestion, type ProofwriterKind } from "./proofwriter-world.js";

const QUESTION_INSTRUCTIONS =
  "Write one new problem like the example below: the same kinds of facts and rules with other names, animals, " +
  "attributes and relations, and a statement that needs as many reasoning steps. Reply with the problem only.\n\nExample:\n";
const ANSWER_INSTRUCTIONS =
  'Decide whether the statement is true, false or unknown. Reason step by step, then write "Answer: True", "Answer: False" or "Answer: Unknown".\n\nProblem:\n';

/** A seed read: its theory, kind and label, or why it cannot be read. */
export function readSeed(seed: Example): { theory: Theory; kind: ProofwriterKind; label: ProofwriterLabel } | string {
  const at = seed.question.lastIndexOf("\n\nQuestion:");
  if (at < 0) return `seed ${seed.id} is not a ProofWriter question: no "Question:" line`;
  const theory = parseTheory(seed.question.slice(0, at));
  if (typeof theory === "string") return `seed ${seed.id} is not a ProofWriter question: ${theory}`;
  const statement = parseStatement(seed.question.slice(at + "\n\nQuestion:".length));
  if (typeof statement === "string") return `seed ${seed.id} is not a ProofWriter question: ${statement}`;
  const solution = solveStatement(theory, statement);
  return { theory, kind: proofwriterKind(solution) as ProofwriterKind, label: solution.label };
}

export interface ProofwriterTeacherOptions extends ProceduralTeacherKnobs {
  /** Questions never to write (pass the run's test questions). */
  exclude?: Iterable<string> | undefined;
  /** `proof` (default) or `label`: the answer's style (the proof is checked and kept in meta either way). */
  answers?: AnswerStyle | undefined;
}

/**
 * Procedural teacher for ProofWriter, id `procedural/proofwriter/v1`. pSimpler is the chance of a
 * statement one proof step shallower than its seed's, pHarder one deeper (within depth 0..5; at
 * either end, and for `unknown` seeds, the seed's kind is kept and meta.variant says "same").
 * Deterministic per (seed, sampleIndex, rngSeed). A seed it cannot read, or a theory with no
 * statement of the wanted kind, gives `{ ok: false }` saying why.
 * @example
 * const seed = { id: "s", task: "proofwriter", question: "Bob is big. Bob is kind. Big people are red. Red, kind people are young.\n\nQuestion: Based on the above information, is the following statement true, false, or unknown? Bob is young.", answer: "Answer: True" };
 * const g = new ProofwriterTeacher({ pSimpler: 0, pHarder: 0 }).generateSync({ seed, sampleIndex: 0, rngSeed: 1 });
 * g.ok && [g.kind, g.answer.endsWith("Answer: True")] // ["depth2", true]
 */
export class ProofwriterTeacher implements Teacher {
  readonly id = "procedural/proofwriter/v1";
  readonly knobs: Knobs;
  private readonly exclude: ReadonlySet<string>;
  private readonly style: AnswerStyle;

  constructor(options: ProofwriterTeacherOptions = {}) {
    const { exclude, answers, ...knobs } = options;
    this.style = answers ?? "proof";
    this.knobs = checkKnobs("ProofwriterTeacher", knobs);
    this.exclude = new Set(exclude ?? []);
  }

  async generate(request: GenerateRequest): Promise<Generation> {
    return this.generateSync(request);
  }

  /** {@link generate} without the promise. */
  generateSync(request: GenerateRequest): Generation {
    const { seed } = request;
    const read = readSeed(seed);
    if (typeof read === "string") return { ok: false, reason: read, usage: zeroUsage() };
    const start = startGeneration(this.id, this.knobs, request, QUESTION_INSTRUCTIONS, { completionTokens: 16, what: "problem" });
    if ("failed" in start) return start.failed;
    const { rng, questionPrompt } = start;
    const target = read.kind === "unknown" ? { level: read.kind, variant: "same" as const } : stepLevel(DEPTH_KINDS, read.kind, start.variant);
    const label = target.level === "unknown" ? "Unknown" : read.label === "Unknown" ? undefined : read.label;
    const problem = makeProofwriterProblem(rng, read.theory, target.level, { label, exclude: this.exclude });
    if (!problem) {
      return { ok: false, reason: `seed ${seed.id}'s theory gives no statement of kind ${target.level} after 8 rewrites`, usage: zeroUsage() };
    }
    const question = proofwriterQuestion(problem);
    const answer = problemAnswer(problem, this.style);
    const check = solveProofwriter(question);
    if (typeof check === "string" || check.label !== problem.solution.label || proofwriterKind(check) !== problem.kind) {
      // never seen (the tests solve thousands); kept so that a generator bug is a failed generation, not a wrong sample
      return { ok: false, reason: `the written problem does not check: ${typeof check === "string" ? check : `the solver says ${check.label}, ${proofwriterKind(check)}`}`, usage: zeroUsage() };
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
      kind: problem.kind,
      usage,
      meta: { label: problem.solution.label, depth: problem.solution.depth, proof: problem.solution.proof, options: ["A) True", "B) False", "C) Unknown"], seedKind: read.kind, variant: target.variant },
    };
  }
}
