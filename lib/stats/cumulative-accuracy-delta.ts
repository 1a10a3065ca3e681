import { makeRng, mixSeed } from "../util/rng.js";

export interface CumulativeAccuracyDeltaInput {
  /** One score per synthetic sample (e.g. student loss, reward). Finite numbers. */
  scores: readonly number[];
  /** Whether the sample is correct: booleans, or numbers in [0, 1] (partial credit). */
  correct: readonly (boolean | number)[];
  /** "desc": highest score first (uncertainty); "asc": lowest first (reward). */
  order: "desc" | "asc";
  /** K, the number of seeded random shuffles averaged for the baseline. Default 100. */
  shuffles?: number;
  /** Seed for the tie-breaking and the shuffles (lib/util/rng). Default 0. */
  seed?: number;
}

export interface CumulativeAccuracyPoint {
  /** Number of samples taken, 1..n. */
  k: number;
  /** acc_order(k): accuracy of the first k samples in score order. */
  accuracy: number;
  /** mean_random(k): mean over the K shuffles of the accuracy of their first k samples. */
  randomMean: number;
  /** 100 (acc_order(k) - mean_random(k)) / mean_random(k); see the function's doc for 0. */
  deltaPercent: number;
}

export interface CumulativeAccuracyDelta {
  curve: CumulativeAccuracyPoint[];
  summary: {
    /** Mean of deltaPercent over the k where it is defined (not NaN). NaN if none is. */
    meanDeltaPercent: number;
    /** (1/n) Σ_k (acc_order(k) - mean_random(k)): the signed area between the curves per sample. */
    areaDelta: number;
    /** acc_order(n), the accuracy of all samples (the same for every order). */
    finalAccuracy: number;
  };
}

/**
 * Cumulative accuracy along a score order against random orders (the paper's ordering analysis).
 *
 * Definition: sort the n synthetic samples by score ("desc": high to low, for uncertainty scores;
 * "asc": low to high, for rewards), equal scores in a random order fixed by `seed`. Then for
 * k = 1..n: acc_order(k) = (1/k) Σ_{i<=k} correct_(i); mean_random(k) = the mean over K seeded
 * uniform shuffles of the same quantity; and
 *   deltaPercent(k) = 100 · (acc_order(k) - mean_random(k)) / mean_random(k).
 * When mean_random(k) = 0, deltaPercent(k) is 0 if acc_order(k) = 0 too and NaN otherwise (the
 * relative difference is undefined); NaN points are left out of meanDeltaPercent. The expectation
 * of mean_random(k) is the overall accuracy for every k; K shuffles follow the paper's procedure,
 * and at k = n both curves equal the overall accuracy exactly.
 *
 * Worked example: scores [3, 2, 1], correct [1, 0, 0], "desc": acc_order = [1, 1/2, 1/3]; the
 * random mean tends to 1/3 at every k, so deltaPercent -> [200, 50, 0].
 *
 * Cost: O(n log n + K·n).
 *
 * Reference: arXiv 2512.00884, the cumulative-accuracy ordering analysis (its Figure 3).
 *
 * @throws {Error} "cumulativeAccuracyDelta requires at least 1 sample"
 * @throws {Error} "cumulativeAccuracyDelta requires scores and correct of equal length (got 3 and 2)"
 * @throws {Error} "cumulativeAccuracyDelta requires finite scores (scores[4] = NaN)"
 * @throws {Error} "cumulativeAccuracyDelta requires correct values in [0, 1] (correct[1] = 2)"
 * @throws {Error} "cumulativeAccuracyDelta requires shuffles to be a positive integer (got 0)"
 * @example cumulativeAccuracyDelta({ scores: [3, 2, 1], correct: [true, false, false], order: "desc" })
 *   .curve.map((p) => p.accuracy) // [1, 0.5, 0.3333333333333333]
 */
export function cumulativeAccuracyDelta(input: CumulativeAccuracyDeltaInput): CumulativeAccuracyDelta {
  const { scores, correct, order } = input;
  const shuffles = input.shuffles ?? 100;
  const seed = input.seed ?? 0;
  const who = "cumulativeAccuracyDelta";
  const n = scores.length;
  if (n === 0) throw new Error(`${who} requires at least 1 sample`);
  if (correct.length !== n) {
    throw new Error(`${who} requires scores and correct of equal length (got ${n} and ${correct.length})`);
  }
  if (order !== "desc" && order !== "asc") throw new Error(`${who} requires order "desc" or "asc" (got ${String(order)})`);
  if (!Number.isInteger(shuffles) || shuffles < 1) {
    throw new Error(`${who} requires shuffles to be a positive integer (got ${shuffles})`);
  }
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`${who} requires finite scores (scores[${i}] = ${scores[i]})`);
    const v = Number(correct[i]);
    if (!(v >= 0 && v <= 1)) throw new Error(`${who} requires correct values in [0, 1] (correct[${i}] = ${String(correct[i])})`);
    c[i] = v;
  }

  const tieRng = makeRng(mixSeed(seed, "ties"));
  const tie = Float64Array.from({ length: n }, () => tieRng.next());
  const sign = order === "desc" ? -1 : 1;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => sign * (scores[a]! - scores[b]!) || tie[a]! - tie[b]!);

  const randomSum = new Float64Array(n); // Σ over shuffles of the prefix sum at k
  const rng = makeRng(mixSeed(seed, "shuffles"));
  const perm = new Uint32Array(n);
  for (let s = 0; s < shuffles; s++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(0, i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    let prefix = 0;
    for (let k = 0; k < n; k++) {
      prefix += c[perm[k]!]!;
      randomSum[k]! += prefix;
    }
  }

  const curve: CumulativeAccuracyPoint[] = [];
  let prefix = 0;
  let deltaSum = 0;
  let deltaCount = 0;
  let area = 0;
  for (let k = 1; k <= n; k++) {
    prefix += c[idx[k - 1]!]!;
    const accuracy = prefix / k;
    const randomMean = randomSum[k - 1]! / (shuffles * k);
    const deltaPercent = randomMean === 0
      ? (accuracy === 0 ? 0 : NaN)
      : (100 * (accuracy - randomMean)) / randomMean;
    if (!Number.isNaN(deltaPercent)) {
      deltaSum += deltaPercent;
      deltaCount++;
    }
    area += accuracy - randomMean;
    curve.push({ k, accuracy, randomMean, deltaPercent });
  }
  return {
    curve,
    summary: {
      meanDeltaPercent: deltaCount > 0 ? deltaSum / deltaCount : NaN,
      areaDelta: area / n,
      finalAccuracy: prefix / n,
    },
  };
}
