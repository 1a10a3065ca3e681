/**
 * The two shapes of logic task: label sets (True/False[/Unknown]: ProntoQA, ProofWriter, FOLIO)
 * and multiple-choice sets (option letters: LogicalDeduction, LogiQA). Both end answers with
 * `Answer: <label or letter>` and share the extraction rule of `extract.ts`.
 */
import type { Example, GradeResult, Task } from "../types.js";
import { extractLabel, extractOption } from "./extract.js";

/** Instruction shared by the logic prompts' last line. */
function promptFrame(instruction: string, question: string): string {
  return `${instruction}\n\n${question.trim()}\nSolution:\n`;
}

/**
 * A True/False[/Unknown] task. The reference label is read from the reference answer with the
 * same extractor (so `grade(name, pred, "False")` and full worked answers both work).
 */
export function makeLabelTask(name: string, promptVersion: string, labels: readonly string[]): Task {
  const spelled = labels.map((l) => `"Answer: ${l}"`);
  const list = spelled.length === 2 ? spelled.join(" or ") : `${spelled.slice(0, -1).join(", ")} or ${spelled[spelled.length - 1]}`;
  const unknownHint = labels.includes("Unknown") ? " Say Unknown when the premises neither prove nor refute it." : "";
  const instruction =
    `Decide from the given facts and rules whether the statement is ${labels.join(", ")}.${unknownHint} ` +
    `Reason step by step, then finish with one line: ${list}.`;
  return {
    name,
    promptVersion,
    prompt: (question: string) => promptFrame(instruction, question),
    stop: ["\n\n\n", "\nSolution:"],
    maxAnswerTokens: 512,
    grade(prediction: string, reference: Example): GradeResult {
      const gold = extractLabel(reference.answer, labels) ?? rawLabel(reference.answer, labels);
      if (gold === null) throw new Error(`${name} reference ${reference.id} has no label`);
      const extracted = extractLabel(prediction, labels);
      return { correct: extracted === gold, extracted };
    },
  };
}

/** A multiple-choice task graded on the option letter. */
export function makeOptionTask(name: string, promptVersion: string): Task {
  const instruction =
    "Answer the multiple-choice question. Reason step by step, then finish with one line " +
    '"Answer: <letter>" naming exactly one option.';
  return {
    name,
    promptVersion,
    prompt: (question: string) => promptFrame(instruction, question),
    stop: ["\n\n\n", "\nSolution:"],
    maxAnswerTokens: 512,
    grade(prediction: string, reference: Example): GradeResult {
      const gold = extractOption(reference.answer) ?? rawOption(reference.answer);
      if (gold === null) throw new Error(`${name} reference ${reference.id} has no option letter`);
      const extracted = extractOption(prediction);
      return { correct: extracted === gold, extracted };
    },
  };
}

/**
 * A label in its dataset's raw form: the option letter of the Logic-LM files ("B" for
 * `B) False`; their options list the labels in this order), or FOLIO's "Uncertain" for Unknown.
 * @example rawLabel("B", ["True", "False"]) // "False"
 */
export function rawLabel(answer: string, labels: readonly string[]): string | null {
  const raw = answer.trim();
  const letter = /^\(?([A-Za-z])\)?$/.exec(raw);
  if (letter) return labels[letter[1]!.toUpperCase().charCodeAt(0) - 65] ?? null;
  if (/^uncertain$/i.test(raw) && labels.includes("Unknown")) return "Unknown";
  return null;
}

/**
 * An option letter in its dataset's raw form: LogiQA's files write the right choice in lower case.
 * @example rawOption("a") // "A"
 */
export function rawOption(answer: string): string | null {
  const m = /^\s*\(?([a-z])\)?\s*$/i.exec(answer);
  return m ? m[1]!.toUpperCase() : null;
}

/** `A) True` → `True`: the text of an option with its letter prefix removed. */
export function optionText(option: string): string {
  return option.replace(/^\s*\(?[A-Z]\s*[).:]\s*/, "").trim();
}
