/**
 * Reader for the Logic-LM JSON arrays (ProntoQA, ProofWriter, LogicalDeduction): rows with `id`,
 * `context`, `question`, `options` ("A) ..."), `answer` (a letter) and optionally `explanation`.
 */
import { DataError, readJsonArray, stringArrayField, stringField, type Row } from "../jsonl.js";
import { optionText } from "./task.js";

/** One checked Logic-LM row. */
export interface LogicLmRow {
  row: Row;
  id: string;
  context: string;
  question: string;
  options: string[];
  /** The answer letter, uppercase. */
  letter: string;
  /** Gold proof chain when the row has one (ProntoQA). */
  explanation: string[] | null;
}

/**
 * Reads and checks a Logic-LM file.
 * @throws DataError `file:line: "answer" ...` when the answer letter is not one of the options.
 */
export function readLogicLm(file: string): LogicLmRow[] {
  return readJsonArray(file).map((row) => {
    const id = stringField(row, "id");
    const context = stringField(row, "context");
    const question = stringField(row, "question");
    const options = stringArrayField(row, "options");
    const letter = stringField(row, "answer").trim().toUpperCase();
    const letters = options.map((o) => /^\s*\(?([A-Z])\s*[).:]/.exec(o)?.[1]);
    if (letters.some((l) => l === undefined)) {
      throw new DataError(row.file, row.line, `"options" must each start with a letter like "A)"`, "options");
    }
    if (!letters.includes(letter)) {
      throw new DataError(row.file, row.line, `"answer" must be one of ${letters.join(", ")} (got ${JSON.stringify(letter)})`, "answer");
    }
    const ex = (row.value as Record<string, unknown>).explanation;
    const explanation = Array.isArray(ex) && ex.every((s) => typeof s === "string") ? (ex as string[]) : null;
    return { row, id, context, question, options, letter, explanation };
  });
}

/** The label text of the row's answer (`"A"` with `"A) True"` → `"True"`). */
export function answerText(r: LogicLmRow): string {
  const option = r.options[r.letter.charCodeAt(0) - 65];
  if (option === undefined) throw new Error(`logic-lm row ${r.id} has no option at its answer letter "${r.letter}"`);
  return optionText(option);
}
