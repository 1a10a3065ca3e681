/**
 * Examples to pretrain a base student on some of Game of 24's difficulty classes (the easy ones,
 * typically), worked the way the procedural teacher answers.
 */
import { makeRng, mixSeed } from "../../util/rng.js";
import type { Example } from "../types.js";
import { GAME24_KINDS, game24Puzzles, puzzleKey, type Game24Kind, type Game24Puzzle } from "./difficulty.js";
import { parsePuzzle } from "./grade.js";
import { game24WorkedAnswer } from "./worked.js";

export interface Game24BaseOptions {
  /** Classes to cover, in equal numbers. */
  kinds: Game24Kind[];
  /** Number of examples. */
  n: number;
  seed: number;
  /** Puzzles to leave out (pass the test puzzles), as their numbers, e.g. `"4 9 10 13"`. */
  exclude?: Iterable<string>;
}

const isKind = (k: unknown): k is Game24Kind => (GAME24_KINDS as readonly unknown[]).includes(k);

/**
 * Base-pretraining examples, ids `game24/v1/base/s<seed>/00000`..., drawn from every solvable
 * puzzle of card values 1..13 (the same puzzles 24.csv holds) less `exclude`. Each kind gets
 * `n / kinds.length` examples (the first kinds one more when it does not divide), its puzzles in a
 * seeded order without repeats until all were used (a class has 426-474 puzzles; past that the
 * order starts again), and the examples are shuffled together.
 * @throws naming the option when one is out of range, or a kind with no puzzle left after `exclude`.
 * @example game24BaseExamples({ kinds: ["many"], n: 3, seed: 0 }).map((e) => e.kind) // ["many", "many", "many"]
 */
export function game24BaseExamples(options: Game24BaseOptions): Example[] {
  const { kinds, n, seed } = options;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new Error("game24BaseExamples: option kinds must be a non-empty array");
  for (const k of kinds) {
    if (!isKind(k)) throw new Error(`game24BaseExamples: option kinds has unknown kind ${JSON.stringify(k)} (known: ${GAME24_KINDS.join(", ")})`);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`game24BaseExamples: option n must be an integer >= 0, got ${JSON.stringify(n)}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`game24BaseExamples: option seed must be an integer >= 0, got ${JSON.stringify(seed)}`);
  const excluded = new Set([...(options.exclude ?? [])].map((p) => puzzleKey(parsePuzzle(p))));
  const wanted = [...new Set(kinds)];
  const picked: Game24Puzzle[] = [];
  wanted.forEach((kind, i) => {
    const count = Math.floor(n / wanted.length) + (i < n % wanted.length ? 1 : 0);
    const eligible = game24Puzzles().filter((p) => p.kind === kind && !excluded.has(p.key));
    if (eligible.length === 0 && count > 0) throw new Error(`game24BaseExamples: no puzzle of kind ${kind} is left after excluding ${excluded.size} puzzles`);
    const rng = makeRng(mixSeed("game24/v1", "base", seed, kind));
    let order: Game24Puzzle[] = [];
    for (let j = 0; j < count; j++) {
      if (order.length === 0) order = rng.shuffle(eligible);
      picked.push(order.pop()!);
    }
  });
  const rng = makeRng(mixSeed("game24/v1", "base", seed, "mix"));
  return rng.shuffle(picked).map((p, i) => ({
    id: `game24/v1/base/s${seed}/${String(i).padStart(5, "0")}`,
    task: "game24",
    kind: p.kind,
    question: p.key,
    answer: game24WorkedAnswer(p.numbers)!.answer,
    meta: { puzzle: p.key, solvable: true, ways: p.ways },
  }));
}
