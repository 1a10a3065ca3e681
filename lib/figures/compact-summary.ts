/**
 * The summary part of a compact results document (lib/results/compact.ts): final accuracy per
 * method, data-efficiency ratios over random and static, win counts. Every number comes from the
 * library's own functions, as `activesynth run` and `activesynth figures` print them.
 */
import type { Store } from "../store/types.js";
import type { RunInfo } from "./common.js";
import { winrateCells } from "./winrate.js";
import { winrateMatrix } from "../stats/winrate-matrix.js";
import { curvePoints, splitMethodLabel, type CurvePoint } from "../results/curves.js";
import { curveSeries, experimentSummary } from "../results/summary.js";
import type { CompactEfficiency, CompactRun, CompactSummary, FinalAccuracy, WinCount } from "./compact-types.js";

const BASELINES = ["random", "static"] as const;

/** A finite number, else null (JSON has no NaN or Infinity). */
export function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The summary of `runs` (their compact form in `compact`, same order): see {@link CompactSummary}.
 * Methods are the runs' curve labels (the criterion or `static`, with a variant when runs differ in
 * more than method and seed); a ratio compares a method with the baseline of its own variant.
 */
export function compactSummary(store: Store, runs: readonly RunInfo[], compact: readonly CompactRun[]): CompactSummary {
  const points = curvePoints(store, runs.map((r) => r.id));
  const methods = [...new Set(compact.map((r) => r.label))];
  if (points.length === 0) return { methods, final: finals(compact), curves: [], efficiencyGuide: null, efficiency: [], wins: [] };
  return {
    methods,
    final: finals(compact),
    curves: curveSeries(points),
    efficiencyGuide: guide(points),
    efficiency: efficiencies(points),
    wins: winCounts(store, runs),
  };
}

/** Each method's runs at their last evaluated iteration: min, max and mean test accuracy. */
function finals(runs: readonly CompactRun[]): FinalAccuracy[] {
  const out: FinalAccuracy[] = [];
  for (const method of [...new Set(runs.map((r) => r.label))]) {
    const last = runs.filter((r) => r.label === method).flatMap((r) => r.iterations.slice(-1));
    if (last.length === 0) continue;
    const acc = last.map((it) => it.accuracy);
    out.push({
      method,
      runs: last.length,
      samples: [...new Set(last.map((it) => it.samples))].sort((a, b) => a - b),
      min: Math.min(...acc),
      max: Math.max(...acc),
      mean: acc.reduce((a, b) => a + b, 0) / acc.length,
    });
  }
  return out;
}

/** The learning-curve figure's guide lines, as `learningFigures` picks them (best active method against random, else static). */
function guide(points: CurvePoint[]): CompactSummary["efficiencyGuide"] {
  const present = [...new Set(points.map((p) => p.method))];
  const baseline = BASELINES.find((b) => present.includes(b));
  const candidates = present.filter((m) => !(BASELINES as readonly string[]).includes(m));
  if (!baseline || candidates.length === 0) return null;
  try {
    return experimentSummary(points, { baseline, methods: candidates, order: "best" }).efficiencyGuide;
  } catch {
    return null; // the ratios below say why, per method
  }
}

/** Every active method over random, and every method over static, within its variant. */
function efficiencies(points: CurvePoint[]): CompactEfficiency[] {
  const present = [...new Set(points.map((p) => p.method))];
  const seedsOf = (m: string) => new Set(points.filter((p) => p.method === m).map((p) => p.seed)).size;
  const out: CompactEfficiency[] = [];
  for (const base of BASELINES) {
    for (const method of present) {
      const { method: plain, variant } = splitMethodLabel(method);
      const baseline = variant ? `${base} (${variant})` : base;
      if (!present.includes(baseline) || plain === base || (base === "random" && plain === "static")) continue;
      const seeds = Math.min(seedsOf(method), seedsOf(baseline));
      let entry;
      try {
        entry = experimentSummary(points.filter((p) => p.method === method || p.method === baseline), { baseline, methods: [method] }).efficiency[0];
      } catch (error) {
        entry = { ratio: null, sentence: `${method} vs ${baseline}: no ratio (${(error as Error).message})` };
      }
      const r = entry?.ratio;
      out.push({
        method, baseline, seeds,
        efficiency: r?.efficiency.reached ? finite(r.efficiency.value) : null,
        reached: r?.efficiency.reached ?? false,
        bound: r && !r.efficiency.reached ? finite(r.efficiency.bound) : null,
        lower: r ? finite(r.efficiency.lower) : null,
        upper: r ? finite(r.efficiency.upper) : null,
        reachedShare: r ? finite(r.efficiency.reachedShare) : null,
        dataFraction: r?.dataFraction.reached ? finite(r.dataFraction.value) : null,
        methodFinal: r ? { samples: r.bestFinal.x, accuracy: r.bestFinal.accuracy } : null,
        baselineFinal: r ? { samples: r.baselineFinal.x, accuracy: r.baselineFinal.accuracy } : null,
        sentence: entry?.sentence ?? `${method} vs ${baseline}: no ratio`,
      });
    }
  }
  return out;
}

/** Wins, ties and losses on final accuracy against random and static over (task, base model, seed) cells. */
function winCounts(store: Store, runs: readonly RunInfo[]): WinCount[] {
  const cells = winrateCells(store, runs);
  if (cells.length === 0) return [];
  const m = winrateMatrix(cells, { rule: "final" });
  const out: WinCount[] = [];
  for (const base of BASELINES) {
    const j = m.methods.indexOf(base);
    if (j < 0) continue;
    m.methods.forEach((method, i) => {
      if (i === j || m.comparisons[i]![j] === 0) return;
      out.push({ method, baseline: base, wins: m.wins[i]![j]!, ties: m.ties[i]![j]!, losses: m.wins[j]![i]!, comparisons: m.comparisons[i]![j]! });
    });
  }
  return out;
}
