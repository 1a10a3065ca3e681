import type { RunRow, Store } from "../store/types.js";
import type { RunConfig } from "../experiment/config.js";
import { methodOf } from "./curves.js";
import { spentByRun } from "../loop/spent.js";

export interface RunProgress {
  method: string;
  /** Iterations evaluated, the base (iteration 0) included. */
  iterations: number;
  samples: number;
  failed: number;
  teacherTokens: number;
  /** The budget as written: `800 samples` or `1e6 tokens`. */
  budget: string;
  /** Test accuracy of the last evaluated iteration. */
  accuracy: number | null;
}

/** Where a run stands, read from the store. */
export function runProgress(store: Store, run: RunRow): RunProgress {
  const config = run.config;
  const spent = spentByRun(store, run.id);
  const iterations = store.listIterations(run.id);
  const budget = config.budget?.samples !== undefined ? `${config.budget.samples} samples` : `${config.budget?.teacherTokens ?? "?"} tokens`;
  return {
    method: methodOf(config),
    iterations: iterations.length,
    samples: spent.okSamples,
    failed: spent.failedSamples,
    teacherTokens: spent.teacherTokens,
    budget,
    accuracy: iterations.length ? iterations[iterations.length - 1]!.accuracy : null,
  };
}
