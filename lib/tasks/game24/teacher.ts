/**
 * The offline teacher of Game of 24: given a seed puzzle, it writes the nearest solvable puzzle of
 * the seed's difficulty class (fewest numbers changed, one of the nearest at random), occasionally
 * of the class one easier or harder, and answers it with the solver's expression and its steps.
 * It reports usage as if it were an LLM making two calls, like the arith world's ProceduralTeacher.
 */
import { roughTokenCount } from "../../teacher/usage.js";
import { zeroUsage, type GenerateRequest, type Generation, type Teacher } from "../../teacher/types.js";
import { checkKnobs, startGeneration, stepLevel, type Knobs } from "../procedural-knobs.js";
import type { ProceduralTeacherKnobs } from "../plugin.js";
import type { Example } from "../types.js";
import { GAME24_KINDS, countGame24Ways, game24KindOfWays, game24Puzzles, puzzleDistance, puzzleKey, type Game24Puzzle } from "./difficulty.js";
import { parsePuzzle } from "./grade.js";
import { game24WorkedAnswer } from "./worked.js";

// The prompts an LLM teacher would be sent; only their token counts are used.
const QUESTION_INSTRUCTIONS =
  "Write one new Game of 24 puzzle like the example below: four numbers from 1 to 13 that can make 24, about as hard. " +
  "Reply with the four numbers only.\n\nExample:\n";
const ANSWER_INSTRUCTIONS =
  "Use the four numbers with +, -, *, / and parentheses to make 24, each exactly once. " +
  'Write the steps on one line, then "Answer: <expression> = 24".\n\nNumbers:\n';

export interface Game24TeacherOptions extends ProceduralTeacherKnobs {
  /**
   * Puzzles the teacher never writes, as their numbers (`"4 9 10 13"`, any order or separator):
   * pass the run's test puzzles. Every solvable puzzle of 1..13 is in 24.csv, so without this
   * about one child in fourteen is a puzzle of the ToT test band.
   */
  exclude?: Iterable<string> | undefined;
}

/**
 * The numbers of a seed (its `meta.puzzle`, else its question), or why it has none.
 * @example readSeedPuzzle({ id: "x", task: "game24", question: "4 9 10 13", answer: "" }) // [4, 9, 10, 13]
 */
export function readSeedPuzzle(seed: Example): number[] | string {
  const text = typeof seed.meta?.puzzle === "string" ? seed.meta.puzzle : seed.question;
  try {
    return parsePuzzle(text).map(Number);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Procedural teacher for Game of 24, id `procedural/game24/v1`. Knobs: pSimpler is the chance of a
 * puzzle one class easier (few -> some -> many), pHarder one class harder; at the end of the scale
 * the class is kept (meta.variant says "same"). Deterministic: the same request (seed, sampleIndex,
 * rngSeed) gives the same generation. A seed without four numbers, or one that cannot make 24, gives
 * `{ ok: false }` saying so, with zero usage.
 * @example
 * const seed = { id: "game24/seed/1", task: "game24", question: "1 1 4 6", answer: "Answer: (1 + 1) * (4 + 6) = 24" };
 * const g = new Game24Teacher({ pSimpler: 0, pHarder: 0 }).generateSync({ seed, sampleIndex: 0, rngSeed: 1 });
 * g.ok && [g.question, g.kind, g.meta?.changed] // ["1 1 4 7", "many", 1]
 */
export class Game24Teacher implements Teacher {
  readonly id = "procedural/game24/v1";
  readonly knobs: Knobs;
  private readonly excluded: Set<string>;

  constructor(options: Game24TeacherOptions = {}) {
    this.knobs = checkKnobs("Game24Teacher", options);
    this.excluded = new Set([...(options.exclude ?? [])].map((p) => puzzleKey(parsePuzzle(p))));
  }

  async generate(request: GenerateRequest): Promise<Generation> {
    return this.generateSync(request);
  }

  /** {@link generate} without the promise. */
  generateSync(request: GenerateRequest): Generation {
    const { seed } = request;
    const numbers = readSeedPuzzle(seed);
    if (typeof numbers === "string") return { ok: false, reason: `seed ${seed.id} is not a Game of 24 puzzle: ${numbers}`, usage: zeroUsage() };
    const seedKind = game24KindOfWays(countGame24Ways(numbers));
    if (seedKind === null) {
      return { ok: false, reason: `seed ${seed.id} (${puzzleKey(numbers)}) cannot make 24, so it has no difficulty class to copy`, usage: zeroUsage() };
    }
    const start = startGeneration(this.id, this.knobs, request, QUESTION_INSTRUCTIONS, { completionTokens: 8, what: "puzzle" });
    if ("failed" in start) return start.failed;
    const { rng, questionPrompt } = start;
    const target = stepLevel(GAME24_KINDS, seedKind, start.variant);
    const seedKey = puzzleKey(numbers);
    let nearest: Game24Puzzle[] = [];
    let best = Infinity;
    for (const p of game24Puzzles()) {
      if (p.kind !== target.level || p.key === seedKey || this.excluded.has(p.key)) continue;
      const d = puzzleDistance(numbers, p.numbers);
      if (d < best) [best, nearest] = [d, [p]];
      else if (d === best) nearest.push(p);
    }
    if (nearest.length === 0) {
      return { ok: false, reason: `no puzzle of class ${target.level} is left to write (all are excluded)`, usage: zeroUsage() };
    }
    const child = rng.pick(nearest);
    const worked = game24WorkedAnswer(child.numbers)!; // every table puzzle is solvable
    const question = child.key;
    const usage = {
      calls: 2,
      promptTokens: roughTokenCount(questionPrompt) + roughTokenCount(`${ANSWER_INSTRUCTIONS}${question}`),
      completionTokens: roughTokenCount(question) + roughTokenCount(worked.answer),
      costUsd: 0,
    };
    return {
      ok: true,
      question,
      answer: worked.answer,
      kind: child.kind,
      usage,
      meta: { puzzle: child.key, solvable: true, ways: child.ways, expression: worked.expression, seedPuzzle: seedKey, changed: best, variant: target.variant },
    };
  }
}
