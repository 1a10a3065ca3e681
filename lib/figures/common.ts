import type { Figure } from "../plots/types.js";
import type { ExampleRow, RunRow, Store } from "../store/types.js";
import type { RunConfig } from "../experiment/config.js";
import { methodOf, variantLabels } from "../results/curves.js";
import { UnknownRunError } from "../store/errors.js";

/** A figure with the file name (no extension) it is written under. */
export interface NamedFigure {
  name: string;
  figure: Figure;
}

/** A figure the store cannot support, with why and what would produce its data. */
export interface SkippedFigure {
  name: string;
  reason: string;
}

/** What an assembler returns: the figures it could build and the ones it had to skip. */
export interface FigureSet {
  figures: NamedFigure[];
  skipped: SkippedFigure[];
}

/** The part of a run the assemblers look at. */
export interface RunInfo {
  id: string;
  name: string;
  task: string;
  method: string;
  seed: number;
  /** The run config's student.baseModel: the "model" of a (dataset, model, seed) cell. */
  model: string;
  /** What else sets this run apart from the others selected ("student.pretrain.seed=1"), or "". */
  variant: string;
}

/** A file-name-safe version of a label ("arith/v1 run" -> "arith_v1_run"). */
export function safeName(label: string): string {
  const s = label.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[^A-Za-z0-9]+/, "");
  return s.length > 0 ? s : "x";
}

/**
 * The store's runs, restricted to `runs` (ids or names) when given, in the store's order.
 * @throws {UnknownRunError} "unknown run(s): x, y (the store has: a, b)"
 */
export function selectRuns(store: Store, runs?: readonly string[]): RunInfo[] {
  const all = store.listRuns();
  if (runs && runs.length > 0) {
    const missing = runs.filter((r) => !all.some((row) => row.id === r || row.name === r));
    if (missing.length > 0) throw new UnknownRunError(missing, all.map((r) => r.id));
  }
  const rows = all.filter((r) => !runs || runs.length === 0 || runs.includes(r.id) || runs.includes(r.name));
  const variants = variantLabels(rows.map((r) => r.config));
  return rows.map((r, i) => ({ ...runInfo(r), variant: variants[i]! }));
}

/** A run row's task, method, seed and base model. */
export function runInfo(row: RunRow): RunInfo {
  const config = row.config as Partial<RunConfig>;
  return {
    id: row.id,
    name: row.name,
    task: String(config.task ?? "?"),
    method: config.method ? methodOf(config as RunConfig) : "?",
    seed: Number(config.seed ?? 0),
    model: String(config.student?.baseModel ?? "?"),
    variant: "",
  };
}

export { groupBy } from "../util/group-by.js";

/** The stored examples with these ids (repeats allowed), by id. */
export function examplesById(store: Store, ids: Iterable<string>): Map<string, ExampleRow> {
  return new Map(store.getExamples({ ids: [...new Set(ids)] }).map((e) => [e.id, e]));
}
