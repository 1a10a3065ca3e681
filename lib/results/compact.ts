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
import type { CurveSeries } from "../plots/learning-curves.js";
import { canonicalJson } from "../util/hash.js";
import { examplesById, groupBy, selectRuns, type RunInfo } from "../figures/common.js";
import { selectionCounts } from "../figures/exploration.js";
import { paperFindings, type Finding } from "../figures/findings.js";
import { resolveRun, type RunRef } from "./run-ref.js";
import { compactSummary, finite } from "./compact-summary.js";

/** The `format` of a {@link CompactResults} document; a reader checks it before anything else. */
export const COMPACT_RESULTS_FORMAT = "activesynth-compact-results/v1";

/** One evaluated iteration of a run (t = 0 is the base model, before any synthetic sample). */
export interface CompactIteration {
  iteration: number;
  /** Synthetic samples the iteration's model was trained on, cumulative. */
  samples: number;
  /** Teacher tokens spent up to this iteration, cumulative (generation and judging). */
  teacherTokens: number;
  /** Test accuracy as stored, a fraction in 0..1. */
  accuracy: number;
  testSize: number;
  /** The evaluated test items per kind ("(none)" for items without one): how many, how many right, their ratio. */
  byKind: Record<string, { items: number; correct: number; accuracy: number }>;
  /** The seeds this iteration selected, counted by kind; {} when it selected none (t = 0). */
  selected: Record<string, number>;
}

/** One run: what it was, and its iterations in order. */
export interface CompactRun {
  name: string;
  /** As stored: an interrupted run still reads "running". */
  status: RunStatus;
  method: "active" | "static";
  /** The run's criterion (a static run's is the `random` draw it makes once). */
  criterion: string;
  /**
   * The run's curve in the summary: its criterion, or `static`; with runs that differ in more than
   * method and seed, followed by what differs ("loss (student.pretrain.seed=1)").
   */
  label: string;
  seed: number;
  task: string;
  /** The student's `baseModel` as configured (a name or a path relative to where the run was started). */
  baseModel: string | null;
  iterations: CompactIteration[];
}

/** Final test accuracy of one method over its runs (each run's last evaluated iteration). */
export interface FinalAccuracy {
  method: string;
  runs: number;
  /** The samples of the runs' last iterations (one value when all runs finished alike). */
  samples: number[];
  min: number;
  max: number;
  mean: number;
}

/** A data-efficiency ratio of `method` over `baseline` (efficiencyRatio through experimentSummary). */
export interface CompactEfficiency {
  method: string;
  baseline: string;
  /** Seeds the interval is over: the fewer of the two methods'. */
  seeds: number;
  /** k in "k-times more sample-efficient"; null when not reached (see `bound`) or when the curves have one step. */
  efficiency: number | null;
  reached: boolean;
  /** Not reached: the efficiency is below this. Null otherwise. */
  bound: number | null;
  /** 95% percentile bootstrap bounds over seeds; null for an unbounded side. */
  lower: number | null;
  upper: number | null;
  /** Share of bootstrap resamples in which the method reaches the baseline's final accuracy. */
  reachedShare: number | null;
  /** The fraction of the baseline's samples the method needs to reach its final accuracy (1 / efficiency). */
  dataFraction: number | null;
  methodFinal: { samples: number; accuracy: number } | null;
  baselineFinal: { samples: number; accuracy: number } | null;
  /** What the ratio means, in one sentence (the one `activesynth run` prints). */
  sentence: string;
}

/** In how many (task, base model, seed) cells `method`'s final accuracy beats `baseline`'s (winrateMatrix, rule "final"). */
export interface WinCount {
  method: string;
  baseline: string;
  wins: number;
  ties: number;
  losses: number;
  comparisons: number;
}

export interface CompactSummary {
  /** The curve labels in order of first appearance. */
  methods: string[];
  final: FinalAccuracy[];
  /** Mean learning curve per method with its 95% bootstrap band over seeds (x: synthetic samples). */
  curves: CurveSeries[];
  /** The learning-curve figure's guide lines (best active method against random, else static), as `activesynth figures` draws them. */
  efficiencyGuide: { accuracy: number; xActive: number; xBaseline: number | null; label: string } | null;
  /** Each method over `random` (the active ones) and over `static` (all), where both ran. */
  efficiency: CompactEfficiency[];
  wins: WinCount[];
}

export interface CompactResults {
  format: typeof COMPACT_RESULTS_FORMAT;
  /** The runs' `description` (an experiment file's defaults carry it); distinct ones joined by a blank line; null when none. */
  description: string | null;
  /** The config fields every run shares, name, seed, method, criterion and description left out. */
  config: Record<string, unknown>;
  /** Per task, the seed pool the store holds, counted by kind (the pool the runs select from when they share `taskOptions`). */
  pools: Record<string, Record<string, number>>;
  runs: CompactRun[];
  summary: CompactSummary;
  /** `paperFindings` on the runs (Fig 2-5), from stored scores and curves; non-finite bounds as null. */
  findings: Finding[];
}

export interface CompactResultsOptions {
  /** Runs by name or id (RunRef); all runs when absent. */
  runs?: readonly RunRef[];
  /** Only runs whose name starts with this (applied after `runs`). */
  namePrefix?: string;
  /** The criterion the findings are about. Default "loss". */
  findingsCriterion?: string;
}

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
