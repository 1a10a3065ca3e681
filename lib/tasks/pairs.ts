import type { Example, Task } from "./types.js";
import type { ScoreItem } from "../student/types.js";

/**
 * The completion text for an answer under a task's prompt: a leading space when the prompt ends
 * without whitespace (`A:` + ` 68`), so training pairs and scored pairs tokenise the same way.
 */
export function completionFor(task: Task, question: string, answer: string): string {
  const prompt = task.prompt(question);
  const trimmed = answer.replace(/^\s+/, "");
  return /\s$/.test(prompt) ? trimmed : " " + trimmed;
}

/** The prompt/completion pair the student trains on (and `gt-loss` scores) for an example. */
export function trainingPair(task: Task, example: Pick<Example, "question" | "answer">): ScoreItem {
  return { prompt: task.prompt(example.question), completion: completionFor(task, example.question, example.answer) };
}

/**
 * The pair that scores a student's own answer. An empty answer (the model stopped at once) is
 * scored as a single space, so it still gets a likelihood instead of an error.
 */
export function answerPair(task: Task, question: string, answer: string): ScoreItem {
  const completion = answer.length > 0 ? answer : " ";
  return { prompt: task.prompt(question), completion };
}
