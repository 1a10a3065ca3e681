/**
 * Game of 24's LLM teacher template (`game24/v1`): the new question must be a solvable puzzle of
 * four integers 1..13, and the answer must end `Answer: <expression> = 24` and pass the grader.
 */
import { finalAnswerLine } from "../../teacher/final-answer.js";
import { makeTemplate } from "../../teacher/templates.js";
import { checkExpression, puzzleNumbers, solvable } from "./check.js";
import { gradeGame24 } from "./grade.js";

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
