/**
 * Difficulty classes of Game of 24 puzzles, computable for any four numbers (a generated puzzle
 * has no rank): the number of ways the solver's search makes 24. Over the 1,362 puzzles of 24.csv
 * the count follows the human solve rate (Spearman 0.72; rank -0.53), and the classes split them
 * in near thirds: `many` (>= 20 ways; 462 puzzles, mean solve rate 94.5%), `some` (8-19; 474,
 * 86.6%), `few` (1-7; 426, 74.1%). The ToT test band (ranks 901-1000) holds 19 many, 46 some, 35 few.
 */

/** The classes, easiest first. */
export const GAME24_KINDS = ["many", "some", "few"] as const;
export type Game24Kind = (typeof GAME24_KINDS)[number];

/** Fewest ways for `many`, and for `some`. */
export const MANY_WAYS = 20;
export const SOME_WAYS = 8;

/** Card values: the dataset's puzzles are four numbers in 1..13. */
export const CARD_MIN = 1;
export const CARD_MAX = 13;

interface Frac {
  n: number;
  d: number;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

const frac = (n: number, d: number): Frac => {
  const g = gcd(n, d) || 1;
  return d < 0 ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g };
};

/**
 * Ways to make 24: the leaves of the solver's search (pick an ordered pair, combine it with + or *
 * once per unordered pair, with - or / in both orders, repeat) whose value is exactly 24. A count
 * of derivations, not of distinct expressions: `(1 + 2 + 3) * 4` is reached along several paths.
 * Exact fractions (all values stay far below 2^53 for numbers up to 13). Cost: 3,888 leaves for four numbers.
 * @example countGame24Ways([4, 9, 10, 13]) // 9
 * @example countGame24Ways([1, 1, 1, 1]) // 0
 */
export function countGame24Ways(numbers: readonly number[]): number {
  let ways = 0;
  const is24 = (n: number, d: number): number => (n === 24 * d && d !== 0 ? 1 : 0);
  const search = (items: Frac[]): void => {
    if (items.length === 2) {
      // the last step directly: a + b, a * b, a - b, b - a, a / b, b / a (d > 0 throughout)
      const [a, b] = items as [Frac, Frac];
      ways += is24(a.n * b.d + b.n * a.d, a.d * b.d) + is24(a.n * b.n, a.d * b.d);
      ways += is24(a.n * b.d - b.n * a.d, a.d * b.d) + is24(b.n * a.d - a.n * b.d, a.d * b.d);
      if (b.n !== 0) ways += is24(a.n * b.d * Math.sign(b.n), Math.abs(a.d * b.n));
      if (a.n !== 0) ways += is24(b.n * a.d * Math.sign(a.n), Math.abs(b.d * a.n));
      return;
    }
    if (items.length === 1) {
      if (items[0]!.n === 24 && items[0]!.d === 1) ways++;
      return;
    }
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length; j++) {
        if (i === j) continue;
        const a = items[i]!;
        const b = items[j]!;
        const rest = items.filter((_, k) => k !== i && k !== j);
        if (i < j) {
          search([...rest, frac(a.n * b.d + b.n * a.d, a.d * b.d)]);
          search([...rest, frac(a.n * b.n, a.d * b.d)]);
        }
        search([...rest, frac(a.n * b.d - b.n * a.d, a.d * b.d)]);
        if (b.n !== 0) search([...rest, frac(a.n * b.d, a.d * b.n)]);
      }
    }
  };
  search(numbers.map((n) => ({ n, d: 1 })));
  return ways;
}

/**
 * The class of a count of ways; null for 0 (no way to make 24).
 * @example game24KindOfWays(4) // "few"
 */
export function game24KindOfWays(ways: number): Game24Kind | null {
  return ways >= MANY_WAYS ? "many" : ways >= SOME_WAYS ? "some" : ways >= 1 ? "few" : null;
}

/** One puzzle of the table: its numbers in ascending order, its key (`"1 1 4 6"`), ways and class. */
export interface Game24Puzzle {
  numbers: number[];
  key: string;
  ways: number;
  kind: Game24Kind;
}

let table: Game24Puzzle[] | null = null;

/**
 * Every solvable puzzle of four card values 1..13 (multisets, ascending), in ascending order of
 * numbers; built once (about 0.1 s) and shared.
 * @example game24Puzzles().length // 1362
 */
export function game24Puzzles(): readonly Game24Puzzle[] {
  if (table) return table;
  const out: Game24Puzzle[] = [];
  for (let a = CARD_MIN; a <= CARD_MAX; a++) {
    for (let b = a; b <= CARD_MAX; b++) {
      for (let c = b; c <= CARD_MAX; c++) {
        for (let d = c; d <= CARD_MAX; d++) {
          const numbers = [a, b, c, d];
          const ways = countGame24Ways(numbers);
          const kind = game24KindOfWays(ways);
          if (kind) out.push({ numbers, key: numbers.join(" "), ways, kind });
        }
      }
    }
  }
  table = out;
  return out;
}

/**
 * A puzzle's numbers in ascending order, space-separated: how the table and the teacher's
 * `exclude` name a puzzle.
 * @example puzzleKey([13, 4, 10, 9]) // "4 9 10 13"
 */
export const puzzleKey = (numbers: readonly (number | bigint)[]): string =>
  numbers.map(Number).sort((a, b) => a - b).join(" ");

/**
 * How many of the four numbers must change to turn one puzzle into the other (4 minus the size of
 * their common multiset).
 * @example puzzleDistance([1, 1, 4, 6], [1, 4, 6, 6]) // 1
 */
export function puzzleDistance(a: readonly number[], b: readonly number[]): number {
  const left = [...b];
  let common = 0;
  for (const x of a) {
    const at = left.indexOf(x);
    if (at >= 0) {
      left.splice(at, 1);
      common++;
    }
  }
  return Math.max(a.length, b.length) - common;
}
