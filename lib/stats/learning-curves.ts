import { makeRng, mixSeed, type Rng } from "../util/rng.js";
import { checkBootstrapOptions, percentileInterval, type BootstrapOptions } from "./bootstrap-ci.js";
import { interpolateAt } from "./curve.js";

/** One evaluation: a method's accuracy after x synthetic samples (or teacher tokens) for one seed. */
export interface LearningPoint {
  method: string;
  seed: number | string;
  /** Synthetic samples or teacher tokens spent. */
  x: number;
  accuracy: number;
  dataset?: string;
  model?: string;
}

export type LearningCurvesOptions = BootstrapOptions;

/** One seed's run, sorted by x. */
export interface SeedSeries {
  seed: number | string;
  x: number[];
  accuracy: number[];
}

export interface LearningCurvePoint {
  x: number;
  /** Mean accuracy over the seeds whose x range covers x (interpolated between their points). */
  mean: number;
  /** Percentile bootstrap bounds over seeds (equal to mean with one seed). */
  lower: number;
  upper: number;
  /** Seeds that contributed. */
  nSeeds: number;
}

export interface LearningCurve {
  method: string;
  points: LearningCurvePoint[];
  seeds: SeedSeries[];
}

/**
 * Learning curves per method: mean accuracy over seeds with a bootstrap confidence band.
 *
 * Definition: for each method, X = the union of the x values of its seeds. A seed's accuracy at an
 * x in X is read from its own points, linearly interpolated between them; a seed does not
 * contribute outside its own [x_min, x_max] (no extrapolation), so `nSeeds` can vary along the
 * curve. mean(x) is the average over contributing seeds. The band is a percentile bootstrap over
 * seeds: resample the method's seeds with replacement (the same draw for every x, so each
 * resample is a coherent curve), recompute the mean at each x, take the (1-c)/2 and (1+c)/2
 * quantiles. Methods come out in order of first appearance; seeds in order of first appearance.
 *
 * Edge cases: one seed gives lower = upper = mean. Points must all share one dataset and one model
 * (filter first: averaging across datasets is a different question).
 *
 * Cost: O(B · S · |X|) per method, B resamples, S seeds.
 *
 * Reference: Efron & Tibshirani (1993) for the bootstrap; arXiv 2512.00884 learning-curve figures.
 *
 * @throws {Error} "learningCurves requires at least 1 point"
 * @throws {Error} "learningCurves requires finite x and accuracy (points[3].accuracy = NaN)"
 * @throws {Error} "learningCurves requires one point per (method, seed, x) (points[5] repeats loss/1/200)"
 * @throws {Error} "learningCurves requires points of one dataset and model (got gsm8k/a and math/a); filter first"
 * @example learningCurves([
 *   { method: "loss", seed: 1, x: 100, accuracy: 0.4 }, { method: "loss", seed: 1, x: 200, accuracy: 0.6 },
 *   { method: "loss", seed: 2, x: 100, accuracy: 0.2 }, { method: "loss", seed: 2, x: 200, accuracy: 0.4 },
 * ])[0].points.map((p) => p.mean) // [0.30000000000000004, 0.5]
 */
export function learningCurves(
  points: readonly LearningPoint[],
  options: LearningCurvesOptions = {},
): LearningCurve[] {
  const boot = checkBootstrapOptions("learningCurves", options);
  const byMethod = seriesByMethod(points, "learningCurves");
  const out: LearningCurve[] = [];
  for (const [method, seeds] of byMethod) {
    const grid = unionX(seeds);
    const values = seedMatrix(seeds, grid);
    const mean = meanOverSeeds(values, grid.length, null);
    const rng = makeRng(mixSeed(boot.seed, method));
    const resampled: number[][] = grid.map(() => []);
    for (let b = 0; b < boot.resamples; b++) {
      const m = meanOverSeeds(values, grid.length, drawSeeds(rng, seeds.length));
      for (let j = 0; j < grid.length; j++) if (!Number.isNaN(m.mean[j])) resampled[j]!.push(m.mean[j]!);
    }
    out.push({
      method,
      seeds,
      points: grid.map((x, j) => {
        const [lower, upper] = percentileInterval(resampled[j]!, boot.confidence);
        return { x, mean: mean.mean[j]!, lower, upper, nSeeds: mean.count[j]! };
      }),
    });
  }
  return out;
}

/** Validates points and groups them: method -> seed series (sorted by x), in order of appearance. */
export function seriesByMethod(points: readonly LearningPoint[], who: string): Map<string, SeedSeries[]> {
  if (points.length === 0) throw new Error(`${who} requires at least 1 point`);
  const first = `${points[0]!.dataset ?? ""}/${points[0]!.model ?? ""}`;
  const seen = new Set<string>();
  const groups = new Map<string, Map<string, { seed: number | string; xy: [number, number][] }>>();
  points.forEach((p, i) => {
    for (const field of ["x", "accuracy"] as const) {
      if (!Number.isFinite(p[field])) throw new Error(`${who} requires finite x and accuracy (points[${i}].${field} = ${p[field]})`);
    }
    const where = `${p.dataset ?? ""}/${p.model ?? ""}`;
    if (where !== first) {
      throw new Error(`${who} requires points of one dataset and model (got ${first} and ${where}); filter first`);
    }
    const key = `${p.method}/${String(p.seed)}/${p.x}`;
    if (seen.has(key)) throw new Error(`${who} requires one point per (method, seed, x) (points[${i}] repeats ${key})`);
    seen.add(key);
    let bySeed = groups.get(p.method);
    if (!bySeed) groups.set(p.method, (bySeed = new Map()));
    const seedKey = `${typeof p.seed}:${String(p.seed)}`;
    let series = bySeed.get(seedKey);
    if (!series) bySeed.set(seedKey, (series = { seed: p.seed, xy: [] }));
    series.xy.push([p.x, p.accuracy]);
  });
  const out = new Map<string, SeedSeries[]>();
  for (const [method, bySeed] of groups) {
    out.set(method, [...bySeed.values()].map(({ seed, xy }) => {
      xy.sort((a, b) => a[0] - b[0]);
      return { seed, x: xy.map((p) => p[0]), accuracy: xy.map((p) => p[1]) };
    }));
  }
  return out;
}

/** Sorted union of the seeds' x values. */
export function unionX(seeds: readonly SeedSeries[]): number[] {
  return [...new Set(seeds.flatMap((s) => s.x))].sort((a, b) => a - b);
}

/** values[s][j] = seed s interpolated at grid[j], NaN outside its range. */
export function seedMatrix(seeds: readonly SeedSeries[], grid: readonly number[]): Float64Array[] {
  return seeds.map((s) => Float64Array.from(grid, (x) => interpolateAt(s.x, s.accuracy, x)));
}

/** One bootstrap draw: n seed indices in [0, n) with replacement. */
export function drawSeeds(rng: Rng, n: number): Uint32Array {
  return Uint32Array.from({ length: n }, () => rng.int(0, n - 1));
}

/** Mean over seeds (all, or the drawn indices) at each grid index, skipping NaN; NaN if none. */
export function meanOverSeeds(
  values: readonly Float64Array[],
  width: number,
  draw: Uint32Array | null,
): { mean: Float64Array; count: Uint32Array } {
  const sum = new Float64Array(width);
  const count = new Uint32Array(width);
  const picks = draw ?? Uint32Array.from(values, (_, i) => i);
  for (const s of picks) {
    const row = values[s]!;
    for (let j = 0; j < width; j++) {
      if (!Number.isNaN(row[j])) {
        sum[j]! += row[j]!;
        count[j]!++;
      }
    }
  }
  const mean = Float64Array.from(sum, (v, j) => (count[j]! > 0 ? v / count[j]! : NaN));
  return { mean, count };
}
