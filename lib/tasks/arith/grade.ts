/**
 * Grading of arith answers: the final number, compared as an integer.
 */
import type { Example, GradeResult } from "../types.js";

// A number not glued to a digit before it: "68-12" reads 68 and 12, "-5" reads -5.
const NUMBER = /(?<!\d)-?\d+(?:\.\d+)?/g;

/**
 * The final number of an answer as written: the first number after the last `####` when there
 * is one (null if none follows it), else the last number in the text.
 * @example extractFinalNumber("23 + 45 = 68 #### 068") // "068"
 * @example extractFinalNumber("so he has 56 now") // "56"
 * @example extractFinalNumber("#### ") // null
 */
export function extractFinalNumber(text: string): string | null {
  const mark = text.lastIndexOf("####");
  const matches = (mark >= 0 ? text.slice(mark + 4) : text).match(NUMBER);
  if (!matches) return null;
  return mark >= 0 ? matches[0] : matches[matches.length - 1]!;
}

/** The integer a number string stands for ("068" -> "68", "68.00" -> "68", "-0" -> "0"), or null when not an integer. */
export function integerValue(text: string): string | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  if (m[3] !== undefined && /[^0]/.test(m[3])) return null;
  const value = BigInt(m[2]!);
  return (value === 0n || m[1] === "" ? value : -value).toString();
}

/**
 * Grades a prediction against a reference: correct iff the prediction's final number (see
 * {@link extractFinalNumber}) equals the reference's as integers ("068" equals 68; "3.5" equals nothing).
 * @throws when the reference answer has no final number (naming the example).
 * @example gradeArith("23 + 45 = 68 #### 68", { id: "r", task: "arith", question: "", answer: "#### 68" }) // { correct: true, extracted: "68" }
 */
export function gradeArith(prediction: string, reference: Pick<Example, "answer"> & { id?: string }): GradeResult {
  const ref = extractFinalNumber(reference.answer);
  const refValue = ref === null ? null : integerValue(ref);
  if (refValue === null) {
    throw new Error(`gradeArith: reference ${reference.id ?? JSON.stringify(reference.answer)} has no integer final answer`);
  }
  const extracted = extractFinalNumber(prediction);
  return { correct: extracted !== null && integerValue(extracted) === refValue, extracted };
}
