/**
 * An experiment's results as one small JSON document that an author can keep, share and replot
 * without the store or the compute: per run and iteration the test accuracy (overall and per kind
 * of test item) and what was selected, and the summary `activesynth figures` prints (final
 * accuracy per method, data-efficiency ratios with bootstrap intervals, win counts, the paper's
 * four findings). Pure over a Store read: no files (`activesynth results` writes it).
 *
 *   node bin/activesynth.js results --db .activesynth/smollm2-paper.sqlite --out data/results/smollm2-paper.json
 */
import type { RunStatus, Store } from "../store/types.js";
import { canonicalJson } from "../util/hash.js";
import { examplesById, groupBy, selectRuns, type RunInfo } from "./common.js";
import { selectionCounts } from "./exploration.js";
import { paperFindings, type Finding } from "./findings.js";
import { resolveRun, type RunRef } from "../results/run-ref.js";
import { compactSummary, finite } from "./compact-summary.js";

import { COMPACT_RESULTS_FORMAT, type CompactIteration, type CompactRun, type CompactResults, type CompactResultsOptions } from "./compact-types.js";

const SPECIFIC = new Set(["name", "seed", "method", "criterion", "criterionOptions", "description"]);

/**
 * The store's results as a JSON-ready document (see {@link CompactResults}): every number is
 * finite or null, so `JSON.parse(JSON.stringify(r))` equals `r`, and the same store gives the
 * same document (no timestamps, no paths of this machine). The summary comes from the library's
 * own functions: `experimentSummary` (efficiency ratios, curves), `winrateCells` +
 * `winrateMatrix` (win counts), `paperFindings` (the four findings). About 3 kB a run of 4
 * iterations plus the findings' sentences.
 *
 * Cost: the findings' bootstraps dominate (seconds for 25 runs).
 *
 * @throws {UnknownRunError} for a run in `runs` the store does not hold
 * @throws {Error} "compactResults: no run ..." when the selection is empty
 * @throws {Error} "compactResults: runs "a" and "b" are both loss with seed 0 ..." (two curves would be averaged as one seed)
 * @example
 * const store = openStore(":memory:");
 * store.upsertRun({ id: "r", name: "r", config: { name: "r", task: "arith", method: "active", criterion: "loss", seed: 0 } });
 * store.putIteration({ runId: "r", iteration: 0, samples: 0, teacherTokens: 0, costUsd: 0, model: "m", accuracy: 0.5, testSize: 2 });
 * compactResults(store).runs[0].iterations[0].accuracy // 0.5
 * compactResults(store).format // "activesynth-compact-results/v1"
 */
export function compactResults(store: Store, options: CompactResultsOptions = {}): CompactResults {
  const runs = chosenRuns(store, options);
  const rows = runs.map((r) => store.getRun(r.id)!);
  const configs = rows.map((r) => r.config as unknown as Record<string, unknown>);
  const compact = runs.map((run, i) => compactRun(store, run, rows[i]!.status, configs[i]!));
  const clash = firstClash(compact);
  if (clash) throw new Error(`compactResults: ${clash}; choose runs with options.runs or namePrefix (activesynth results --runs PREFIX)`);
  const descriptions = [...new Set(configs.map((c) => c.description).filter((d): d is string => typeof d === "string" && d.length > 0))];
  return {
    format: COMPACT_RESULTS_FORMAT,
    description: descriptions.length > 0 ? descriptions.join("\n\n") : null,
    config: (shared(configs.map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => !SPECIFIC.has(k))))) ?? {}) as Record<string, unknown>,
    pools: poolsOf(store, [...new Set(runs.map((r) => r.task))]),
    runs: compact,
    summary: compactSummary(store, runs, compact),
    findings: paperFindings(store, runs, options.findingsCriterion ?? "loss").map((f) => ({ ...f, value: finite(f.value), lower: finite(f.lower), upper: finite(f.upper) })),
  };
}

/**
 * A compact results document read back (the text of a file `activesynth results` wrote), with its
 * format checked first, so a file of another kind or version fails with a message, not later.
 * @throws {Error} "parseCompactResults: not JSON (...)" or "... format is \"x\", expected \"activesynth-compact-results/v1\""
 * @example parseCompactResults('{"format": "activesynth-compact-results/v1", "runs": []}').runs // []
 */
export function parseCompactResults(text: string): CompactResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`parseCompactResults: not JSON (${(error as Error).message})`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== COMPACT_RESULTS_FORMAT) {
    throw new Error(`parseCompactResults: format is ${JSON.stringify(format ?? null)}, expected "${COMPACT_RESULTS_FORMAT}" (write it with activesynth results)`);
  }
  if (!Array.isArray((value as { runs?: unknown }).runs)) throw new Error('parseCompactResults: "runs" is not a list');
  return value as CompactResults;
}

function chosenRuns(store: Store, options: CompactResultsOptions): RunInfo[] {
  const ids = options.runs?.map((r) => resolveRun(store, r).id);
  const all = selectRuns(store, ids ?? []);
  const runs = options.namePrefix === undefined ? all : all.filter((r) => r.name.startsWith(options.namePrefix!));
  if (runs.length === 0) {
    const names = store.listRuns().map((r) => r.name);
    const what = options.namePrefix !== undefined ? `whose name starts with "${options.namePrefix}"` : "to summarise";
    throw new Error(`compactResults: no run ${what} (the store has: ${names.length > 0 ? names.join(", ") : "no runs"})`);
  }
  // selectRuns labels variants among the chosen runs only
  return selectRuns(store, runs.map((r) => r.id));
}

function compactRun(store: Store, run: RunInfo, status: RunStatus, config: Record<string, unknown>): CompactRun {
  const selected = groupBy(selectionCounts(store, run), (c) => String(c.iteration));
  const iterations = store.listIterations(run.id).map((it): CompactIteration => ({
    iteration: it.iteration,
    samples: it.samples,
    teacherTokens: it.teacherTokens,
    accuracy: it.accuracy,
    testSize: it.testSize,
    byKind: accuracyByKind(store, run.id, it.iteration),
    selected: sortedRecord((selected.get(String(it.iteration)) ?? []).map((c) => [c.kind ?? "(none)", c.count])),
  }));
  const student = config.student as { baseModel?: unknown } | undefined;
  return {
    name: run.name,
    status,
    method: config.method === "static" ? "static" : "active",
    criterion: String(config.criterion ?? "?"),
    label: run.variant ? `${run.method} (${run.variant})` : run.method,
    seed: run.seed,
    task: run.task,
    baseModel: typeof student?.baseModel === "string" ? student.baseModel : null,
    iterations,
  };
}

/** The iteration's evaluations joined with their test items' kinds. */
function accuracyByKind(store: Store, runId: string, iteration: number): CompactIteration["byKind"] {
  const evaluations = store.getEvaluations(runId, iteration);
  const examples = examplesById(store, evaluations.map((e) => e.exampleId));
  const byKind = groupBy(evaluations, (e) => examples.get(e.exampleId)?.kind ?? "(none)");
  return Object.fromEntries([...byKind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, list]) => {
    const correct = list.filter((e) => e.correct).length;
    return [kind, { items: list.length, correct, accuracy: correct / list.length }];
  }));
}

function poolsOf(store: Store, tasks: string[]): CompactResults["pools"] {
  return Object.fromEntries(tasks.map((task) => {
    const kinds = groupBy(store.getExamples({ source: "seed", task }), (e) => e.kind ?? "(none)");
    return [task, sortedRecord([...kinds].map(([k, list]) => [k, list.length]))];
  }));
}

/** Two runs with the same curve label and seed would be averaged as one seed. */
function firstClash(runs: CompactRun[]): string | null {
  const owner = new Map<string, string>();
  for (const r of runs) {
    const key = `${r.task}\u0000${r.label}\u0000${r.seed}`;
    const prev = owner.get(key);
    if (prev) return `runs "${prev}" and "${r.name}" are both ${r.label} with seed ${r.seed}`;
    owner.set(key, r.name);
  }
  return null;
}

/** The part every value shares: objects key by key, anything else when all are equal; undefined when nothing is. */
function shared(values: unknown[]): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (values.length === 0) return undefined;
  if (values.every(isObject)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(values[0]!)) {
      if (!values.every((v) => key in v)) continue;
      const common = shared(values.map((v) => v[key]));
      if (common !== undefined) out[key] = common;
    }
    return out;
  }
  const first = canonicalJson(values[0]);
  return values.every((v) => canonicalJson(v) === first) ? values[0] : undefined;
}

function sortedRecord(entries: Array<[string, number]>): Record<string, number> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
