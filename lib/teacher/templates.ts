/**
 * Versioned prompt templates of the LLM teacher, one per task family, after the paper's two calls:
 * (1) write ONE new question in the style and difficulty of a seed, between `<question>` markers;
 * (2) write a worked answer to it, ending in the task's final-answer format. Each template also
 * parses call 1 strictly and checks that call 2 carries a readable final result.
 * A template's `version` is part of every cache key: change the text, bump the version.
 */
import type { Example } from "../tasks/types.js";
import type { ChatMessage } from "./transport.js";
import { finalAnswerLine, finalBoxed, finalHashNumber, finalLabel, parseQuestionBlock, type Parsed } from "./final-answer.js";
import { checkExpression, puzzleNumbers, solvable } from "./game24.js";
import { gradeGame24 } from "../tasks/game24/grade.js";

export interface TeacherTemplate {
  /** e.g. `math-hash`, `math-boxed`, `game24`, `logic`. */
  readonly name: string;
  /** e.g. `math-hash/v1`; part of the cache key. */
  readonly version: string;
  /** Messages of call 1: write a new question from the seed. */
  questionMessages(seed: Example): ChatMessage[];
  /** Reads the new question from call 1's output. */
  parseQuestion(output: string, seed: Example): Parsed<string>;
  /** Messages of call 2: a worked answer to the new question (the seed's answer shows the format). */
  answerMessages(question: string, seed: Example): ChatMessage[];
  /** The final result of call 2's answer, or why there is none. */
  checkAnswer(answer: string, question: string, seed: Example): Parsed<string>;
}

const SYSTEM = "You write training problems and worked solutions for a student model. Follow the output format exactly.";

export interface FamilySpec {
  name: string;
  version: string;
  /** Extra constraint on the new question. */
  questionRule: string;
  /** How the answer must end. */
  answerRule: string;
  checkQuestion?(question: string, seed: Example): string | null;
  checkAnswer(answer: string, question: string, seed: Example): Parsed<string>;
}

export function makeTemplate(spec: FamilySpec): TeacherTemplate {
  return {
    name: spec.name,
    version: spec.version,
    questionMessages: (seed) => [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content:
          `Here is an example problem with its solution.\n\n<example_question>\n${seed.question}\n</example_question>\n` +
          `<example_answer>\n${seed.answer}\n</example_answer>\n\n` +
          `Write ONE new problem of the same style, topic and difficulty. It must be self-contained and ` +
          `solvable, and it must not copy the example. ${spec.questionRule}\n` +
          `Do not solve it. Write only the new problem, between <question> and </question>.`,
      },
    ],
    parseQuestion(output, seed) {
      const parsed = parseQuestionBlock(output, seed.question);
      if (!parsed.ok) return parsed;
      const problem = spec.checkQuestion?.(parsed.value, seed) ?? null;
      return problem === null ? parsed : { ok: false, reason: `malformed question: ${problem}` };
    },
    answerMessages: (question, seed) => [
      { role: "system", content: SYSTEM },
      {
        role: "user",
        content:
          `Solve the problem below step by step. ${spec.answerRule}\n\n` +
          `Example of the expected solution format:\n<example_question>\n${seed.question}\n</example_question>\n` +
          `<example_answer>\n${seed.answer}\n</example_answer>\n\n` +
          `Problem:\n${question}\n\nWrite only the solution.`,
      },
    ],
    checkAnswer: spec.checkAnswer,
  };
}

/** GSM8K, arith: the answer ends with `#### <number>`. */
export const mathHashTemplate = makeTemplate({
  name: "math-hash",
  version: "math-hash/v1",
  questionRule: "It must have a single numerical answer.",
  answerRule: "End with a final line `#### <number>` giving only the final number (no units).",
  checkAnswer: (answer) => finalHashNumber(answer),
});

/** MATH: the answer ends with `\boxed{...}`. */
export const mathBoxedTemplate = makeTemplate({
  name: "math-boxed",
  version: "math-boxed/v1",
  questionRule: "It must have a single final answer (a number or an exact expression).",
  answerRule: "Put the final answer in \\boxed{...} at the end.",
  checkAnswer: (answer) => finalBoxed(answer),
});

/** Game of 24: the question is four integers 1..13 that can make 24; the answer ends `Answer: <expression> = 24`. */
export const game24Template = makeTemplate({
  name: "game24",
  version: "game24/v1",
  questionRule: "It must be four integers from 1 to 13 that can be combined with + - * / to make 24, written in the same format as the example.",
  answerRule: "Use each of the four numbers exactly once with + - * / and parentheses. End with a final line `Answer: <expression> = 24`.",
  checkQuestion(question) {
    const nums = puzzleNumbers(question);
    if (nums.length !== 4) return `a Game of 24 puzzle needs 4 numbers, found ${nums.length}`;
    if (nums.some((n) => n < 1 || n > 13)) return `numbers must be 1..13, got [${nums.join(", ")}]`;
    return solvable(nums) ? null : `[${nums.join(", ")}] cannot make 24`;
  },
  checkAnswer(answer, question) {
    const line = finalAnswerLine(answer);
    if (!line.ok) return line;
    // The project's grader decides (exactly as the loop grades); the local check only explains a failure.
    // The grader reads the puzzle as "four numbers"; pass it the four we read (the text may say "make 24").
    const graded = gradeGame24(answer, puzzleNumbers(question).join(" "));
    if (graded.correct && graded.extracted !== null) return { ok: true, value: graded.extracted };
    const expr = graded.extracted ?? line.value.replace(/\s*=\s*24\s*\.?\s*$/, "").trim();
    const check = checkExpression(expr, puzzleNumbers(question));
    return { ok: false, reason: `wrong answer: ${check.ok ? `the grader rejects '${expr}'` : check.reason}` };
  },
});

/** Logic sets (multiple choice or True/False/Unknown): the answer ends `Answer: <label>`. */
export const logicTemplate = makeTemplate({
  name: "logic",
  version: "logic/v1",
  questionRule: "Keep the same kind of answer options as the example (True/False/Unknown or lettered choices), listed the same way.",
  answerRule: "End with a final line `Answer: <label>` where <label> is the answer option (e.g. True, False, Unknown, or a letter).",
  checkAnswer: (answer, question, seed) => finalLabel(answer, seed.answer, question),
});
