import type { RunConfig } from "../experiment/config.js";
import type { RunRow, Store } from "../store/types.js";
import { runIdOf, type RunRef } from "./run-ref.js";

/** One point of a learning curve: a run's test accuracy after training on `samples` synthetic samples. */
export interface CurvePoint {
  runId: string;
  task: string;
  /** `static`, or the criterion of an active run. */
  method: string;
  seed: number;
  iteration: number;
  samples: number;
  teacherTokens: number;
  accuracy: number;
}

/** The method label of a run config: its criterion, or `static`. */
export const methodOf = (config: Pick<RunConfig, "method" | "criterion">): string => (config.method === "static" ? "static" : config.criterion);

/** Fields that name a run's method or replicate it, not a variant of the experiment. */
// fields that make a run another method, seed or label, or that do not change what it learns
const NOT_VARIANT = new Set(["name", "description", "seed", "method", "criterion", "criterionOptions", "scoreSynthetic"]);

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
}

/**
 * What sets each run apart from the others besides its method and seed: the config fields whose
 * values differ among the runs (`student.pretrain.seed=1`, `task="gsm8k"`), as a label per run
 * ("" when the runs differ in method and seed only). Fields a run lacks count as differing.
 * @example variantLabels([{ name: "a", seed: 0, student: { pretrain: { seed: 1 } } }, { name: "b", seed: 1, student: { pretrain: { seed: 2 } } }])
 * // ["student.pretrain.seed=1", "student.pretrain.seed=2"]
 */
export function variantLabels(configs: unknown[]): string[] {
  const flat = configs.map((c) => {
    const m = new Map<string, string>();
    flatten(Object.fromEntries(Object.entries((c ?? {}) as Record<string, unknown>).filter(([k]) => !NOT_VARIANT.has(k))), "", m);
    return m;
  });
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort();
  const differing = keys.filter((k) => new Set(flat.map((m) => m.get(k) ?? "(unset)")).size > 1);
  const short = (v: string) => (v.length > 40 ? `${v.slice(0, 18)}...${v.slice(-18)}` : v);
  return flat.map((m) => differing.map((k) => `${k}=${short(m.get(k) ?? "(unset)")}`).join(", "));
}

/**
 * A curve label split into its method and variant: "loss (student.pretrain.seed=1)" ->
 * { method: "loss", variant: "student.pretrain.seed=1" }; a label without variant has "".
 */
export function splitMethodLabel(label: string): { method: string; variant: string } {
  const m = /^([^(]*?)(?: \((.*)\))?$/.exec(label);
  return { method: (m?.[1] ?? label).trim(), variant: m?.[2] ?? "" };
}

/**
 * Learning-curve points of the given runs (all runs when omitted), ordered by run and iteration.
 * `method` is the run's criterion (or `static`); when the runs differ in more than method and
 * seed (another base, model, task or teacher), it also names what differs, so each variant gets
 * its own curve: `loss (student.pretrain.seed=1)`. Runs are named as everywhere (RunRef).
 * @throws {UnknownRunError} for a run the store does not hold
 */
export function curvePoints(store: Store, runs?: readonly RunRef[]): CurvePoint[] {
  const ids = runs?.map((r) => runIdOf(store, r));
  const rows = store.listRuns().filter((r) => !ids || ids.includes(r.id));
  return pointsOf(store, rows);
}

function pointsOf(store: Store, runs: RunRow[]): CurvePoint[] {
  const variants = variantLabels(runs.map((r) => r.config));
  const out: CurvePoint[] = [];
  for (const [k, run] of runs.entries()) {
    const config = run.config;
    for (const it of store.listIterations(run.id)) {
      out.push({
        runId: run.id,
        task: config.task,
        method: variants[k] ? `${methodOf(config)} (${variants[k]})` : methodOf(config),
        seed: config.seed,
        iteration: it.iteration,
        samples: it.samples,
        teacherTokens: it.teacherTokens,
        accuracy: it.accuracy,
      });
    }
  }
  return out;
}

/**
 * The results file: per method and seed, synthetic samples → test accuracy. Results only (no
 * timings, no paths), keys sorted, so two runs of the same experiment compare byte for byte.
 */
export function resultsJson(points: CurvePoint[]): string {
  const methods: Record<string, Record<string, Array<[number, number]>>> = {};
  for (const p of [...points].sort((a, b) => a.method.localeCompare(b.method) || a.seed - b.seed || a.iteration - b.iteration)) {
    const bySeed = (methods[p.method] ??= {});
    (bySeed[String(p.seed)] ??= []).push([p.samples, Number(p.accuracy.toFixed(6))]);
  }
  const sorted = Object.fromEntries(Object.keys(methods).sort().map((m) => [m, Object.fromEntries(Object.keys(methods[m]!).sort().map((s) => [s, methods[m]![s]]))]));
  return JSON.stringify({ format: "activesynth-results-v1", xAxis: "synthetic samples", methods: sorted }, null, 2) + "\n";
}

/** Mean accuracy per method at each sample count (over seeds), for tables. */
export function meanCurves(points: CurvePoint[]): Map<string, Map<number, { mean: number; n: number }>> {
  const out = new Map<string, Map<number, { sum: number; n: number }>>();
  for (const p of points) {
    const curve = out.get(p.method) ?? new Map();
    const cell = curve.get(p.samples) ?? { sum: 0, n: 0 };
    cell.sum += p.accuracy;
    cell.n += 1;
    curve.set(p.samples, cell);
    out.set(p.method, curve);
  }
  const result = new Map<string, Map<number, { mean: number; n: number }>>();
  for (const [method, curve] of out) {
    result.set(method, new Map([...curve.entries()].sort((a, b) => a[0] - b[0]).map(([x, c]) => [x, { mean: c.sum / c.n, n: c.n }])));
  }
  return result;
}
