/**
 * Options a plug-in declares (a task's loader options, a criterion's options), as zod schemas
 * with their doc and, where the reader has one, the default it applies. The run-config schema
 * joins them in (validation, the published JSON Schema, the README's tables), so a plug-in's
 * option is declared once.
 */
import { z } from "zod";
import { intField, numberField } from "./schema-fields.js";

/** One option: a zod schema of its value, its doc in `description`, its default in the metadata. */
export type OptionSpec = z.ZodType;

const got = (input: unknown): string => `, got ${JSON.stringify(input)}`;

/** An integer option in min..max (the run config's `intField`, with its doc). */
export function intOption(doc: string, min: number, max = Infinity): OptionSpec {
  return intField(min, max === Infinity ? undefined : max).meta({ description: doc });
}

/** A number option in min..max (the run config's `numberField`, with its doc). */
export function numberOption(doc: string, min: number, max: number): OptionSpec {
  return numberField(min, max).meta({ description: doc });
}

/** One of a few strings. */
export function oneOfOption(doc: string, values: readonly [string, ...string[]]): OptionSpec {
  return z.enum(values, { error: (i) => `must be one of ${values.join(", ")}${got(i.input)}` }).meta({ description: doc });
}

/** A non-empty string. */
export function stringOption(doc: string): OptionSpec {
  const error = (i: { input?: unknown }) => `must be a non-empty string${got(i.input)}`;
  return z.string({ error }).min(1, { error }).meta({ description: doc });
}

/** An object option whose fields the reader checks itself (arith's poolMix, say). */
export function objectOption(doc: string): OptionSpec {
  return z.record(z.string(), z.unknown(), { error: (i) => `must be an object${got(i.input)}` }).meta({ description: doc });
}

/** The same option with the default its reader applies, shown in the docs and the JSON Schema. */
export function withDefault(spec: OptionSpec, value: number | string): OptionSpec {
  return spec.meta({ ...spec.meta(), default: value });
}

/** The doc of an option (through `.optional()`). */
export function optionDoc(spec: OptionSpec): string {
  return (spec instanceof z.ZodOptional ? optionDoc(spec.unwrap() as OptionSpec) : spec.description) ?? "";
}

/** The default an option documents, if any. */
export function optionDefault(spec: OptionSpec): unknown {
  return spec instanceof z.ZodOptional ? optionDefault(spec.unwrap() as OptionSpec) : spec.meta()?.default;
}

/** Whether an option must be given (it is not `.optional()`). */
export function isRequired(spec: OptionSpec): boolean {
  return !spec.safeParse(undefined).success;
}

/** What is wrong with a value of an option (its message, e.g. `must be an integer in 2..20, got 99`), or null. */
export function optionProblem(spec: OptionSpec, value: unknown): string | null {
  const result = spec.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "is not valid");
}
