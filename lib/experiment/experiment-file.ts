import { readFileSync } from "node:fs";
import type { RunConfig } from "./config.js";
import { ConfigError } from "./config.js";
import { validateRunConfig } from "./validate-config.js";
import { jsonErrorLine } from "../util/json-error.js";
import { didYouMean } from "../util/nearest.js";
import { jsonPathLines, lineOfFirst } from "../util/json-lines.js";

type Raw = Record<string, unknown>;

/**
 * Reads an experiment file: one run config, or `{ defaults, runs: [...] }`, or
 * `{ defaults, grid: { field: [values...] } }` (every combination, named `<name>-<field>-<value>...`),
 * or both `runs` and `grid` (each run crossed with every combination, named after the run).
 * Every run is validated before any work starts, and run names must be unique; errors name the
 * file and the line of the bad field (for a field set in `defaults` or `grid`, that line), and the
 * nearest known name of a misspelt one. `known` narrows the registered criteria and tasks.
 */
export function readExperimentFile(
  path: string,
  known: { knownCriteria?: string[]; knownTasks?: string[] } = {},
): RunConfig[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("--config", `cannot be read: ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text, error as Error);
    // a ConfigError, so that the CLI reports it as a user error (one line, exit code 2)
    const bad = new ConfigError("(root)", "is not valid JSON", path);
    // V8 quotes the text around the error, newlines included: keep the message on one line
    const reason = (error as Error).message.replace(/\s*\n\s*/g, " ");
    bad.message = `${path}${line ? ":" + line : ""}: invalid JSON: ${reason}`;
    throw bad;
  }
  const lines = jsonPathLines(text);
  const expanded = expandExperiment(raw, path);
  const configs = expanded.map((r, i) => {
    const where = whereInFile(raw, i, expanded.length);
    try {
      return validateRunConfig(r, known);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const line = lineOfFirst(lines, where.paths(error.field));
      const run = expanded.length > 1 ? ` (run ${i + 1}: ${String((r as Raw).name)})` : "";
      throw new ConfigError(error.field, error.detail, `${path}${line !== null ? `:${line}` : ""}${run}`);
    }
  });
  const names = new Set<string>();
  for (const c of configs) {
    if (names.has(c.name)) {
      const dup = new ConfigError("name", "", path);
      dup.message = `${path}: two runs are named "${c.name}"; run names must be unique`;
      throw dup;
    }
    names.add(c.name);
  }
  return configs;
}

/** The top-level fields of an experiment file that holds `runs` or `grid`. */
const FILE_FIELDS = ["$schema", "description", "defaults", "runs", "grid"];

/** Expands `{defaults, runs}`, `{defaults, grid}` and both into plain run configs (not yet validated). */
export function expandExperiment(raw: unknown, source = "(config)"): unknown[] {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return [raw];
  const r = raw as Raw;
  if (r.runs === undefined && r.grid === undefined) return [raw];
  for (const key of Object.keys(r)) {
    if (!FILE_FIELDS.includes(key)) throw new ConfigError(key, `is not a field of an experiment file with runs or grid${didYouMean(key, FILE_FIELDS)}; fields: ${FILE_FIELDS.join(", ")}`, source);
  }
  const defaults = (r.defaults ?? {}) as Raw;
  if (r.runs !== undefined && !Array.isArray(r.runs)) throw new ConfigError("runs", "must be an array of run configs", source);
  const runs = (r.runs as Raw[] | undefined)?.map((run) => merge(defaults, run)) ?? [defaults];
  if (r.grid === undefined) return runs;
  const grid = r.grid as Record<string, unknown[]>;
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) throw new ConfigError("grid", "must be an object of field: [values]", source);
  let combos: Raw[] = [{}];
  for (const [field, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`grid.${field}`, "must be a non-empty array", source);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [field]: v })));
  }
  // with both: every run entry crossed with every grid combination
  return runs.flatMap((run) =>
    combos.map((c) => {
      const name = [String(run.name ?? "run"), ...Object.entries(c).map(([k, v]) => `${k}-${typeof v === "object" ? JSON.stringify(v).replace(/[^A-Za-z0-9]/g, "") : v}`)].join("-");
      return merge(run, { ...c, name });
    }),
  );
}

function merge(a: Raw, b: Raw): Raw {
  const out: Raw = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) && a[k] && typeof a[k] === "object" ? merge(a[k] as Raw, v as Raw) : v;
  }
  return out;
}

/** Where run i of an experiment file comes from: the JSON paths a field of it may be written at, most specific first. */
function whereInFile(raw: unknown, i: number, total: number): { paths(field: string): string[] } {
  const r = (typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {}) as Raw;
  if (r.runs === undefined && r.grid === undefined) return { paths: (field) => [field] };
  const runs = Array.isArray(r.runs) ? r.runs.length : 1;
  const j = Math.floor(i / Math.max(1, total / runs));
  return {
    paths: (field) => {
      const top = field.split(/[.[]/)[0] ?? field;
      return [...(Array.isArray(r.runs) ? [`runs[${j}].${field}`] : []), `defaults.${field}`, `grid.${top}`, ...(Array.isArray(r.runs) ? [`runs[${j}]`] : [])];
    },
  };
}
