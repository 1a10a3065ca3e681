/**
 * The README's table of run-config fields, generated from the run-config schema (a test keeps the
 * README's copy equal): every field by its path, its type and range, its default and its doc.
 */
import { z } from "zod";
import { runConfigSchema } from "./config-schema.js";

type Json = Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** "integer >= 1", "number in 0..1", "`top`, `weighted`", "string", "list of string"... */
function typeOf(s: Json): string {
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => `\`${String(v)}\``).join(", ");
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  const range = (): string => {
    const int = s.type === "integer";
    let lo = typeof s.minimum === "number" && s.minimum > -MAX_SAFE ? `${s.minimum}` : undefined;
    if (typeof s.exclusiveMinimum === "number") lo = int ? `${s.exclusiveMinimum + 1}` : `(${s.exclusiveMinimum}`;
    const hi = typeof s.maximum === "number" && s.maximum < MAX_SAFE ? `${s.maximum}` : undefined;
    if (lo === undefined) return hi === undefined ? "" : ` <= ${hi}`;
    if (hi === undefined) return lo.startsWith("(") ? ` > ${lo.slice(1)}` : ` >= ${lo}`;
    return lo.startsWith("(") ? ` in ${lo}, ${hi}]` : ` in ${lo}..${hi}`;
  };
  if (s.type === "integer" || s.type === "number") return `${s.type}${range()}`;
  if (s.type === "array") return `list of ${typeOf((s.items ?? {}) as Json)}`;
  if (s.type === "object" && s.properties === undefined) return "object";
  return String(s.type ?? "any");
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function rows(schema: Json, path: string, note: string, out: string[]): void {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [name, s] of Object.entries(props)) {
    if (name === "$schema") continue;
    const field = path ? `${path}.${name}` : name;
    const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
    const nested = s.type === "object" && s.properties !== undefined;
    const def = s.default !== undefined ? `\`${JSON.stringify(s.default)}\`` : required.has(name) ? "required" : "";
    const doc = `${note}${String(s.description ?? "")}`;
    out.push(`| \`${field}\` | ${cell(variants ? "object" : nested ? "object" : typeOf(s))} | ${cell(def)} | ${cell(doc)} |`);
    if (nested) rows(s, field, "", out);
    if (variants) {
      const kinds = variants.map((v) => (v.properties as Record<string, Json> | undefined)?.kind?.const).filter((k) => k !== undefined);
      if (kinds.length > 0) out.push(`| \`${field}.kind\` | ${kinds.map((k) => `\`${String(k)}\``).join(", ")} | required | which ${name} |`);
    }
    for (const v of variants ?? []) {
      const kind = ((v.properties as Record<string, Json> | undefined)?.kind?.const ?? "") as string;
      const { kind: _k, ...rest } = (v.properties ?? {}) as Record<string, Json>;
      rows({ ...v, properties: rest }, field, kind ? `${kind}: ` : "", out);
    }
  }
}

/** The markdown table (header included). */
export function configFieldsTable(): string {
  const schema = z.toJSONSchema(runConfigSchema, { target: "draft-7", io: "input", unrepresentable: "any" }) as Json;
  const out = ["| field | type | default | meaning |", "|---|---|---|---|"];
  rows(schema, "", "", out);
  return out.join("\n");
}
