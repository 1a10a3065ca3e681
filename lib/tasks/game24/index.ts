/**
 * Game of 24 (the Tree of Thoughts puzzle list, 1,361 puzzles sorted easiest first). The question
 * is the puzzle (`"4 9 10 13"`); the reference answer is a solver-found expression.
 * Default split: test = ranks 901-1000 (as in ToT), seeds = all other puzzles. Its procedural
 * teacher (teacher.ts) and base data (base.ts) write new puzzles by difficulty class (difficulty.ts);
 * the LLM teacher's template is template.ts, with its output checks in check.ts.
 */
import { DataError, readDataText } from "../jsonl.js";
import { applyCaps, dataFile, seededSplit, type LoadTaskOptions } from "../options.js";
import type { Example, GradeResult, Task, TaskData } from "../types.js";
import { gradeGame24, parsePuzzle } from "./grade.js";
import { solveGame24 } from "./solve.js";
import { game24Template } from "./template.js";
import { DATASET_OPTIONS, numberOption, oneOfOption, type TaskPlugin } from "../plugin.js";
import { GAME24_KINDS, countGame24Ways, game24KindOfWays, type Game24Kind } from "./difficulty.js";
import { Game24Teacher } from "./teacher.js";
import { game24BaseExamples } from "./base.js";

export { gradeGame24, extractGame24Expression, checkGame24, parsePuzzle } from "./grade.js";
export { parseExpression, tokenize, evaluate, ExpressionError, type Expr } from "./parse.js";
export { solveGame24 } from "./solve.js";
export { GAME24_KINDS, countGame24Ways, game24KindOfWays, game24Puzzles, puzzleKey, type Game24Kind } from "./difficulty.js";
export { Game24Teacher, type Game24TeacherOptions } from "./teacher.js";
export { game24BaseExamples, type Game24BaseOptions } from "./base.js";
export { game24WorkedAnswer, workedSteps } from "./worked.js";
export { game24Template } from "./template.js";
export { checkExpression, puzzleNumbers, solvable } from "./check.js";

/** The puzzle an example asks about: `meta.puzzle` when present, else its question text. */
function puzzleOf(reference: Example): string {
  const p = reference.meta?.puzzle;
  return typeof p === "string" ? p : reference.question;
}

/** The Game of 24 task. */
export const game24Task: Task = {
  name: "game24",
  promptVersion: "game24-v1",
  prompt(question: string): string {
    return (
      "Use the four numbers with +, -, *, / and parentheses to make 24. Use every number exactly once. " +
      'Think briefly, then finish with one line "Answer: <expression> = 24".\n\n' +
      `Numbers: ${question.trim()}\nSolution:\n`
    );
  },
  stop: ["\n\nNumbers:"],
  maxAnswerTokens: 256,
  grade(prediction: string, reference: Example): GradeResult {
    return gradeGame24(prediction, puzzleOf(reference));
  },
};

/** One puzzle row of 24.csv. */
interface PuzzleRow {
  rank: number;
  puzzle: string;
  line: number;
}

function readPuzzles(file: string): PuzzleRow[] {
  const lines = readDataText(file).split(/\r?\n/);
  const header = lines[0]?.split(",").map((h) => h.trim()) ?? [];
  const col = header.indexOf("Puzzles");
  const rankCol = header.indexOf("Rank");
  if (col < 0 || rankCol < 0) throw new DataError(file, 1, `header must name "Rank" and "Puzzles" columns`);
  const out: PuzzleRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue;
    const cells = lines[i]!.split(",");
    const puzzle = cells[col]?.trim();
    if (!puzzle) throw new DataError(file, i + 1, `"Puzzles" is missing`, "Puzzles");
    try {
      parsePuzzle(puzzle);
    } catch {
      throw new DataError(file, i + 1, `"Puzzles" must hold four numbers (got ${JSON.stringify(puzzle)})`, "Puzzles");
    }
    const rank = Number(cells[rankCol]);
    if (!Number.isInteger(rank)) throw new DataError(file, i + 1, `"Rank" must be an integer`, "Rank");
    out.push({ rank, puzzle: puzzle.split(/\s+/).join(" "), line: i + 1 });
  }
  return out;
}

/** An example of a row; `kind` is its difficulty class (difficulty.ts), absent when it cannot make 24. */
function toExample(row: PuzzleRow, file: string, split: string): Example {
  const numbers = parsePuzzle(row.puzzle);
  const solution = solveGame24(numbers);
  const ways = countGame24Ways(numbers.map(Number));
  const kind = game24KindOfWays(ways);
  return {
    id: `game24/${split}/${row.rank}`,
    task: "game24",
    question: row.puzzle,
    answer: solution === null ? row.puzzle : `Answer: ${solution} = 24`,
    ...(kind ? { kind } : {}),
    meta: { file, line: row.line, rank: row.rank, puzzle: row.puzzle, solvable: solution !== null, ways },
  };
}

/** Game of 24's loader options: the common ones and how the test set is drawn. */
export interface Game24Options extends LoadTaskOptions {
  /** Test set: `tot` (default: ranks 901-1000, as in Tree of Thoughts) or `random` (a seeded share). */
  game24Test?: "tot" | "random";
  /** Share of rows sent to test with `game24Test: "random"`. Default 0.1. */
  testFraction?: number;
}

/** The rows of 24.csv split into seeds and test as the options say, before any cap. */
function splitRows(options: Game24Options): { file: string; seedRows: PuzzleRow[]; testRows: PuzzleRow[] } {
  const file = dataFile(options, "game24", "24.csv");
  const rows = readPuzzles(file);
  if ((options.game24Test ?? "tot") === "tot") {
    return { file, testRows: rows.filter((r) => r.rank >= 901 && r.rank <= 1000), seedRows: rows.filter((r) => r.rank < 901 || r.rank > 1000) };
  }
  const { seeds, test } = seededSplit(rows, options.testFraction ?? 0.1, options.seed ?? 0, "game24");
  return { file, seedRows: seeds, testRows: test };
}

/**
 * Loads Game of 24 from `game24/24.csv`. Each solvable example has a `kind`, its difficulty class
 * (`many`, `some`, `few`: how many ways make 24; see difficulty.ts).
 */
export function loadGame24(options: Game24Options = {}): TaskData {
  const { file, seedRows, testRows } = splitRows(options);
  const seeds = seedRows.map((r) => toExample(r, file, "seed"));
  const test = testRows.map((r) => toExample(r, file, "test"));
  return { task: game24Task, ...applyCaps("game24", seeds, test, options) };
}

/**
 * Every test puzzle of the split the options name, before `maxTest`/`limit` (what base data and
 * the procedural teacher keep out).
 */
export function game24TestPuzzles(options: Game24Options = {}): string[] {
  return splitRows(options).testRows.map((r) => r.puzzle);
}

/** The plug-in unit (see plugin.ts). */
export const game24Plugin: TaskPlugin = {
  task: game24Task,
  load: loadGame24,
  options: {
    ...DATASET_OPTIONS,
    game24Test: oneOfOption("test set: tot (default, ranks 901-1000 as in Tree of Thoughts) or random", ["tot", "random"]),
    testFraction: numberOption("share of rows sent to test with game24Test random (default 0.1)", 0.01, 0.99),
  },
  teacherTemplate: game24Template,
  proceduralTeacher: (knobs, taskOptions) =>
    new Game24Teacher({ ...knobs, ...(taskOptions ? { exclude: game24TestPuzzles(taskOptions as Game24Options) } : {}) }),
  baseData: (request, taskOptions) =>
    game24BaseExamples({
      kinds: (request.kinds ?? ["many"]) as Game24Kind[],
      n: request.examples,
      seed: request.seed ?? 0,
      exclude: game24TestPuzzles(taskOptions as Game24Options),
    }),
  kinds: GAME24_KINDS,
};
