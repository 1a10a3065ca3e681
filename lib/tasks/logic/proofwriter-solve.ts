/**
 * A ProofWriter reader and open-world solver. It parses a theory's sentences (facts such as "Bob is
 * cold.", "The bear does not chase the cat."; rules such as "If someone is red and they eat the dog
 * then the dog is big.", "All quiet, round things are kind.") into literals and rules with at most
 * one variable, forward-chains them round by round, and answers a question True (the statement
 * follows), False (its negation follows) or Unknown (neither), with the depth of the shortest proof
 * (0: stated; n: n rule applications deep) and the proof. It reads the text only, so it checks the
 * dataset's rows and the procedural teacher's problems independently of how they were written.
 */

/** `is` for an attribute ("is big"), else a relation's verb in the third person ("chases"). */
export interface Literal {
  subject: string;
  verb: string;
  object: string;
  positive: boolean;
}

/** A rule: every condition holding (for some one entity in place of the variable `?x`) gives the conclusion. */
export interface Rule {
  conditions: Literal[];
  conclusion: Literal;
  sentence: string;
}

export interface Theory {
  facts: Literal[];
  rules: Rule[];
  /** Every entity named ("Bob", "the bald eagle"). */
  entities: string[];
  /** Attributes and verbs named, in order of appearance. */
  attributes: string[];
  verbs: string[];
  /** Sentences as written, in order. */
  sentences: string[];
}

export type ProofwriterLabel = "True" | "False" | "Unknown";

export interface ProofwriterSolution {
  label: ProofwriterLabel;
  /** Rule applications in the shortest proof of the statement (True) or its negation (False); null for Unknown. */
  depth: number | null;
  /** The proof as sentences: stated facts, then each rule and what it gives. Empty for Unknown. */
  proof: string[];
}

export const VARIABLE = "?x";
const QUESTION_PREFIX = /^Based on the above information, is the following statement true, false, or unknown\?\s*/;
const ENTITY = "(?:[Tt]he (?:bald eagle|[a-z]+)|(?!The )[A-Z][a-z]+)";
const VAR_WORDS = new Set(["someone", "something", "they", "it", "them"]);
const THIRD = (base: string): string => `${base}s`;
const BASE = (third: string): string => third.replace(/s$/, "");

/** "The cat" and "the cat" are one entity, kept in lower case after "the"; names as written. */
function entityKey(word: string): string {
  return /^[Tt]he /.test(word) ? `the ${word.slice(4)}` : word;
}

/** The literal's sentence, as the dataset writes facts. @example literalSentence({ subject: "the cat", verb: "chases", object: "Bob", positive: false }) // "The cat does not chase Bob." */
export function literalSentence(l: Literal): string {
  const subject = l.subject.replace(/^the /, "The ");
  const body = l.verb === "is" ? `is ${l.positive ? "" : "not "}${l.object}` : l.positive ? `${l.verb} ${l.object}` : `does not ${BASE(l.verb)} ${l.object}`;
  return `${subject} ${body}.`;
}

export const literalKey = (l: Literal): string => `${l.subject}|${l.verb}|${l.object}|${l.positive ? "+" : "-"}`;
const negate = (l: Literal): Literal => ({ ...l, positive: !l.positive });
const bind = (l: Literal, entity: string): Literal => ({
  ...l,
  subject: l.subject === VARIABLE ? entity : l.subject,
  object: l.object === VARIABLE ? entity : l.object,
});

/**
 * One clause ("someone is big", "it does not chase the cat", "the dog is not red", "they like Bob",
 * or a bare "big"/"not big" continuing the previous clause's subject); null when not of these forms.
 */
function parseClause(text: string, previous: Literal | null): Literal | null {
  const t = text.trim();
  const bare = /^(not )?([a-z]+)$/.exec(t);
  if (bare && previous && previous.verb === "is") return { subject: previous.subject, verb: "is", object: bare[2]!, positive: !bare[1] };
  const subj = new RegExp(`^(someone|something|they|it|${ENTITY}) (.*)$`).exec(t);
  if (!subj) return null;
  const subject = VAR_WORDS.has(subj[1]!) ? VARIABLE : entityKey(subj[1]!);
  const rest = subj[2]!;
  const object = (w: string): string => (VAR_WORDS.has(w) ? VARIABLE : entityKey(w));
  let m = /^(?:is|are) (not )?([a-z]+)$/.exec(rest);
  if (m) return { subject, verb: "is", object: m[2]!, positive: !m[1] };
  m = new RegExp(`^(?:does|do) not ([a-z]+) (${ENTITY}|them|it|someone|something)$`).exec(rest);
  if (m) return { subject, verb: THIRD(m[1]!), object: object(m[2]!), positive: false };
  m = new RegExp(`^([a-z]+) (${ENTITY}|them|it|someone|something)$`).exec(rest);
  if (m && m[1] !== "is" && m[1] !== "are") {
    // "it chases" and "they chase": store the third person
    const verb = subj[1] === "they" ? THIRD(m[1]!) : m[1]!;
    return { subject, verb, object: object(m[2]!), positive: true };
  }
  return null;
}

/** A sentence as a fact or a rule; a string saying why when it is neither. */
function parseSentence(sentence: string): { fact: Literal } | { rule: Rule } | string {
  const body = sentence.replace(/\.$/, "");
  const ifThen = /^If (.+) then (.+)$/.exec(body);
  if (ifThen) {
    const conditions: Literal[] = [];
    for (const part of ifThen[1]!.split(" and ")) {
      const c = parseClause(part, conditions[conditions.length - 1] ?? null);
      if (!c) return `cannot read the condition "${part}" in "${sentence}"`;
      conditions.push(c);
    }
    const conclusion = parseClause(ifThen[2]!, conditions[0]!);
    if (!conclusion) return `cannot read the conclusion "${ifThen[2]}" in "${sentence}"`;
    return { rule: { conditions, conclusion, sentence } };
  }
  const all = /^(?:All )?([A-Za-z]+(?:, [a-z]+)*) (?:things|people) are (not )?([a-z]+)$/.exec(body);
  if (all) {
    const conditions = all[1]!.split(", ").map((a) => ({ subject: VARIABLE, verb: "is", object: a.toLowerCase(), positive: true }));
    return { rule: { conditions, conclusion: { subject: VARIABLE, verb: "is", object: all[3]!, positive: !all[2] }, sentence } };
  }
  const fact = parseClause(body, null);
  if (fact && fact.subject !== VARIABLE && fact.object !== VARIABLE) return { fact };
  return `cannot read "${sentence}"`;
}

/** Splits a context into sentences (each ends with a full stop). */
export function splitSentences(context: string): string[] {
  return context.trim().split(/(?<=\.)\s+/).filter((s) => s.length > 0);
}

/** Parses a theory; a string naming the first sentence that cannot be read. */
export function parseTheory(context: string): Theory | string {
  const facts: Literal[] = [];
  const rules: Rule[] = [];
  const sentences = splitSentences(context);
  const entities = new Set<string>();
  const attributes = new Set<string>();
  const verbs = new Set<string>();
  const note = (l: Literal): void => {
    for (const e of [l.subject, l.verb === "is" ? VARIABLE : l.object]) if (e !== VARIABLE) entities.add(e);
    if (l.verb === "is") attributes.add(l.object);
    else verbs.add(l.verb);
  };
  for (const s of sentences) {
    const parsed = parseSentence(s);
    if (typeof parsed === "string") return parsed;
    if ("fact" in parsed) {
      facts.push(parsed.fact);
      note(parsed.fact);
    } else {
      rules.push(parsed.rule);
      for (const l of [...parsed.rule.conditions, parsed.rule.conclusion]) note(l);
    }
  }
  return { facts, rules, entities: [...entities], attributes: [...attributes], verbs: [...verbs], sentences };
}

/** How a literal became known: stated (depth 0), or a rule over earlier literals. */
interface Derivation {
  depth: number;
  rule: Rule | null;
  premises: Literal[];
  literal: Literal;
}

/** Everything that follows from a theory, each with its shallowest derivation. */
export function closure(theory: Theory): Map<string, Derivation> {
  const known = new Map<string, Derivation>();
  for (const f of theory.facts) if (!known.has(literalKey(f))) known.set(literalKey(f), { depth: 0, rule: null, premises: [], literal: f });
  for (let depth = 1; ; depth++) {
    const added: Derivation[] = [];
    for (const rule of theory.rules) {
      const bindings = [rule.conclusion, ...rule.conditions].some((l) => l.subject === VARIABLE || l.object === VARIABLE) ? theory.entities : [VARIABLE];
      for (const entity of bindings) {
        const premises = rule.conditions.map((c) => bind(c, entity));
        if (!premises.every((p) => known.has(literalKey(p)))) continue;
        const literal = bind(rule.conclusion, entity);
        const key = literalKey(literal);
        if (known.has(key) || added.some((a) => literalKey(a.literal) === key)) continue;
        added.push({ depth, rule, premises, literal });
      }
    }
    if (added.length === 0) return known;
    for (const a of added) known.set(literalKey(a.literal), a);
  }
}

/** The proof of a known literal: its stated facts first, then each rule and what it gives, in order. */
function proofOf(key: string, known: Map<string, Derivation>): string[] {
  const steps: string[] = [];
  const seen = new Set<string>();
  const stated: string[] = [];
  const visit = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    const d = known.get(k)!;
    if (!d.rule) {
      stated.push(literalSentence(d.literal));
      return;
    }
    for (const p of d.premises) visit(literalKey(p));
    steps.push(d.rule.sentence, `So ${lowerFirst(literalSentence(d.literal))}`);
  };
  visit(key);
  return [...stated, ...steps];
}

const lowerFirst = (s: string): string => (s.startsWith("The ") ? `the ${s.slice(4)}` : s);

/** The statement a question asks about; a string saying why when it cannot be read. */
export function parseStatement(question: string): Literal | string {
  const statement = question.trim().replace(QUESTION_PREFIX, "");
  const parsed = parseSentence(statement.endsWith(".") ? statement : `${statement}.`);
  if (typeof parsed === "string") return `the statement: ${parsed}`;
  if (!("fact" in parsed)) return `the statement "${statement}" is a rule, not a fact`;
  return parsed.fact;
}

/** Solves a statement over a parsed theory (and its closure, when already computed). */
export function solveStatement(theory: Theory, statement: Literal, known = closure(theory)): ProofwriterSolution {
  const yes = known.get(literalKey(statement));
  if (yes) return { label: "True", depth: yes.depth, proof: proofOf(literalKey(statement), known) };
  const no = known.get(literalKey(negate(statement)));
  if (no) return { label: "False", depth: no.depth, proof: proofOf(literalKey(negate(statement)), known) };
  return { label: "Unknown", depth: null, proof: [] };
}

/**
 * Solves a ProofWriter question as the loader writes it (`<context>\n\nQuestion: <question>`), or
 * says why it cannot.
 * @example solveProofwriter("Bob is big. Big people are red.\n\nQuestion: Based on the above information, is the following statement true, false, or unknown? Bob is not red.") // { label: "False", depth: 1, proof: ["Bob is big.", "Big people are red.", "So Bob is red."] }
 */
export function solveProofwriter(text: string): ProofwriterSolution | string {
  const at = text.lastIndexOf("\n\nQuestion:");
  if (at < 0) return 'no "Question:" line';
  const theory = parseTheory(text.slice(0, at));
  if (typeof theory === "string") return theory;
  const statement = parseStatement(text.slice(at + "\n\nQuestion:".length));
  if (typeof statement === "string") return statement;
  return solveStatement(theory, statement);
}

/** The kind of a solved question: `depth0`..`depth5` by its proof's depth, or `unknown`. */
export function proofwriterKind(solution: ProofwriterSolution): string {
  return solution.depth === null ? "unknown" : `depth${solution.depth}`;
}

/** `proof`: the proof, then the label line; `label`: the label line only. */
export type AnswerStyle = "proof" | "label";

/**
 * The worked answer the teacher and base data write: the proof, the conclusion, the label (or, in
 * the `label` style, the label line alone).
 * @example proofwriterAnswer({ label: "Unknown", depth: null, proof: [] }, "Bob is red.") // "Neither \"Bob is red.\" nor its negation follows from the facts and rules.\nAnswer: Unknown"
 */
export function proofwriterAnswer(solution: ProofwriterSolution, statement: string, style: AnswerStyle = "proof"): string {
  if (style === "label") return `Answer: ${solution.label}`;
  if (solution.label === "Unknown") return `Neither ${JSON.stringify(statement)} nor its negation follows from the facts and rules.\nAnswer: Unknown`;
  const verdict = solution.label === "True" ? "" : " That is the statement's negation.";
  return `${solution.proof.join(" ")}${verdict}\nAnswer: ${solution.label}`;
}
