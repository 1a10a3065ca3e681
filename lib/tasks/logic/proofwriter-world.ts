/**
 * New ProofWriter problems like a given one: the theory's names, animals, attributes and relations
 * renamed at random within ProofWriter's own vocabulary (a consistent mapping, so every rule keeps
 * its shape), about one fact in six dropped, the facts and the rules each shuffled, and then a
 * statement of the wanted kind (`depth0`..`depth5` by the depth of its shortest proof, or
 * `unknown`) chosen among every statement the new theory can be asked about, with the wanted label
 * where there is one. The solver decides every label, depth and proof.
 */
import type { Rng } from "../../util/rng.js";
import { closure, literalSentence, parseTheory, proofwriterAnswer, proofwriterKind, solveStatement, type Literal, type AnswerStyle, type ProofwriterLabel, type ProofwriterSolution, type Theory } from "./proofwriter-solve.js";

export const PROOFWRITER_KINDS = ["depth0", "depth1", "depth2", "depth3", "depth4", "depth5", "unknown"] as const;
export type ProofwriterKind = (typeof PROOFWRITER_KINDS)[number];
/** The kinds that have a proof, easiest first (the scale pSimpler/pHarder step along). */
export const DEPTH_KINDS: readonly ProofwriterKind[] = PROOFWRITER_KINDS.slice(0, 6);

export const QUESTION_PREFIX = "Based on the above information, is the following statement true, false, or unknown?";

// ProofWriter's vocabulary (every name, animal, attribute and relation of its theories)
const NAMES = ["Anne", "Bob", "Charlie", "Dave", "Erin", "Fiona", "Gary", "Harry"];
const ANIMALS = ["the bald eagle", "the bear", "the cat", "the cow", "the dog", "the lion", "the mouse", "the rabbit", "the squirrel", "the tiger"];
const ATTRIBUTES = ["big", "blue", "cold", "green", "kind", "nice", "quiet", "red", "rough", "round", "smart", "white", "young", "furry"];
const VERBS = ["chases", "eats", "likes", "needs", "sees", "visits"];

/** A problem: its context, the statement asked, and the solver's answer. */
export interface ProofwriterProblem {
  context: string;
  statement: string;
  solution: ProofwriterSolution;
  kind: ProofwriterKind;
}

/** The question text as the loader writes a row's (`<context>\n\nQuestion: <prefix> <statement>`). */
export const proofwriterQuestion = (p: ProofwriterProblem): string => `${p.context}\n\nQuestion: ${QUESTION_PREFIX} ${p.statement}`;
export const problemAnswer = (p: ProofwriterProblem, style: AnswerStyle = "proof"): string => proofwriterAnswer(p.solution, p.statement, style);

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A random one-to-one renaming of `used` into `vocabulary` (words outside it keep their name). */
function renaming(rng: Rng, used: readonly string[], vocabulary: readonly string[]): Map<string, string> {
  const known = used.filter((w) => vocabulary.includes(w));
  const targets = shuffled(rng, vocabulary);
  return new Map(known.map((w, i) => [w, targets[i]!]));
}

/** Rewrites a sentence word for word through the mapping, keeping a capital at the start. */
function renameSentence(sentence: string, mapping: Map<string, string>, pattern: RegExp): string {
  return sentence.replace(pattern, (match: string) => {
    const lower = match.charAt(0).toLowerCase() + match.slice(1);
    const key = mapping.has(match) ? match : lower;
    const to = mapping.get(key);
    if (to === undefined) return match;
    return match !== key ? to.charAt(0).toUpperCase() + to.slice(1) : to;
  });
}

/** The base forms too ("does not chase"): a verb's renaming applies to both. */
function withBaseForms(mapping: Map<string, string>): Map<string, string> {
  const out = new Map(mapping);
  for (const [from, to] of mapping) if (VERBS.includes(from)) out.set(from.replace(/s$/, ""), to.replace(/s$/, ""));
  return out;
}

/** A theory's context renamed and perturbed as the module comment says (every fact kept when all would be dropped). */
export function perturbContext(rng: Rng, theory: Theory, dropRate = 1 / 6): string {
  const mapping = withBaseForms(
    new Map([
      ...renaming(rng, theory.entities.filter((e) => NAMES.includes(e)), NAMES),
      ...renaming(rng, theory.entities.filter((e) => ANIMALS.includes(e)), ANIMALS),
      ...renaming(rng, theory.attributes, ATTRIBUTES),
      ...renaming(rng, theory.verbs, VERBS),
    ]),
  );
  const words = [...mapping.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`\\b(?:${words.map((w) => `${w}|${w.charAt(0).toUpperCase()}${w.slice(1)}`).join("|")})\\b`, "g");
  const isRule = (s: string): boolean => /^If |things are|people are/.test(s);
  const facts = theory.sentences.filter((s) => !isRule(s));
  const rules = theory.sentences.filter(isRule);
  const kept = facts.filter(() => rng.next() >= dropRate);
  const sentences = [...shuffled(rng, kept.length > 0 ? kept : facts), ...shuffled(rng, rules)];
  return sentences.map((s) => renameSentence(s, mapping, pattern)).join(" ");
}

/** Every statement a theory can be asked about: each entity with each attribute and relation, either way. */
function candidateStatements(theory: Theory): Literal[] {
  const out: Literal[] = [];
  for (const subject of theory.entities) {
    for (const positive of [true, false]) {
      for (const a of theory.attributes) out.push({ subject, verb: "is", object: a, positive });
      for (const verb of theory.verbs) for (const object of theory.entities) out.push({ subject, verb, object, positive }); // "The mouse needs the mouse." too: ProofWriter asks such statements
    }
  }
  return out;
}

/**
 * Every statement over `context`'s theory, solved, grouped by kind.
 * @throws when the context does not parse (the callers pass contexts they wrote from parsed ones)
 */
export function statementsByKind(context: string): Map<ProofwriterKind, Array<{ statement: string; solution: ProofwriterSolution }>> {
  const theory = parseTheory(context);
  if (typeof theory === "string") throw new Error(`proofwriter-world: a written context does not parse: ${theory}`);
  const known = closure(theory);
  const out = new Map<ProofwriterKind, Array<{ statement: string; solution: ProofwriterSolution }>>();
  for (const literal of candidateStatements(theory)) {
    const solution = solveStatement(theory, literal, known);
    const kind = proofwriterKind(solution) as ProofwriterKind;
    if (!out.has(kind)) out.set(kind, []);
    out.get(kind)!.push({ statement: literalSentence(literal), solution });
  }
  return out;
}

/**
 * A new problem from `theory` with a statement of `kind`, of `label` where the new theory has one
 * (any label of the kind otherwise), and never one whose question is in `exclude`; null after
 * `attempts` perturbations without a statement of that kind.
 */
export function makeProofwriterProblem(
  rng: Rng,
  theory: Theory,
  kind: ProofwriterKind,
  options: { label?: ProofwriterLabel | undefined; exclude?: ReadonlySet<string> | undefined; attempts?: number } = {},
): ProofwriterProblem | null {
  for (let attempt = 0; attempt < (options.attempts ?? 8); attempt++) {
    // later attempts drop nothing: dropping facts can remove every proof of a deep statement
    const context = perturbContext(rng, theory, attempt < 4 ? 1 / 6 : 0);
    const all = statementsByKind(context).get(kind) ?? [];
    const fresh = all.filter((c) => !options.exclude?.has(`${context}\n\nQuestion: ${QUESTION_PREFIX} ${c.statement}`));
    const labelled = fresh.filter((c) => c.solution.label === options.label);
    const pool = labelled.length > 0 ? labelled : fresh;
    if (pool.length === 0) continue;
    const pick = pool[Math.floor(rng.next() * pool.length)]!;
    return { context, statement: pick.statement, solution: pick.solution, kind };
  }
  return null;
}
