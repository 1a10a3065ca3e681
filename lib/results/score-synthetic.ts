import type { ExampleRow, Store } from "../store/types.js";

import type { Student } from "../student/types.js";
import { getTask } from "../tasks/registry.js";
import { UnknownRunError } from "../store/errors.js";
import { SYNTHETIC_CRITERIA, scoreChildren, syntheticCriteria } from "../loop/score-children.js";

export interface ScoreSyntheticOptions {
  /** Run ids or names whose synthetic samples are scored. */
  runs: string[];
  /** Student-side criteria to score with (each must need no teacher). Default ["loss", "entropy", "gt-loss"]. */
  criteria?: string[];
  /** Called after each (run, iteration) with how many of them are done. */
  onProgress?: (done: number, total: number, note: string) => void;
}

/** What `scoreSynthetic` covered. */
export interface ScoreSyntheticResult {
  /** (run, iteration) batches scored. */
  batches: number;
  /** Synthetic samples scored (each under every criterion). */
  samples: number;
}

/**
 * Scores the synthetic samples of the given runs, and their parent seeds, with the checkpoint that
 * chose those seeds (the model of the previous iteration), under student-side criteria, and
 * stores the rows (answers and scores) as the loop stores its own. Runs do this as they go (the
 * config's `scoreSynthetic`); this fills in runs made with it off, or other criteria, for Figure 2
 * (fidelity of child scores to seed scores) and Figure 3 (cumulative accuracy of the student on
 * the samples in score order). Cached: what a run already scored is not computed again.
 *
 * Cost: per (run, iteration), one greedy generation and one forward pass per criterion over the
 * children and their parents (about 20 s for 100 children on the tiny student, 2 CPU cores).
 *
 * @throws {UnknownRunError} "unknown run(s): x (the store ... has: ...)"
 * Usage: await scoreSynthetic(store, student, { runs: ["demo-quick-loss-s0"] }) // { batches: 3, samples: 300 }
 */
export async function scoreSynthetic(store: Store, student: Student, options: ScoreSyntheticOptions): Promise<ScoreSyntheticResult> {
  const criteria = syntheticCriteria(options.criteria ?? SYNTHETIC_CRITERIA);
  const batches: Array<{ runId: string; iteration: number; model: string; children: ExampleRow[] }> = [];
  for (const name of options.runs) {
    const run = store.getRun(name) ?? store.listRuns().find((r) => r.name === name);
    if (!run) throw new UnknownRunError([name], store.listRuns().map((r) => r.id), store.path);
    const iterations = store.listIterations(run.id);
    const children = store.getExamples({ source: "synthetic", runId: run.id });
    for (const it of iterations) {
      if (it.iteration === 0) continue;
      const chooser = iterations.find((p) => p.iteration === it.iteration - 1);
      const mine = children.filter((c) => c.iteration === it.iteration);
      if (!chooser || mine.length === 0) continue;
      batches.push({ runId: run.id, iteration: it.iteration, model: chooser.model, children: mine });
    }
  }
  let samples = 0;
  for (const [i, batch] of batches.entries()) {
    const task = getTask(batch.children[0]!.task);
    samples += await scoreChildren({ store, student, task, criteria, ...batch });
    options.onProgress?.(i + 1, batches.length, `${batch.runId} iteration ${batch.iteration}`);
  }
  return { batches: batches.length, samples };
}
