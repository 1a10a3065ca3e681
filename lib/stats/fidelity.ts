import { quantileSorted } from "./quantile-sorted.js";
import { spearman, type SpearmanResult } from "./spearman.js";

export interface FidelityInput {
  /** Score of the original seed each synthetic sample was made from (e.g. student loss). */
  seedScores: readonly number[];
  /** The same score of the synthetic sample. */
  syntheticScores: readonly number[];
  /** Group of each pair (a dataset, a model, or "dataset/model"). */
  groups: readonly string[];
}

export interface FidelityGroup {
  group: string;
  n: number;
  seedMedian: number;
  syntheticMedian: number;
  /** Spearman over this group's pairs; null with fewer than 3 pairs. */
  spearman: SpearmanResult | null;
}

export interface Fidelity {
  /** Groups in order of first appearance. */
  groups: FidelityGroup[];
  /** Spearman of (seedMedian, syntheticMedian) across groups; null with fewer than 3 groups. */
  datasetLevel: SpearmanResult | null;
  /** Spearman over all pairs, groups pooled. */
  pointLevel: SpearmanResult;
}

/**
 * Fidelity of synthetic samples to their seeds: do hard seeds give hard synthetic samples?
 * (the paper's Figure 2: scores of original seeds against the synthetic samples made from them).
 *
 * Definition: for each group g, the medians of its seed scores and of its synthetic scores; the
 * dataset-level correlation is Spearman's rho between those two medians across groups. The
 * point-level correlations are Spearman's rho over the (seedScore, syntheticScore) pairs, pooled
 * and per group. Medians are the middle value, or the mean of the two middle values.
 *
 * Edge cases: a correlation over fewer than 3 pairs is reported as null instead of throwing, so one
 * small group does not hide the others; constant scores give rho = NaN (see {@link spearman}).
 *
 * Cost: O(n log n).
 *
 * @throws {Error} "fidelity requires seedScores, syntheticScores and groups of equal length (got 4, 4 and 3)"
 * @throws {Error} "fidelity requires at least 3 pairs (got 2)"
 * @throws {Error} "fidelity requires finite scores (seedScores[2] = NaN)"
 * @example fidelity({ seedScores: [1, 2, 3, 4], syntheticScores: [1.5, 2.5, 2, 5], groups: ["a", "a", "b", "b"] })
 *   .pointLevel.rho // 0.8
 */
export function fidelity(input: FidelityInput): Fidelity {
  const { seedScores, syntheticScores, groups } = input;
  const who = "fidelity";
  const n = seedScores.length;
  if (syntheticScores.length !== n || groups.length !== n) {
    throw new Error(`${who} requires seedScores, syntheticScores and groups of equal length (got ${n}, ${syntheticScores.length} and ${groups.length})`);
  }
  if (n < 3) throw new Error(`${who} requires at least 3 pairs (got ${n})`);
  for (const [name, arr] of [["seedScores", seedScores], ["syntheticScores", syntheticScores]] as const) {
    arr.forEach((v, i) => { if (!Number.isFinite(v)) throw new Error(`${who} requires finite scores (${name}[${i}] = ${v})`); });
  }
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  });
  const out: FidelityGroup[] = [...members].map(([group, idx]) => {
    const s = idx.map((i) => seedScores[i]!);
    const t = idx.map((i) => syntheticScores[i]!);
    return {
      group,
      n: idx.length,
      seedMedian: median(s),
      syntheticMedian: median(t),
      spearman: idx.length >= 3 ? spearman(s, t) : null,
    };
  });
  return {
    groups: out,
    datasetLevel: out.length >= 3 ? spearman(out.map((g) => g.seedMedian), out.map((g) => g.syntheticMedian)) : null,
    pointLevel: spearman(seedScores, syntheticScores),
  };
}

function median(values: number[]): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}
