import { makeRng } from "../util/rng.js";
import { checkBootstrapOptions, percentileInterval, type BootstrapOptions } from "./bootstrap-ci.js";
import { normalizedAuc } from "./curve.js";

/** One method's learning curve in one (dataset, model, seed) cell. */
export interface WinrateCell {
  dataset: string;
  model: string;
  seed: number | string;
  method: string;
  curve: { x: number; accuracy: number }[];
}

export interface WinrateOptions {
  /** "final": accuracy at the largest x; "auc": trapezoid area under accuracy vs x / x range. */
  rule: "final" | "auc";
  /** Values within this distance are a tie. Default 0 (exact equality). */
  tieTolerance?: number;
  /** Percentile bootstrap over cells (resample the (dataset, model, seed) cells). Off when absent. */
  bootstrap?: BootstrapOptions;
}

export interface WinrateOverall {
  method: string;
  /** Comparisons (cell, other method present in that cell) this method lost. */
  losses: number;
  ties: number;
  comparisons: number;
  /** losses / comparisons: the paper's Figure 5 overall row, lower is better. Ties are not losses. */
  lossRate: number;
  tieRate: number;
  /** Bootstrap bounds of lossRate (present with options.bootstrap). */
  lower?: number;
  upper?: number;
}

export interface WinrateMatrix {
  methods: string[];
  /** Number of (dataset, model, seed) cells. */
  cells: number;
  rule: "final" | "auc";
  /** wins[i][j]: cells where method i's value is higher than method j's (beyond the tolerance). */
  wins: number[][];
  /** ties[i][j]: cells where the two values are within the tolerance. */
  ties: number[][];
  /** comparisons[i][j]: cells containing both i and j; wins[i][j] + wins[j][i] + ties[i][j]. */
  comparisons: number[][];
  /** P_ij = wins[i][j] / comparisons[i][j] (NaN on the diagonal and with no comparisons). */
  winRate: number[][];
  /** Bootstrap bounds of P_ij (present with options.bootstrap). */
  winRateLower?: number[][];
  winRateUpper?: number[][];
  overall: WinrateOverall[];
}

/**
 * Pairwise winrate matrix of methods over (dataset, model, seed) cells (the paper's Figure 5).
 *
 * Definition: each method's curve in a cell is summarised by one value: its accuracy at its
 * largest x ("final"), or its normalised AUC ("auc": trapezoid area under accuracy vs x divided by
 * the x range, i.e. the mean accuracy over the budget; one point gives its accuracy). For methods
 * i != j and every cell holding both, i beats j when v_i - v_j > tieTolerance; |v_i - v_j| <=
 * tieTolerance is a tie, counted separately (a tie is neither a win nor a loss). P_ij =
 * wins_ij / comparisons_ij, so P_ij + P_ji + ties_ij / comparisons_ij = 1.
 * Overall row ("lower is better"): for method i, lossRate_i = Σ_j wins_ji / Σ_j comparisons_ij,
 * the fraction of its (cell, other method) comparisons that it loses.
 * Bootstrap (optional): resample the cells with replacement, recompute P and lossRate, take
 * percentile bounds. Methods are sorted by name.
 *
 * Worked example: one cell with final accuracies a = 0.5, b = 0.4, c = 0.4: P_ab = P_ac = 1,
 * P_bc = P_cb = 0 with ties_bc = 1; lossRate: a 0/2, b 1/2, c 1/2.
 *
 * Cost: O(C · M²) per evaluation, C cells and M methods; × B with the bootstrap.
 *
 * @throws {Error} "winrateMatrix requires at least 1 cell"
 * @throws {Error} "winrateMatrix requires rule \"final\" or \"auc\" (got x)"
 * @throws {Error} "winrateMatrix requires one curve per (dataset, model, seed, method) (cells[4] repeats gsm8k/qwen/1/loss)"
 * @throws {Error} "winrateMatrix requires a non-empty curve (cells[2])"
 * @throws {Error} "winrateMatrix requires finite x and accuracy (cells[0].curve[1].accuracy = NaN)"
 * Usage: winrateMatrix(cells, { rule: "final" }).overall.map((o) => o.lossRate) // [0, 0.5, 0.5]
 */
export function winrateMatrix(cells: readonly WinrateCell[], options: WinrateOptions): WinrateMatrix {
  const who = "winrateMatrix";
  if (cells.length === 0) throw new Error(`${who} requires at least 1 cell`);
  const { rule } = options;
  if (rule !== "final" && rule !== "auc") throw new Error(`${who} requires rule "final" or "auc" (got ${String(rule)})`);
  const tol = options.tieTolerance ?? 0;
  const methods = [...new Set(cells.map((c) => c.method))].sort();
  const mIndex = new Map(methods.map((m, i) => [m, i]));
  const M = methods.length;
  const byCell = new Map<string, Float64Array>(); // cell key -> value per method (NaN = absent)
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (c.curve.length === 0) throw new Error(`${who} requires a non-empty curve (cells[${i}])`);
    c.curve.forEach((p, k) => {
      for (const field of ["x", "accuracy"] as const) {
        if (!Number.isFinite(p[field])) throw new Error(`${who} requires finite x and accuracy (cells[${i}].curve[${k}].${field} = ${p[field]})`);
      }
    });
    const key = `${c.dataset}/${c.model}/${String(c.seed)}`;
    let row = byCell.get(key);
    if (!row) byCell.set(key, (row = new Float64Array(M).fill(NaN)));
    const m = mIndex.get(c.method)!;
    if (seen.has(`${key}/${c.method}`)) throw new Error(`${who} requires one curve per (dataset, model, seed, method) (cells[${i}] repeats ${key}/${c.method})`);
    seen.add(`${key}/${c.method}`);
    const sorted = [...c.curve].sort((a, b) => a.x - b.x);
    row[m] = rule === "final"
      ? sorted[sorted.length - 1]!.accuracy
      : normalizedAuc(sorted.map((p) => p.x), sorted.map((p) => p.accuracy));
  });
  const rows = [...byCell.values()];
  const tally = (picked: readonly Float64Array[]) => {
    const wins = grid(M), ties = grid(M), comparisons = grid(M);
    for (const row of picked) {
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < M; j++) {
          if (i === j || Number.isNaN(row[i]) || Number.isNaN(row[j])) continue;
          comparisons[i]![j]!++;
          const d = row[i]! - row[j]!;
          if (Math.abs(d) <= tol) ties[i]![j]!++;
          else if (d > 0) wins[i]![j]!++;
        }
      }
    }
    const winRate = wins.map((r, i) => r.map((w, j) => (i === j || comparisons[i]![j] === 0 ? NaN : w / comparisons[i]![j]!)));
    const lossRate = methods.map((_, i) => {
      let lost = 0, n = 0;
      for (let j = 0; j < M; j++) { lost += wins[j]![i]!; n += comparisons[i]![j]!; }
      return n === 0 ? NaN : lost / n;
    });
    return { wins, ties, comparisons, winRate, lossRate };
  };
  const t = tally(rows);
  const overall: WinrateOverall[] = methods.map((method, i) => {
    let losses = 0, tied = 0, comparisons = 0;
    for (let j = 0; j < M; j++) { losses += t.wins[j]![i]!; tied += t.ties[i]![j]!; comparisons += t.comparisons[i]![j]!; }
    return {
      method, losses, ties: tied, comparisons,
      lossRate: t.lossRate[i]!,
      tieRate: comparisons === 0 ? NaN : tied / comparisons,
    };
  });
  const result: WinrateMatrix = {
    methods, cells: rows.length, rule, wins: t.wins, ties: t.ties, comparisons: t.comparisons, winRate: t.winRate, overall,
  };
  if (options.bootstrap) {
    const boot = checkBootstrapOptions(who, options.bootstrap);
    const rng = makeRng(boot.seed);
    const loss: number[][] = methods.map(() => []);
    const pij: number[][][] = methods.map(() => methods.map(() => []));
    for (let b = 0; b < boot.resamples; b++) {
      const r = tally(rows.map(() => rows[rng.int(0, rows.length - 1)]!));
      r.lossRate.forEach((v, i) => { if (!Number.isNaN(v)) loss[i]!.push(v); });
      r.winRate.forEach((row, i) => row.forEach((v, j) => { if (!Number.isNaN(v)) pij[i]![j]!.push(v); }));
    }
    overall.forEach((o, i) => { [o.lower, o.upper] = percentileInterval(loss[i]!, boot.confidence); });
    const bounds = pij.map((row) => row.map((s) => percentileInterval(s, boot.confidence)));
    result.winRateLower = bounds.map((row) => row.map((b) => b[0]));
    result.winRateUpper = bounds.map((row) => row.map((b) => b[1]));
  }
  return result;
}

function grid(m: number): number[][] {
  return Array.from({ length: m }, () => new Array<number>(m).fill(0));
}
