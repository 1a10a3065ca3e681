import type { RunConfig } from "./config.js";
import type { Store } from "../store/types.js";

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

/** Learning-curve points of the given runs (all runs when omitted), ordered by run and iteration. */
export function curvePoints(store: Store, runIds?: string[]): CurvePoint[] {
  const runs = store.listRuns().filter((r) => !runIds || runIds.includes(r.id));
  const out: CurvePoint[] = [];
  for (const run of runs) {
    const config = run.config as unknown as RunConfig;
    for (const it of store.listIterations(run.id)) {
      out.push({
        runId: run.id,
        task: config.task,
        method: methodOf(config),
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
  const sorted = Object.fromEntries(Object.keys(methods).sort().map((m) => [m, Object.fromEntries(Object.keys(methods[m]).sort().map((s) => [s, methods[m][s]]))]));
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
