/**
 * The shape of an experiment's compact results document (`activesynth results`, compact-results.ts):
 * the types alone, so the builder and the summary share them without importing each other.
 */
import type { RunStatus } from "../store/types.js";
import type { CurveSeries } from "../plots/learning-curves.js";
import type { Finding } from "./findings.js";
import type { RunRef } from "../results/run-ref.js";

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

