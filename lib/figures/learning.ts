import type { Store } from "../store/types.js";
import { curvePoints } from "../results/curves.js";
import { experimentSummary, type ExperimentSummary } from "../results/summary.js";
import { learningCurvesFigure } from "../plots/learning-curves.js";
import type { AccuracyRange } from "../plots/layout.js";
import { groupBy, safeName, type FigureSet, type RunInfo } from "./common.js";

const BASELINES = ["random", "static"];

/**
 * Figure 4 for every task (and base model, when a task was run with several): mean test accuracy
 * against synthetic samples per method with a 95% bootstrap band over seeds, and the efficiency
 * guide lines of the best active method (highest final mean accuracy) against the baseline
 * (`random` when present, else `static`). Named `learning-curves-<task>[-<model>]`.
 *
 * The accuracy axis is zoomed to the curves unless `accuracyRange: "full"`.
 *
 * Skips a group whose runs repeat a (method, seed) pair (two runs would be averaged as one seed):
 * pass the runs to compare.
 */
export function learningFigures(store: Store, runs: readonly RunInfo[], options: { accuracyRange?: AccuracyRange } = {}): FigureSet {
  const out: FigureSet = { figures: [], skipped: [] };
  const byId = new Map(runs.map((r) => [r.id, r]));
  const points = curvePoints(store, runs.map((r) => r.id));
  if (points.length === 0) {
    out.skipped.push({ name: "learning-curves", reason: "no evaluated iterations in the selected runs (activesynth run writes them)" });
    return out;
  }
  const models = groupBy(runs, (r) => r.task);
  const groups = groupBy(points, (p) => `${p.task}\u0000${byId.get(p.runId)!.model}`);
  for (const [key, group] of groups) {
    const [task, model] = key.split("\u0000");
    const several = new Set(models.get(task!)!.map((r) => r.model)).size > 1;
    const name = safeName(several ? `learning-curves-${task}-${model}` : `learning-curves-${task}`);
    const owner = new Map<string, string>();
    let clash: string | null = null;
    for (const p of group) {
      const k = `${p.method}/${p.seed}`;
      const prev = owner.get(k);
      if (prev && prev !== p.runId) clash ??= `runs "${prev}" and "${p.runId}" are both ${p.method} with seed ${p.seed}`;
      owner.set(k, p.runId);
    }
    if (clash) {
      out.skipped.push({ name, reason: `${clash}; pass --runs to choose one` });
      continue;
    }
    const present = [...new Set(group.map((p) => p.method))];
    const baseline = BASELINES.find((b) => present.includes(b)) ?? present[0]!;
    const candidates = present.filter((m) => !BASELINES.includes(m) && m !== baseline);
    let summary: ExperimentSummary;
    try {
      summary = experimentSummary(group, { baseline, methods: candidates, order: "best" });
    } catch (error) {
      out.skipped.push({ name, reason: (error as Error).message });
      continue;
    }
    const top = summary.efficiency[0]?.ratio;
    const seeds = new Set(group.map((p) => p.seed)).size;
    const subtitle = top
      ? top.efficiency.reached
        ? `${top.best}: ${top.efficiency.value.toFixed(2)}x sample efficiency vs ${top.baseline} (${seeds > 1 ? `${Math.round(100 * top.confidence)}% CI ${fmt(top.efficiency.lower)}-${fmt(top.efficiency.upper)}` : "one seed: no interval"})`
        : `${top.best} does not reach ${top.baseline}'s final accuracy (efficiency < ${fmt(top.efficiency.bound)}x)`
      : `${present.join(", ")}; ${seeds} seed(s)`;
    out.figures.push({
      name,
      figure: learningCurvesFigure(summary.curves, {
        title: several ? `Test accuracy vs synthetic samples: ${task}, ${model}` : `Test accuracy vs synthetic samples: ${task}`,
        subtitle,
        bandLabel: "shaded: 95% bootstrap CI over seeds",
        ...(options.accuracyRange ? { accuracyRange: options.accuracyRange } : {}),
        ...(summary.efficiencyGuide ? { efficiency: summary.efficiencyGuide } : {}),
      }),
    });
  }
  return out;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : "inf";
}
