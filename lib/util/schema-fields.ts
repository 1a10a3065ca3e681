/**
 * Field builders for the run-config schema (zod): each carries the message a user sees when the
 * value is wrong ("must be an integer >= 1, got 0"), so the schema is the one place a field's type,
 * range, default and error text are written. `configIssue` turns zod's first issue into the field
 * path and message that ConfigError shows.
 */
import { z } from "zod";
import { didYouMean } from "./nearest.js";

const shown = (input: unknown): string => (input === undefined ? "" : `, got ${JSON.stringify(input)}`);

/** A whole number >= min (and <= max). */
export function intField(min: number, max?: number) {
  const must = `must be an integer ${max === undefined ? `>= ${min}` : `in ${min}..${max}`}`;
  const error = (issue: { input?: unknown }) => must + shown(issue.input);
  const atLeast = z.int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
}

/** A finite number in min..max; `note` follows the range in the message. */
export function numberField(min: number, max: number, note = "") {
  const error = (issue: { input?: unknown }) => `must be a number in ${min}..${max}${note}${shown(issue.input)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** One of a few strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `must be one of ${values.join(", ")} (got ${JSON.stringify(issue.input)})` });
}

/** A non-empty string. */
export function text() {
  const error = "must be a non-empty string";
  return z.string({ error }).min(1, { error });
}

/** How an object field names its unknown keys, and what to say when it is missing or not an object. */
export interface ObjectMessages {
  /** The message for an unknown key; `near` is the " (did you mean ...)" hint or "". */
  unknown(key: string, near: string, known: readonly string[]): string;
  /** After "is missing: " when a required object is absent. */
  missing?: string;
  /** After "must be an object" (an example, say). */
  example?: string;
}

/** An object that refuses unknown keys with `messages.unknown` (the nearest known name included). */
export function fields<S extends z.ZodRawShape>(shape: S, messages: ObjectMessages) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const key = String((issue as { keys: string[] }).keys[0]);
        return messages.unknown(key, didYouMean(key, known), known);
      }
      if (issue.input === undefined && messages.missing) return `is missing: ${messages.missing}`;
      return `must be an object${messages.example ? `, e.g. ${messages.example}` : ""}`;
    },
  });
}

/** `a.b[0].c` from zod's path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(root)";
}

/**
 * The issue a user is shown first, as a field path and a message: an unknown key before a wrong
 * value (a misspelt field is the likelier mistake), else the first issue in field order.
 */
export function configIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0]!;
  if (issue.code === "unrecognized_keys") return { field: fieldPath([...issue.path, issue.keys[0]!]), message: issue.message };
  return { field: fieldPath(issue.path), message: issue.message };
}
