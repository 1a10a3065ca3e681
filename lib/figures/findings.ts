/**
 * The paper's four findings as numbers with 95% bootstrap intervals, from a store alone: what
 * `activesynth figures` prints next to the figures it writes.
 */
import type { Store } from "../store/types.js";
import { bootstrapCI } from "../stats/bootstrap-ci.js";
import { cumulativeAccuracyDelta } from "../stats/cumulative-accuracy-delta.js";
import { fidelity } from "../stats/fidelity.js";
import { winrateMatrix } from "../stats/winrate-matrix.js";
import { curvePoints } from "../results/curves.js";
import { experimentSummary } from "../results/summary.js";
import { type RunInfo } from "./common.js";
import { fidelityPairs } from "./fidelity.js";
import { orderingSamples } from "./ordering.js";
import { winrateCells } from "./winrate.js";

/** One finding: its figure, a number with its interval (null when the store cannot give it), and a sentence. */
export interface Finding {
  figure: "fig2" | "fig3" | "fig4" | "fig5";
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  text: string;
}

const BOOT = { resamples: 400, seed: 0 };
const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/**
 * (a) Figure 2: Spearman's rho between the median loss of seeds and the median loss of their
 * synthetic children, across groups of (seed kind, checkpoint) — the paper's dataset-level
 * correlation, with kinds of problem standing in for datasets; CI by resampling pairs.
 * (b) Figure 3: the signed area between the cumulative accuracy of synthetic samples taken in loss
 * order and random orders (percentage points; negative: the highest-loss samples are the ones the
 * student gets wrong), at each run's first and final iteration; CI by resampling samples.
 * (c) Figure 5: how often `loss` beats each other method on final accuracy across (task, base, seed)
 * cells, with a CI over cells. (d) Figure 4: the data-efficiency of `loss` over `static` and
 * `random`, with the CI over seeds (runs that differ in more, such as the base, pooled as replicates).
 */
export function paperFindings(store: Store, runs: readonly RunInfo[], criterion = "loss"): Finding[] {
  return [...fidelityFinding(store, runs, criterion), ...orderingFindings(store, runs, criterion), ...winrateFindings(store, runs, criterion), ...efficiencyFindings(store, runs, criterion)];
}

function none(figure: Finding["figure"], label: string, why: string): Finding {
  return { figure, label, value: null, lower: null, upper: null, text: `${label}: ${why}` };
}

function fidelityFinding(store: Store, runs: readonly RunInfo[], criterion: string): Finding[] {
  const label = `Fig 2 fidelity (${criterion}): dataset-level Spearman, seed vs children`;
  const kindOf = (meta: Record<string, unknown> | null | undefined) => (typeof meta?.kind === "string" ? meta.kind : "");
  const input = fidelityPairs(store, runs, (child, model) => `${child.task}/${kindOf(child.meta)}@${model}`).get(criterion);
  if (!input || input.seedScores.length < 3) return [none("fig2", label, "no synthetic sample scored with its seed (runs score them unless scoreSynthetic is [])")];
  const pairs = input.seedScores.map((s, i) => ({ seed: s, child: input.syntheticScores[i]!, group: input.groups[i]! }));
  const rhoOf = (sample: typeof pairs) => {
    const f = fidelity({ seedScores: sample.map((p) => p.seed), syntheticScores: sample.map((p) => p.child), groups: sample.map((p) => p.group) });
    return f.datasetLevel ? f.datasetLevel.rho : NaN;
  };
  const whole = fidelity(input);
  if (!whole.datasetLevel) {
    const ci = bootstrapCI(pairs, (s) => fidelity({ seedScores: s.map((p) => p.seed), syntheticScores: s.map((p) => p.child), groups: s.map(() => "all") }).pointLevel.rho, BOOT);
    return [{ figure: "fig2", label: `Fig 2 fidelity (${criterion}): point-level Spearman, seed vs child`, value: ci.estimate, lower: ci.lower, upper: ci.upper,
      text: `Fig 2: ${ci.lower > 0 ? `children's ${criterion} follows their seed's` : `no clear relation between seed and children's ${criterion}`}, point-level rho ${fmt(ci.estimate)} (95% CI ${fmt(ci.lower)} to ${fmt(ci.upper)}; ${pairs.length} pairs; fewer than 3 groups for a dataset-level rho)` }];
  }
  const ci = bootstrapCI(pairs, rhoOf, BOOT);
  return [{ figure: "fig2", label, value: ci.estimate, lower: ci.lower, upper: ci.upper,
    text: `Fig 2: ${ci.lower > 0 ? "groups with higher-loss seeds have higher-loss children" : ci.upper < 0 ? "groups with higher-loss seeds have lower-loss children" : "no clear relation between seed and children's loss across groups"}, dataset-level rho ${fmt(ci.estimate)} (95% CI ${fmt(ci.lower)} to ${fmt(ci.upper)}; ${whole.groups.length} groups of (kind, checkpoint), ${pairs.length} pairs; point-level rho ${fmt(whole.pointLevel.rho)})` }];
}

function orderingFindings(store: Store, runs: readonly RunInfo[], criterion: string): Finding[] {
  const samples = orderingSamples(store, runs).filter((s) => s.criterion === criterion);
  const out: Finding[] = [];
  for (const stage of ["first", "final"] as const) {
    const label = `Fig 3 ordering (${criterion}), ${stage} iteration: cumulative accuracy vs random (pp)`;
    const list = samples.filter((s) => s.stage === stage);
    if (list.length < 2) {
      out.push(none("fig3", label, stage === "final" ? "no run has scored samples in a second iteration" : "no scored and graded synthetic sample"));
      continue;
    }
    const area = (sample: typeof list) =>
      100 * cumulativeAccuracyDelta({ scores: sample.map((s) => s.score), correct: sample.map((s) => s.correct), order: "desc", shuffles: 20 }).summary.areaDelta;
    const ci = bootstrapCI(list, area, { ...BOOT, resamples: 200 });
    const acc = list.filter((s) => s.correct).length / list.length;
    out.push({ figure: "fig3", label, value: ci.estimate, lower: ci.lower, upper: ci.upper,
      text: `Fig 3 (${stage} iteration): taken in ${criterion} order, the samples' cumulative accuracy is ${fmt(ci.estimate, 1)} pp from random orders on average (95% CI ${fmt(ci.lower, 1)} to ${fmt(ci.upper, 1)}; ${list.length} samples, ${(100 * acc).toFixed(0)}% answered right): ${ci.upper < 0 ? "high-loss samples are the ones the student gets wrong" : ci.lower > 0 ? "high-loss samples are the ones it gets right" : "no clear order"}` });
  }
  return out;
}

function winrateFindings(store: Store, runs: readonly RunInfo[], criterion: string): Finding[] {
  const cells = winrateCells(store, runs);
  const methods = [...new Set(cells.map((c) => c.method))].sort();
  if (!methods.includes(criterion) || methods.length < 2) return [none("fig5", `Fig 5 win rates of ${criterion}`, `no (task, base, seed) cell holds ${criterion} and another method`)];
  const m = winrateMatrix(cells, { rule: "final", bootstrap: { ...BOOT } });
  const i = m.methods.indexOf(criterion);
  return m.methods.flatMap((other, j) => {
    if (j === i || m.comparisons[i]![j] === 0) return [];
    const p = m.winRate[i]![j]!, lo = m.winRateLower?.[i]![j] ?? NaN, hi = m.winRateUpper?.[i]![j] ?? NaN;
    return [{ figure: "fig5" as const, label: `Fig 5 ${criterion} beats ${other}`, value: p, lower: lo, upper: hi,
      text: `Fig 5: ${criterion} beats ${other} on final accuracy in ${m.wins[i]![j]} of ${m.comparisons[i]![j]} cells (${(100 * p).toFixed(0)}%, 95% CI ${(100 * lo).toFixed(0)}-${(100 * hi).toFixed(0)}%${m.ties[i]![j] ? `, ${m.ties[i]![j]} ties` : ""})` }];
  });
}

function efficiencyFindings(store: Store, runs: readonly RunInfo[], criterion: string): Finding[] {
  // runs that differ in more than method and seed (bases, teachers) are pooled: each (variant, seed) is one replicate
  const info = new Map(runs.map((r) => [r.id, r]));
  const replicate = new Map<string, number>();
  const points = curvePoints(store, runs.map((r) => r.id)).map((p) => {
    const r = info.get(p.runId)!;
    const key = `${r.variant}\u0000${r.seed}`;
    if (!replicate.has(key)) replicate.set(key, replicate.size);
    return { ...p, method: r.method, seed: replicate.get(key)! };
  });
  const pooled = new Set(runs.map((r) => r.variant)).size > 1 ? ` (pooled over ${replicate.size} (variant, seed) replicates)` : "";
  const methods = new Set(points.map((p) => p.method));
  const out: Finding[] = [];
  for (const baseline of ["static", "random"]) {
    if (baseline === criterion) continue;
    const label = `Fig 4 data-efficiency of ${criterion} over ${baseline}`;
    if (!methods.has(baseline) || !methods.has(criterion)) {
      out.push(none("fig4", label, `the runs have no ${methods.has(criterion) ? baseline : criterion} curve`));
      continue;
    }
    const e = experimentSummary(points.filter((p) => p.method === criterion || p.method === baseline), { baseline, methods: [criterion] }).efficiency[0];
    const r = e?.ratio?.efficiency;
    out.push(r ? { figure: "fig4", label, value: r.reached ? r.value : null, lower: r.lower, upper: r.upper, text: `Fig 4${pooled}: ${e.sentence}` } : none("fig4", label, e?.sentence ?? "no ratio"));
  }
  return out;
}
