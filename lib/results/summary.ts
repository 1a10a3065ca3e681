import type { CurvePoint } from "./curves.js";
import type { CurveSeries } from "../plots/learning-curves.js";
import { learningCurves } from "../stats/learning-curves.js";
import { efficiencyRatio, type EfficiencyRatio } from "../stats/efficiency-ratio.js";

export interface ExperimentSummary {
  /** Mean curve per method with a 95% bootstrap band over seeds. */
  curves: CurveSeries[];
  /** Per candidate method: the ratio (null when the curves are too short for one) and a sentence saying what it means. */
  efficiency: Array<{ ratio: EfficiencyRatio | null; sentence: string }>;
  /** Guide lines for the learning-curve figure. */
  efficiencyGuide: { accuracy: number; xActive: number; xBaseline: number | null; label: string } | null;
}

/**
 * Curves and the data-efficiency of each candidate method against the baseline, with a sentence
 * that says what the ratio means ("loss reaches random's final accuracy with 55% of its samples:
 * 1.8x sample efficiency, 95% CI 1.2-2.5"). The efficiency entries come in `methods` order, or
 * best final accuracy first with `order: "best"`; the figure's guide lines follow the first one.
 */
export function experimentSummary(
  points: CurvePoint[],
  options: { baseline: string; methods: string[]; seed?: number; order?: "given" | "best" },
): ExperimentSummary {
  const learning = points.map((p) => ({ method: p.method, seed: p.seed, x: p.samples, accuracy: p.accuracy }));
  const curves = curveSeries(points, options.seed);
  const efficiency: ExperimentSummary["efficiency"] = [];
  const present = new Set(points.map((p) => p.method));
  const steps = new Set(points.filter((p) => p.samples > 0).map((p) => p.samples)).size;
  for (const method of options.methods.filter((m) => present.has(m))) {
    if (!present.has(options.baseline)) break;
    if (steps < 2) {
      const final = (m: string) => mean(points.filter((p) => p.method === m && p.samples === Math.max(...points.map((q) => q.samples))).map((p) => p.accuracy));
      efficiency.push({
        ratio: null,
        sentence: `${method} vs ${options.baseline}: final accuracy ${(100 * final(method)).toFixed(1)}% vs ${(100 * final(options.baseline)).toFixed(1)}% after one iteration. A data-efficiency ratio needs learning curves of at least two iterations (the full demo: run it without --quick).`,
      });
      continue;
    }
    const ratio = efficiencyRatio(learning, { baseline: options.baseline, methods: [method], seed: options.seed ?? 0 });
    const seedsOf = (m: string) => new Set(points.filter((p) => p.method === m).map((p) => p.seed)).size;
    efficiency.push({ ratio, sentence: sentence(ratio, Math.min(seedsOf(method), seedsOf(options.baseline))) });
  }
  if (options.order === "best") {
    // stable: equal final accuracies keep the given order; entries without a ratio go last
    efficiency.sort((a, b) => (b.ratio?.bestFinal.accuracy ?? -Infinity) - (a.ratio?.bestFinal.accuracy ?? -Infinity));
  }
  const first = efficiency.find((e) => e.ratio)?.ratio;
  return { curves, efficiency, efficiencyGuide: first ? guideOf(first) : null };
}

/** Mean curve per method over seeds with a 95% bootstrap band, as the learning-curve figure takes it. */
export function curveSeries(points: CurvePoint[], seed = 0): CurveSeries[] {
  const learning = points.map((p) => ({ method: p.method, seed: p.seed, x: p.samples, accuracy: p.accuracy }));
  return learningCurves(learning, { seed }).map((c) => ({
    method: c.method,
    x: c.points.map((p) => p.x),
    mean: c.points.map((p) => p.mean),
    lo: c.points.map((p) => p.lower),
    hi: c.points.map((p) => p.upper),
  }));
}

/** Guide lines for the learning-curve figure: the baseline's final accuracy and where the method reaches it. */
function guideOf(ratio: EfficiencyRatio): NonNullable<ExperimentSummary["efficiencyGuide"]> {
  const df = ratio.dataFraction;
  return {
    accuracy: ratio.baselineFinal.accuracy,
    xActive: df.reached ? df.value * ratio.baselineFinal.x : ratio.bestFinal.x,
    xBaseline: ratio.baselineFinal.x,
    label: df.reached
      ? `${ratio.best} reaches ${ratio.baseline}'s final accuracy at ${(100 * df.value).toFixed(0)}% of its data`
      : `${ratio.best} does not reach ${ratio.baseline}'s final accuracy`,
  };
}

function sentence(r: EfficiencyRatio, seeds: number): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const head = `${r.best} vs ${r.baseline}: final accuracy ${pct(r.bestFinal.accuracy)} vs ${pct(r.baselineFinal.accuracy)} at ${r.baselineFinal.x} samples.`;
  const e = r.efficiency;
  if (r.dataFraction.reached && r.dataFraction.value === 0) {
    return `${head} ${r.baseline}'s final accuracy is not above where the curves start (before any synthetic sample): no data-efficiency ratio to report.`;
  }
  if (e.reached) {
    return `${head} Data efficiency of ${r.best} over ${r.baseline}: ${fmt(e.value)}x (${r.best} reaches ${r.baseline}'s final accuracy with ${pct(r.dataFraction.value)} of its samples; ${interval(r, seeds)}).`;
  }
  return `${head} ${r.best} does not reach ${r.baseline}'s final accuracy within its budget: data efficiency < ${fmt(e.bound)}x.`;
}

/**
 * The bootstrap interval of the efficiency ratio in words. A resample in which the best method
 * never reaches the baseline's final accuracy has no ratio (the budget cannot show one), and one in
 * which it starts at or above it has an unbounded ratio: the interval then says so, with how often,
 * instead of printing 0.00 or inf.
 */
function interval(r: EfficiencyRatio, seeds: number): string {
  if (seeds < 2) return "one seed: no interval";
  const e = r.efficiency;
  const conf = `${r.confidence * 100}% CI`;
  const never = 1 - e.reachedShare;
  const lo = e.lower > 0 ? fmt(e.lower) : null;
  const hi = Number.isFinite(e.upper) ? fmt(e.upper) : null;
  const notes: string[] = [];
  if (never > 0) notes.push(`in ${never < 0.01 ? "under 1" : (100 * never).toFixed(0)}% of bootstrap resamples ${r.best} never reaches ${r.baseline}'s final accuracy within its samples`);
  if (!hi) notes.push(`in some resamples ${r.baseline} ends no higher than ${r.best}'s first point`);
  const range = lo && hi ? `${lo}-${hi}` : lo ? `from ${lo} with no upper bound` : hi ? `up to ${hi} with no lower bound` : "unbounded on both sides";
  return `${conf} ${range} over ${seeds} seeds${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : "inf";
}
