/**
 * What a prompt template of the LLM teacher is, and `makeTemplate` to build one, after the paper's
 * two calls: (1) write ONE new question in the style and difficulty of a seed, between `<question>`
 * markers; (2) write a worked answer to it, ending in the task's final-answer format. A template
 * also parses call 1 strictly and checks that call 2 carries a readable final result.
 * The templates themselves live with their tasks (`teacherTemplate` of each plug-in in lib/tasks/).
 * A template's `version` is part of every cache key: change the text, bump the version.
 */
import type { Example } from "../core/example.js";
import type { ChatMessage } from "./transport.js";
import { parseQuestionBlock, type Parsed } from "./final-answer.js";

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

/** A template's task-specific parts; `makeTemplate` adds the shared prompt text and the question parsing. */
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
