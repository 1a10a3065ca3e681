/**
 * ProntoQA-style problems written from scratch: a fictional ontology of nonsense concepts
 * ("wumpus", "yumpus", ...), each with a property, a chain of rules from the entity's concept to
 * the property asked about (`hops` rules), branches and a distractor concept with the opposite
 * property, a True/False statement, and the proof in the dataset's explanation style.
 *
 * Two layouts, as in the data: 2-4 hops like train.json (the sentences shuffled; the entity also
 * belongs to a second concept whose rules lead elsewhere); 5 hops like dev.json (the chain in
 * order, one property per concept, the distractor among them, one membership).
 */
import type { Rng } from "../../util/rng.js";

/** Hops of a problem (rules its proof applies): the data has 2, 3, 4 (train.json) and 5 (dev.json). */
export const MIN_HOPS = 2;
export const MAX_HOPS = 5;
/** The kinds, one per hop count: `hops2` .. `hops5`. */
export const PRONTOQA_KINDS = ["hops2", "hops3", "hops4", "hops5"] as const;
export type ProntoqaKind = (typeof PRONTOQA_KINDS)[number];

/** The dataset's concept names, entity names and property families (one property of a family per problem). */
const CONCEPTS = ["wumpus", "yumpus", "zumpus", "dumpus", "rompus", "numpus", "tumpus", "vumpus", "impus", "jompus", "gorpus", "shumpus", "lempus", "sterpus", "grimpus", "lorpus", "brimpus"];
const ENTITIES = ["Max", "Sam", "Wren", "Stella", "Alex", "Polly", "Sally", "Rex", "Fae"];
const FAMILIES = [
  ["blue", "red", "brown", "orange"], ["small", "large"], ["metallic", "wooden", "luminous", "liquid"], ["transparent", "opaque"],
  ["nervous", "happy", "feisty", "shy"], ["hot", "cold", "temperate"], ["sour", "sweet", "spicy", "bitter"], ["floral", "fruity", "earthy"],
  ["bright", "dull"], ["fast", "slow", "moderate"], ["aggressive", "amenable", "kind", "mean", "angry"], ["loud", "muffled", "melodic", "discordant"],
  ["windy", "sunny", "overcast", "rainy", "snowy"],
];

/** One problem: the context, the statement asked about, its label and proof. */
export interface ProntoqaProblem {
  hops: number;
  entity: string;
  context: string;
  /** "Max is not sour." */
  statement: string;
  label: "True" | "False";
  /** The explanation lines: "Max is a yumpus.", "Each yumpus is a dumpus.", "Max is a dumpus.", ... */
  proof: string[];
}

/** The question text in the loader's format. */
export const prontoqaQuestion = (p: ProntoqaProblem): string =>
  `${p.context}\n\nQuestion: Is the following statement true or false? ${p.statement}`;

/** The answer text as the loader formats gold answers (`labelExample`): the proof on one line, then the label. */
export const prontoqaAnswer = (p: ProntoqaProblem): string => `${p.proof.join(" ")}\nAnswer: ${p.label}`;

/**
 * The hop count of a kind, or null when it is not one.
 * @example hopsOfKind("hops3") // 3
 */
export function hopsOfKind(kind: unknown): number | null {
  const m = typeof kind === "string" ? /^hops(\d)$/.exec(kind) : null;
  const hops = m ? Number(m[1]) : NaN;
  return hops >= MIN_HOPS && hops <= MAX_HOPS ? hops : null;
}

const article = (noun: string): string => (/^[aeiou]/.test(noun) ? "an" : "a");
const capital = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** A rule "concept -> object", rendered once so that the proof quotes the context word for word. */
interface Rule {
  subject: string;
  object: string;
  positive: boolean;
  isClass: boolean;
  sentence: string;
}

function rule(rng: Rng, subject: string, object: string, positive: boolean, isClass: boolean): Rule {
  const not = positive ? "" : "not ";
  const form = rng.next();
  const sentence =
    form < 0.5
      ? `${capital(subject)}es are ${not}${isClass ? `${object}es` : object}.`
      : `${form < 0.75 ? "Every" : "Each"} ${subject} is ${not}${isClass ? `${article(object)} ${object}` : object}.`;
  return { subject, object, positive, isClass, sentence };
}

/**
 * A new problem with `hops` rules in its proof (2..5), every choice drawn from `rng`.
 * @throws RangeError when hops is outside 2..5.
 * @example makeProntoqaProblem(makeRng(1), 3).proof.length // 7
 */
export function makeProntoqaProblem(rng: Rng, hops: number): ProntoqaProblem {
  if (!Number.isInteger(hops) || hops < MIN_HOPS || hops > MAX_HOPS) throw new RangeError(`a ProntoQA problem has ${MIN_HOPS}..${MAX_HOPS} hops, got ${hops}`);
  const names = rng.shuffle(CONCEPTS);
  const families = rng.shuffle(FAMILIES);
  const concept = (): string => names.pop()!;
  const property = (): string => rng.pick(families.pop()!);
  const polarity = (): boolean => rng.next() < 0.65;
  const entity = rng.pick(ENTITIES);
  const asked = property();
  const holds = rng.next() < 0.5;
  const chain = Array.from({ length: hops }, concept);
  const steps = chain.slice(0, -1).map((c, i) => rule(rng, c, chain[i + 1]!, true, true));
  const answerRule = rule(rng, chain[hops - 1]!, asked, holds, false);
  const distractor = rule(rng, concept(), asked, !holds, false);
  const membership = `${entity} is ${article(chain[0]!)} ${chain[0]}.`;
  let sentences: string[];
  if (hops < MAX_HOPS) {
    // train.json's layout: properties on the chain, branches off it, a second membership, all shuffled
    const rules = [...steps, answerRule, distractor];
    for (const c of chain.slice(0, -1)) if (rng.next() < 0.8) rules.push(rule(rng, c, property(), polarity(), false));
    for (let b = rng.int(1, 4); b > 0; b--) {
      const branch = concept();
      rules.push(rule(rng, rng.pick(chain), branch, true, true), rule(rng, branch, property(), polarity(), false));
    }
    if (rng.next() < 0.5) {
      const over = concept(); // the distractor concept has rules of its own
      rules.push(rule(rng, distractor.subject, over, true, true), rule(rng, over, property(), polarity(), false));
    }
    const other = concept();
    const otherUp = concept();
    rules.push(rule(rng, other, property(), polarity(), false), rule(rng, other, otherUp, true, true), rule(rng, otherUp, property(), polarity(), false));
    const memberships = rng.shuffle([membership, `${entity} is ${article(other)} ${other}.`]);
    sentences = [...rng.shuffle(rules).map((r) => r.sentence), ...memberships];
  } else {
    // dev.json's layout: the chain in order (with a concept below it and some above), property then subclass per concept
    const below = rng.next() < 0.5 ? [concept()] : [];
    const above = Array.from({ length: rng.int(0, 3) }, concept);
    const line = [...below, ...chain, ...above];
    const ordered: string[] = [];
    line.forEach((c, i) => {
      const last = i === line.length - 1;
      if (c === chain[hops - 1]) ordered.push(answerRule.sentence);
      else if (!last || rng.next() < 0.5) ordered.push(rule(rng, c, property(), polarity(), false).sentence);
      if (!last) ordered.push(steps.find((s) => s.subject === c)?.sentence ?? rule(rng, c, line[i + 1]!, true, true).sentence);
    });
    ordered.splice(rng.int(0, ordered.length), 0, distractor.sentence);
    sentences = [...ordered, membership];
  }
  const conclusion = `${entity} is ${holds ? "" : "not "}${asked}.`;
  const proof = [membership, ...steps.flatMap((s) => [s.sentence, `${entity} is ${article(s.object)} ${s.object}.`]), answerRule.sentence, conclusion];
  const saysHolds = rng.next() < 0.5;
  return {
    hops,
    entity,
    context: sentences.join(" "),
    statement: `${entity} is ${saysHolds ? "" : "not "}${asked}.`,
    label: saysHolds === holds ? "True" : "False",
    proof,
  };
}
