/**
 * A ProntoQA reader and forward-chaining solver: parses a question's context into facts ("Max is a
 * wumpus.") and rules ("Every wumpus is a tumpus.", "Wumpuses are not sour."), derives everything
 * that follows for each entity, and answers the True/False question with its proof in the
 * dataset's explanation style. It reads the text only, so it checks the procedural teacher's
 * problems independently of how they were built, and the dataset's own rows (tests do both).
 */

/** One rule or fact: `subject` is a concept (rule) or a name (fact); `object` a concept (class) or a property. */
export interface Clause {
  subject: string;
  object: string;
  positive: boolean;
  /** `class`: "is a wumpus", "are wumpuses"; `property`: "is sour". */
  kind: "class" | "property";
  /** The sentence as written, with its full stop. */
  sentence: string;
}

export interface ParsedProntoqa {
  rules: Clause[];
  facts: Clause[];
  /** The statement asked about ("Max is not sour."). */
  query: Clause;
}

/** A solved question: its label, the number of rules its proof applies, and the proof. */
export interface ProntoqaSolution {
  label: "True" | "False";
  hops: number;
  proof: string[];
}

const QUESTION_MARK = "Is the following statement true or false?";

/** `wumpuses` -> `wumpus`, `cats` -> `cat`. */
const singular = (w: string): string => (w.endsWith("uses") ? w.slice(0, -2) : w.endsWith("s") ? w.slice(0, -1) : w);

/**
 * The sentence that states `entity is [not] [a|an] object.`, as the dataset writes derived facts.
 * @example factSentence("Max", "impus", true, "class") // "Max is an impus."
 * @example factSentence("Max", "sour", false, "property") // "Max is not sour."
 */
export function factSentence(entity: string, object: string, positive: boolean, kind: Clause["kind"]): string {
  const article = kind === "class" ? (/^[aeiou]/.test(object) ? "an " : "a ") : "";
  return `${entity} is ${positive ? "" : "not "}${article}${object}.`;
}

/** Parses one sentence; null when it is not of a ProntoQA form. `concepts` decides "Xs are Ys" (class) from "Xs are P" (property). */
function parseSentence(sentence: string, concepts: Set<string>): { clause: Clause; rule: boolean } | null {
  let m = /^(Every|Each) ([a-z]+) is (not )?(?:(an?) )?([a-z]+)\.$/.exec(sentence);
  if (m) return { rule: true, clause: { subject: m[2]!, object: m[5]!, positive: !m[3], kind: m[4] ? "class" : "property", sentence } };
  m = /^([A-Z][a-z]+) are (not )?([a-z]+)\.$/.exec(sentence);
  if (m) {
    const object = m[3]!;
    const isClass = concepts.has(singular(object)) || object.endsWith("uses");
    return { rule: true, clause: { subject: singular(m[1]!.toLowerCase()), object: isClass ? singular(object) : object, positive: !m[2], kind: isClass ? "class" : "property", sentence } };
  }
  m = /^([A-Z][a-z]+) is (not )?(?:(an?) )?([a-z]+)\.$/.exec(sentence);
  if (m) return { rule: false, clause: { subject: m[1]!, object: m[4]!, positive: !m[2], kind: m[3] ? "class" : "property", sentence } };
  return null;
}

/**
 * Reads a ProntoQA question (context, blank line, `Question: Is the following statement true or
 * false? <statement>`), the loader's question format.
 * @returns the parse, or a string saying which part could not be read.
 * @example parseProntoqa("Every cat is a wumpus. Max is a cat.\n\nQuestion: Is the following statement true or false? Max is a wumpus.").rules.length // 1
 */
export function parseProntoqa(question: string): ParsedProntoqa | string {
  const at = question.lastIndexOf(QUESTION_MARK);
  if (at < 0) return `no "${QUESTION_MARK}" line`;
  const context = question.slice(0, at).replace(/\s*Question:\s*$/, "").trim();
  const sentences = context.split(/(?<=\.)\s+/).filter((s) => s !== "");
  if (sentences.length === 0) return "the context is empty";
  // concepts: every singular subject or "a/an" object, so that "Xs are Ys" can tell a class from a property
  const concepts = new Set<string>();
  for (const s of sentences) {
    const m = /^(?:Every|Each) ([a-z]+) is|is (?:not )?an? ([a-z]+)\.$|^([A-Z][a-z]+) are /.exec(s);
    if (m?.[1]) concepts.add(m[1]);
    if (m?.[2]) concepts.add(m[2]);
    if (m?.[3]) concepts.add(singular(m[3].toLowerCase()));
  }
  const rules: Clause[] = [];
  const facts: Clause[] = [];
  for (const [i, s] of sentences.entries()) {
    const parsed = parseSentence(s, concepts);
    if (!parsed) return `context sentence ${i + 1} ${JSON.stringify(s)} is not a ProntoQA fact or rule`;
    (parsed.rule ? rules : facts).push(parsed.clause);
  }
  const statement = question.slice(at + QUESTION_MARK.length).trim();
  const query = parseSentence(statement, concepts);
  if (!query || query.rule) return `the statement ${JSON.stringify(statement)} is not of the form "Name is [not] property."`;
  return { rules, facts, query: query.clause };
}

interface Derived {
  positive: boolean;
  kind: Clause["kind"];
  depth: number;
  /** The fact it came from and the rule applied; absent for a fact of the context. */
  from?: { premise: string; rule: Clause };
  sentence: string;
}

/**
 * Everything that follows for one entity, breadth first (so each fact with its shortest proof),
 * keyed `object` for positive and `not object` for negative facts.
 */
function derive(parsed: ParsedProntoqa, entity: string): Map<string, Derived> {
  const known = new Map<string, Derived>();
  const queue: string[] = [];
  const keyOf = (object: string, positive: boolean) => (positive ? object : `not ${object}`);
  for (const f of parsed.facts) {
    if (f.subject !== entity || known.has(keyOf(f.object, f.positive))) continue;
    known.set(keyOf(f.object, f.positive), { positive: f.positive, kind: f.kind, depth: 0, sentence: f.sentence });
    queue.push(keyOf(f.object, f.positive));
  }
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head]!;
    const fact = known.get(key)!;
    if (!fact.positive || fact.kind !== "class") continue; // rules apply to positive class memberships only
    for (const rule of parsed.rules) {
      const next = keyOf(rule.object, rule.positive);
      if (rule.subject !== key || known.has(next)) continue;
      const sentence = factSentence(entity, rule.object, rule.positive, rule.kind);
      known.set(next, { positive: rule.positive, kind: rule.kind, depth: fact.depth + 1, from: { premise: key, rule }, sentence });
      queue.push(next);
    }
  }
  return known;
}

/**
 * Solves a ProntoQA question by forward chaining.
 * @returns the label, hops (rules applied) and proof, or a string saying why there is no answer:
 * unreadable text, neither the statement nor its negation follows, or both do.
 * @example solveProntoqa("Every cat is a wumpus. Wumpuses are not sour. Max is a cat.\n\nQuestion: Is the following statement true or false? Max is sour.").label // "False"
 */
export function solveProntoqa(question: string): ProntoqaSolution | string {
  const parsed = parseProntoqa(question);
  if (typeof parsed === "string") return parsed;
  const { query } = parsed;
  const known = derive(parsed, query.subject);
  const yes = known.get(query.object);
  const no = known.get(`not ${query.object}`);
  if (yes && no) return `both "${yes.sentence}" and "${no.sentence}" follow from the context`;
  const found = yes ?? no;
  if (!found) return `neither "${query.sentence}" nor its negation follows from the context`;
  return { label: found.positive === query.positive ? "True" : "False", hops: found.depth, proof: chainProof(known, found) };
}

/** The proof of a derived fact: its context fact, then (rule, conclusion) for each step. */
function chainProof(known: Map<string, Derived>, fact: Derived): string[] {
  const steps: Derived[] = [];
  for (let at: Derived | undefined = fact; at; at = at.from ? known.get(at.from.premise) : undefined) steps.unshift(at);
  return steps.flatMap((s) => (s.from ? [s.from.rule.sentence, s.sentence] : [s.sentence]));
}

/**
 * Checks a proof in the dataset's style against a question: the first line is a fact of the
 * context; then each pair is a rule of the context about the class just reached and the fact it
 * gives; the last line is the statement or its negation.
 * @returns the label the proof shows, or a string naming the first line that does not follow.
 * @example checkProntoqaProof("Every cat is a wumpus. Max is a cat.\n\nQuestion: Is the following statement true or false? Max is a wumpus.", ["Max is a cat.", "Every cat is a wumpus.", "Max is a wumpus."]) // { label: "True" }
 */
export function checkProntoqaProof(question: string, proof: readonly string[]): { label: "True" | "False" } | string {
  const parsed = parseProntoqa(question);
  if (typeof parsed === "string") return parsed;
  const { query } = parsed;
  const start = parsed.facts.find((f) => f.sentence === proof[0] && f.subject === query.subject);
  if (!start) return `line 1 ${JSON.stringify(proof[0] ?? "")} is not a fact of the context about ${query.subject}`;
  if (proof.length % 2 === 0) return `a proof has an odd number of lines (a fact, then rule and conclusion pairs), got ${proof.length}`;
  let current: { object: string; positive: boolean; kind: Clause["kind"] } = start;
  for (let i = 1; i < proof.length; i += 2) {
    if (current.kind !== "class" || !current.positive) return `line ${i + 1}: no rule applies after "${proof[i - 1]}" (not a positive class membership)`;
    const rule = parsed.rules.find((r) => r.sentence === proof[i] && r.subject === current.object);
    if (!rule) return `line ${i + 1} ${JSON.stringify(proof[i])} is not a rule of the context about ${current.object}`;
    const want = factSentence(query.subject, rule.object, rule.positive, rule.kind);
    if (proof[i + 1] !== want) return `line ${i + 2} ${JSON.stringify(proof[i + 1] ?? "")} does not follow; the rule gives ${JSON.stringify(want)}`;
    current = rule;
  }
  if (current.object !== query.object || current.kind !== query.kind) return `the last line ${JSON.stringify(proof[proof.length - 1])} is not about the statement ${JSON.stringify(query.sentence)}`;
  return { label: current.positive === query.positive ? "True" : "False" };
}
