import { makeRng, mixSeed } from "../util/rng.js";
import { checkBootstrapOptions, percentileInterval, type BootstrapOptions } from "./bootstrap-ci.js";
import { firstReach } from "./curve.js";
import { drawSeeds, meanOverSeeds, seedMatrix, seriesByMethod, unionX, type LearningPoint } from "./learning-curves.js";

export interface EfficiencyRatioOptions extends BootstrapOptions {
  /** The method everything is compared with. Default "random". */
  baseline?: string;
  /** Candidate active methods. Default: every method in the points except the baseline. */
  methods?: string[];
}

/** One ratio with its bootstrap interval. */
export interface RatioEstimate {
  /** The ratio; NaN when the target accuracy is never reached (see `bound`). */
  value: number;
  /** Whether the reaching curve reaches the target accuracy within its x range. */
  reached: boolean;
  /** When not reached: the ratio is beyond this bound (see each field's doc for the direction). */
  bound: number;
  /** Percentile bootstrap bounds over seeds; resamples that do not reach count as beyond any value. */
  lower: number;
  upper: number;
  /** Fraction of bootstrap resamples in which the target was reached. */
  reachedShare: number;
}

export interface EfficiencyRatio {
  baseline: string;
  /** The candidate with the highest final mean accuracy. */
  best: string;
  /** Last point of each mean curve (largest x with a mean). */
  baselineFinal: { x: number; accuracy: number };
  bestFinal: { x: number; accuracy: number };
  /**
   * x at which the best method's mean curve first reaches the baseline's final accuracy, divided by
   * the baseline's final x. Not reached: dataFraction > bound = best's x_max / baseline's x_final.
   */
  dataFraction: RatioEstimate;
  /** 1 / dataFraction: the "k-times more sample-efficient" figure. Not reached: < bound. */
  efficiency: RatioEstimate;
  /**
   * x at which the baseline's mean curve first reaches the best's final accuracy, divided by the
   * best's final x (how many times the data the baseline needs). Not reached: > bound =
   * baseline's x_max / best's x_final.
   */
  baselineMultiple: RatioEstimate;
  confidence: number;
  resamples: number;
}

/**
 * Data-efficiency of the best active method against a baseline (random), from learning curves.
 *
 * Definitions (mean curves over seeds as in {@link learningCurves}; "first reaches" is the
 * smallest x where the piecewise-linear mean curve attains the target, or its first x if it starts
 * above it):
 * - best = the candidate whose mean curve ends highest (final mean accuracy at its largest x).
 * - dataFraction = x_best(A_base) / x_base_final, where A_base is the baseline's final accuracy:
 *   the fraction of the baseline's data the best method needs to match it. efficiency =
 *   1 / dataFraction. This is the convention behind "1.3x to 2x more sample-efficient"
 *   (arXiv 2512.00884): efficiency 2 means the active method matches random with half the data.
 * - baselineMultiple = x_base(A_best) / x_best_final, where A_best is the best's final accuracy:
 *   the multiple of the best's data the baseline needs to match it; usually not reached, since the
 *   baseline's curve stops at the same budget, and then only a bound "> x_base_max / x_best_final"
 *   is known. When both are reached on straight-line curves the two conventions agree.
 * The intervals are percentile bootstraps over seeds: each resample redraws the seeds of the
 * baseline and of the best method (each with replacement), rebuilds both mean curves and recomputes
 * the ratios; the best method is the one chosen on the full data. An unreached resample counts as
 * dataFraction = baselineMultiple = Infinity (efficiency = 0), so an interval may be unbounded.
 *
 * Worked example: random at x = 100, 200, 400 has mean accuracy 0.30, 0.40, 0.50; loss at the same
 * x has 0.40, 0.50, 0.55. A_base = 0.50 is reached by loss at x = 200, so dataFraction =
 * 200 / 400 = 0.5 and efficiency = 2 ("2x more sample-efficient"). A_best = 0.55 is never reached
 * by random, so baselineMultiple is NaN, reached false, bound 400 / 400 = 1 (it is > 1).
 *
 * Cost: O(B · S · |X|).
 *
 * @throws {Error} "efficiencyRatio found no points for the baseline \"random\""
 * @throws {Error} "efficiencyRatio found no candidate methods besides the baseline"
 * @throws {Error} "efficiencyRatio found no points for method \"lion\""
 * @throws Errors of {@link learningCurves} for malformed points.
 * Usage: efficiencyRatio(points, { baseline: "random", seed: 1 }).efficiency.value // 2
 */
export function efficiencyRatio(
  points: readonly LearningPoint[],
  options: EfficiencyRatioOptions = {},
): EfficiencyRatio {
  const who = "efficiencyRatio";
  const boot = checkBootstrapOptions(who, options);
  const baseline = options.baseline ?? "random";
  const byMethod = seriesByMethod(points, who);
  if (!byMethod.has(baseline)) throw new Error(`${who} found no points for the baseline "${baseline}"`);
  const candidates = options.methods ?? [...byMethod.keys()].filter((m) => m !== baseline);
  if (candidates.length === 0) throw new Error(`${who} found no candidate methods besides the baseline`);

  const prepared = new Map<string, Prepared>();
  for (const m of [baseline, ...candidates]) {
    const seeds = byMethod.get(m);
    if (!seeds) throw new Error(`${who} found no points for method "${m}"`);
    const grid = unionX(seeds);
    prepared.set(m, { grid, values: seedMatrix(seeds, grid) });
  }
  const base = prepared.get(baseline)!;
  const baseCurve = curveOf(base, null);
  let best = candidates[0]!;
  let bestCurve = curveOf(prepared.get(best)!, null);
  for (const m of candidates.slice(1)) {
    const c = curveOf(prepared.get(m)!, null);
    if (final(c).accuracy > final(bestCurve).accuracy) [best, bestCurve] = [m, c];
  }
  const point = ratios(baseCurve, bestCurve);

  const rng = makeRng(mixSeed(boot.seed, baseline, best));
  const samples = { dataFraction: [] as number[], efficiency: [] as number[], baselineMultiple: [] as number[] };
  const bestPrepared = prepared.get(best)!;
  for (let b = 0; b < boot.resamples; b++) {
    const r = ratios(curveOf(base, drawSeeds(rng, base.values.length)), curveOf(bestPrepared, drawSeeds(rng, bestPrepared.values.length)));
    samples.dataFraction.push(r.dataFraction.reached ? r.dataFraction.value : Infinity);
    samples.efficiency.push(r.dataFraction.reached ? 1 / r.dataFraction.value : 0);
    samples.baselineMultiple.push(r.baselineMultiple.reached ? r.baselineMultiple.value : Infinity);
  }
  const estimate = (p: { value: number; reached: boolean; bound: number }, s: number[], reachedWhen: (v: number) => boolean): RatioEstimate => {
    const [lower, upper] = percentileInterval(s, boot.confidence);
    return { ...p, lower, upper, reachedShare: s.filter(reachedWhen).length / s.length };
  };
  const df = point.dataFraction;
  return {
    baseline,
    best,
    baselineFinal: final(baseCurve),
    bestFinal: final(bestCurve),
    dataFraction: estimate(df, samples.dataFraction, Number.isFinite),
    efficiency: estimate(
      { value: df.reached ? 1 / df.value : NaN, reached: df.reached, bound: df.reached ? NaN : 1 / df.bound },
      samples.efficiency,
      (v) => v > 0,
    ),
    baselineMultiple: estimate(point.baselineMultiple, samples.baselineMultiple, Number.isFinite),
    confidence: boot.confidence,
    resamples: boot.resamples,
  };
}

interface Prepared { grid: number[]; values: Float64Array[] }
interface Curve { x: number[]; y: number[] }

/** Mean curve over all seeds (draw null) or drawn seeds, keeping only x where some seed contributes. */
function curveOf(p: Prepared, draw: Uint32Array | null): Curve {
  const { mean } = meanOverSeeds(p.values, p.grid.length, draw);
  const x: number[] = [];
  const y: number[] = [];
  p.grid.forEach((g, j) => {
    if (!Number.isNaN(mean[j])) {
      x.push(g);
      y.push(mean[j]!);
    }
  });
  return { x, y };
}

function final(c: Curve): { x: number; accuracy: number } {
  return { x: c.x[c.x.length - 1]!, accuracy: c.y[c.y.length - 1]! };
}

function ratios(base: Curve, best: Curve) {
  const b = final(base);
  const a = final(best);
  const xBest = firstReach(best.x, best.y, b.accuracy);
  const xBase = firstReach(base.x, base.y, a.accuracy);
  return {
    dataFraction: Number.isNaN(xBest)
      ? { value: NaN, reached: false, bound: a.x / b.x }
      : { value: xBest / b.x, reached: true, bound: NaN },
    baselineMultiple: Number.isNaN(xBase)
      ? { value: NaN, reached: false, bound: b.x / a.x }
      : { value: xBase / a.x, reached: true, bound: NaN },
  };
}
