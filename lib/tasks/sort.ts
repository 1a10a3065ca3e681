/**
 * `sort`: put a few integers in ascending order. A small procedural task, and the worked example
 * of a task plug-in (see plugin.ts): Task, loader with its options, grader that takes the task's
 * answer form and a bare list, and the LLM teacher's template, in one file plus one registry line.
 */
import { makeTemplate } from "../teacher/templates.js";
import { makeRng, mixSeed, type Rng } from "../util/rng.js";
import { intOption, type TaskPlugin } from "./plugin.js";
import type { Example, GradeResult, Task, TaskData } from "./types.js";

const integers = (text: string): number[] => [...text.matchAll(/-?\d+/g)].map((m) => Number(m[0]));

/**
 * The list after the last `Sorted:` in a text, or, with no such line, every integer in it; null when none.
 * @example sortedList("3 is first, then 9.\nSorted: 3, 9, 12") // [3, 9, 12]
 */
export function sortedList(text: string): number[] | null {
  const at = text.lastIndexOf("Sorted:");
  const list = integers(at >= 0 ? text.slice(at + "Sorted:".length).split("\n")[0] ?? "" : text);
  return list.length > 0 ? list : null;
}

/** Right when the prediction's list is the reference's numbers in ascending order (reference: a worked answer, a bare list, or the question). */
export function gradeSort(prediction: string, reference: Example): GradeResult {
  const gold = sortedList(reference.answer);
  if (gold === null) throw new Error(`sort reference ${reference.id} has no numbers`);
  const want = [...gold].sort((a, b) => a - b);
  const got = sortedList(prediction);
  return { correct: got !== null && got.length === want.length && got.every((n, i) => n === want[i]), extracted: got?.join(", ") ?? null };
}

export const sortTask: Task = {
  name: "sort",
  promptVersion: "sort-v1",
  prompt: (question) =>
    'Put the numbers in order, smallest first, step by step, then write the final line "Sorted: a, b, c".\n\n' +
    `Question: ${question.trim()}\nSolution:\n`,
  stop: ["\n\nQuestion:", "\n\n\n"],
  maxAnswerTokens: 96,
  grade: gradeSort,
};

/** One worked example: `n` distinct integers in 1..maxValue. */
function sortExample(id: string, rng: Rng, n: number, maxValue: number): Example {
  const picked = new Set<number>();
  while (picked.size < n) picked.add(rng.int(1, maxValue));
  const numbers = [...picked];
  const sorted = [...numbers].sort((a, b) => a - b);
  const steps = sorted.map((x, i) => (i === 0 ? `The smallest is ${x}.` : `Next is ${x}.`)).join(" ");
  return {
    id, task: "sort", kind: `len${n}`,
    question: `Sort these numbers from smallest to largest: ${numbers.join(", ")}`,
    answer: `${steps}\nSorted: ${sorted.join(", ")}`,
  };
}

export interface SortOptions {
  seed?: number;
  poolSize?: number;
  testSize?: number;
  minLength?: number;
  maxLength?: number;
  maxValue?: number;
}

/**
 * A seeded pool and test set (lists of minLength..maxLength numbers, equal shares per length).
 * @example loadSort({ poolSize: 20, testSize: 5 }).test.length // 5
 */
export function loadSort(options: SortOptions = {}): TaskData {
  const { seed = 0, poolSize = 500, testSize = 100, minLength = 3, maxLength = 6, maxValue = 99 } = options;
  if (minLength > maxLength) throw new Error(`sort: option "minLength" (${minLength}) is above "maxLength" (${maxLength})`);
  if (maxValue < maxLength) throw new Error(`sort: option "maxValue" (${maxValue}) must be at least "maxLength" (${maxLength}): the numbers are distinct`);
  const draw = (split: string, count: number): Example[] => {
    const rng = makeRng(mixSeed(seed, "sort", split));
    return Array.from({ length: count }, (_, i) =>
      sortExample(`sort/v1/s${seed}/${split}/${String(i).padStart(5, "0")}`, rng, minLength + (i % (maxLength - minLength + 1)), maxValue));
  };
  return { task: sortTask, seeds: draw("seed", poolSize), test: draw("test", testSize) };
}

export const sortPlugin: TaskPlugin = {
  task: sortTask,
  load: (options) => loadSort(options as SortOptions),
  options: {
    seed: intOption("seed of every draw (default 0)", 0),
    poolSize: intOption("seed examples (default 500)", 1),
    testSize: intOption("test examples (default 100)", 0),
    minLength: intOption("fewest numbers in a list (default 3)", 2, 20),
    maxLength: intOption("most numbers in a list (default 6)", 2, 20),
    maxValue: intOption("largest number (default 99)", 2, 1_000_000),
  },
  teacherTemplate: makeTemplate({
    name: "sort",
    version: "sort/v1",
    questionRule: "It must list distinct whole numbers to sort, as many as the example, in the same words.",
    answerRule: "End with a final line `Sorted: a, b, c` listing every number in ascending order.",
    checkQuestion: (question) => (integers(question).length >= 2 ? null : "a sort question needs at least two numbers"),
    checkAnswer(answer, question) {
      const graded = gradeSort(answer, { id: "question", task: "sort", question, answer: question });
      return graded.correct && graded.extracted !== null ? { ok: true, value: graded.extracted } : { ok: false, reason: `wrong answer: ${graded.extracted ?? "no Sorted: line"}` };
    },
  }),
};
