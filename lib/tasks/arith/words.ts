/**
 * The words the arith templates use. Every word here is in the tiny tokenizer's vocabulary
 * (gpu-server/activesynth_server/tiny/words.txt); a word outside it would be spelled out letter
 * by letter, and a test checks that none is.
 */

export interface Person {
  name: string;
  /** Subject pronoun, lower case ("he", "she"). */
  he: string;
}

const male = ["Tom", "Sam", "Ben", "Max", "Leo", "Eli", "Noah", "Liam", "Omar", "Ravi", "Kai", "Jack"];
const female = ["Ann", "Mia", "Lea", "Zoe", "Ava", "Ivy", "Emma", "Nora", "Rosa", "Yuki", "Lily", "Sara"];

export const PEOPLE: readonly Person[] = [
  ...male.map((name) => ({ name, he: "he" })),
  ...female.map((name) => ({ name, he: "she" })),
];

export const ITEMS: readonly string[] = [
  "apples", "pears", "oranges", "lemons", "plums", "eggs", "pens", "pencils", "books", "cards", "coins", "stamps",
  "marbles", "stickers", "shells", "cookies", "cakes", "cups", "plates", "balls", "toys", "flowers", "stones",
  "beads", "buttons", "candles", "tickets",
];

/** Containers for `mul`: [singular, plural]. */
export const CONTAINERS: readonly (readonly [string, string])[] = [
  ["box", "boxes"], ["bag", "bags"], ["basket", "baskets"], ["shelf", "shelves"], ["row", "rows"], ["group", "groups"],
];

/** Sentences that add `{n}`; `{He}`/`{he}` is the pronoun. At most 4 words, so 3 steps stay within 25 words. */
export const ADD_STEPS: readonly string[] = [
  "{He} buys {n} more.", "{He} gets {n} more.", "{He} finds {n} more.", "{He} picks {n} more.",
];

/** Sentences that take away `{n}`. */
export const SUB_STEPS: readonly string[] = [
  "{He} gives {n} away.", "{He} sells {n}.", "{He} loses {n}.", "{He} uses {n}.",
];

/** Openers: `{N}` name, `{a}` first number, `{items}`. */
export const OPENERS: readonly string[] = ["{N} has {a} {items}.", "{N} starts with {a} {items}."];

/** `mul` openers: `{b}` containers of `{a}` items each. */
export const MUL_OPENERS: readonly string[] = [
  "{N} has {b} {boxes}. Each {box} has {a} {items}.",
  "{N} buys {b} {boxes} of {items}. Each {box} has {a}.",
];

/** Closing questions, by what the last operation was. */
export const QUESTIONS_AFTER_ADD: readonly string[] = ["How many {items} does {he} have now?", "How many {items} does {he} have altogether?"];
export const QUESTIONS_AFTER_SUB: readonly string[] = ["How many {items} does {he} have now?", "How many {items} are left?"];
export const QUESTIONS_AFTER_MUL: readonly string[] = ["How many {items} does {he} have?", "How many {items} are there in all?"];
