import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CurvePoint } from "../results/curves.js";
import { meanCurves, resultsJson, splitMethodLabel } from "../results/curves.js";
import { formatTable } from "./table.js";
import { formatAccuracy } from "./format.js";
import { figuresHtml } from "../plots/html.js";
import { learningCurvesFigure } from "../plots/learning-curves.js";
import { curveSeries, experimentSummary, type ExperimentSummary } from "../results/summary.js";

/** The accuracy table: one row per method, one column per sample count (mean over seeds). */
export function accuracyTable(points: CurvePoint[]): string {
  const curves = meanCurves(points);
  const xs = [...new Set(points.map((p) => p.samples))].sort((a, b) => a - b);
  const rows = [...curves.entries()].map(([method, curve]) => {
    const seeds = new Set(points.filter((p) => p.method === method).map((p) => p.seed)).size;
    return [method, seeds, ...xs.map((x) => (curve.has(x) ? formatAccuracy(curve.get(x)!.mean) : "-"))] as Array<string | number>;
  });
  return formatTable(["method", "seeds", ...xs.map((x) => `n=${x}`)], rows);
}

/** Writes results.json and learning-curves.html into `dir`; returns their paths. */
export function writeOutputs(dir: string, title: string, points: CurvePoint[], summary: ExperimentSummary): string[] {
  mkdirSync(dir, { recursive: true });
  const results = join(dir, "results.json");
  writeFileSync(results, resultsJson(points));
  const html = join(dir, "learning-curves.html");
  writeFileSync(html, figuresHtml(title, [learningCurvesFigure(summary.curves, { title, ...(summary.efficiencyGuide ? { efficiency: summary.efficiencyGuide } : {}) })]));
  return [results, html];
}

/** The lines printed under the table: the efficiency ratio and what it means. */
export function summaryLines(summary: ExperimentSummary): string[] {
  return summary.efficiency.map((e) => e.sentence);
}

/**
 * Prints the accuracy table and, when the baseline ran next to other methods, the efficiency
 * sentences of `methods` (default: every other method) against it; writes results.json and learning-curves.html into `out` when given. Returns the files.
 */
export function printResults(points: CurvePoint[], options: { baseline: string; title: string; out?: string; methods?: string[] }): string[] {
  console.log(accuracyTable(points));
  // runs that differ in more than method and seed carry a variant, "loss (student.pretrain.seed=1)":
  // each variant's methods are compared with the baseline of the same variant
  const variantOf = (m: string) => {
    const { variant } = splitMethodLabel(m);
    return variant ? ` (${variant})` : "";
  };
  const methods = [...new Set(points.map((p) => p.method))];
  const lines: string[] = [];
  let first: ExperimentSummary | null = null;
  for (const variant of [...new Set(methods.map(variantOf))]) {
    const baseline = options.baseline + variant;
    const mine = methods.filter((m) => variantOf(m) === variant);
    if (!mine.includes(baseline) || mine.length < 2) continue;
    const wanted = options.methods?.map((m) => m + variant) ?? mine.filter((m) => m !== baseline);
    const summary = experimentSummary(points.filter((p) => variantOf(p.method) === variant), { baseline, methods: wanted });
    first ??= summary;
    lines.push(...summaryLines(summary));
  }
  if (!first) return [];
  console.log("");
  for (const line of lines) console.log(line);
  const across = acrossVariants(points, options.baseline, options.methods);
  if (across.length > 0) {
    console.log("");
    for (const line of across) console.log(line);
  }
  // the figure shows every variant's curves; its guide lines follow the first variant's ratio
  return options.out ? writeOutputs(options.out, options.title, points, { ...first, curves: curveSeries(points) }) : [];
}

/**
 * With runs in several variants (bases, teachers...): for each method, on how many variants its
 * final mean accuracy beats each other method's, and the range of the differences ("loss beats
 * random ... in 5 of 5 variants (difference +2.1 to +9.3 points)"). Empty with fewer than 2 variants.
 */
export function acrossVariants(points: CurvePoint[], baseline: string, methods?: string[]): string[] {
  const variants = [...new Set(points.map((p) => splitMethodLabel(p.method).variant))];
  if (variants.length < 2) return [];
  const finals = new Map<string, Map<string, number>>(); // base method -> variant -> final mean accuracy
  for (const [method, curve] of meanCurves(points)) {
    const { method: base, variant } = splitMethodLabel(method);
    const last = [...curve.entries()].sort((a, b) => a[0] - b[0]).at(-1);
    if (!last) continue;
    if (!finals.has(base)) finals.set(base, new Map());
    finals.get(base)!.set(variant, last[1].mean);
  }
  const candidates = methods ?? [...finals.keys()].filter((m) => m !== baseline);
  const out: string[] = [];
  for (const m of candidates) {
    for (const other of [baseline, ...[...finals.keys()].filter((o) => o !== m && o !== baseline)]) {
      const a = finals.get(m), b = finals.get(other);
      if (!a || !b) continue;
      const gaps = variants.filter((v) => a.has(v) && b.has(v)).map((v) => 100 * (a.get(v)! - b.get(v)!));
      if (gaps.length === 0) continue;
      const wins = gaps.filter((g) => g > 0).length;
      const signed = (g: number) => `${g > 0 ? "+" : ""}${g.toFixed(1)}`;
      out.push(`${m} beats ${other} on final accuracy (mean over seeds) in ${wins} of ${gaps.length} variants (difference ${signed(Math.min(...gaps))} to ${signed(Math.max(...gaps))} points)`);
    }
  }
  return out;
}

export { experimentSummary };
