import { rmSync } from "node:fs";
import type { Command } from "../main.js";
import { UsageError } from "../errors.js";
import { demoConfigs } from "../../loop/demo.js";
import { curvePoints } from "../../loop/results.js";
import { openStore } from "../../store/index.js";
import { runWithProgress } from "../run-experiments.js";
import { printResults } from "../report.js";

export const demoCommand: Command = {
  summary: "run the embedded default: loss vs random vs static on the arith world, tiny student on CPU",
  usage: `usage: activesynth demo [options]

Runs random, loss and static generation on the arith world with the procedural teacher and the
tiny student on CPU (no GPU, no key), over several seeds, then prints the accuracy table and the
data-efficiency ratio of loss over random.

options:
  --quick              a short version (1 seed, smaller budget)
  --seeds N            seeds per method (default 3; quick 1)
  --db FILE            SQLite store (default .activesynth/demo.sqlite; runs found there are resumed or re-read)
  --fresh              delete the store first and recompute everything
  --out DIR            where results.json and learning-curves.html go (default out/demo)
  --workers N          student servers side by side (default 2: one per core)
  --checkpoint-dir DIR the servers' checkpoints (default .activesynth/checkpoints)
  --verbose            show the servers' logs`,
  options: {
    quick: { type: "boolean" },
    seeds: { type: "string" },
    db: { type: "string" },
    fresh: { type: "boolean" },
    out: { type: "string" },
    workers: { type: "string" },
    "checkpoint-dir": { type: "string" },
    verbose: { type: "boolean" },
  },
  async run(values) {
    const quick = Boolean(values.quick);
    const seeds = values.seeds === undefined ? undefined : positiveInt("--seeds", values.seeds as string);
    const workers = values.workers === undefined ? 2 : positiveInt("--workers", values.workers as string);
    const db = (values.db as string | undefined) ?? `.activesynth/demo${quick ? "-quick" : ""}.sqlite`;
    const out = (values.out as string | undefined) ?? `out/demo${quick ? "-quick" : ""}`;
    if (values.fresh) for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    const configs = demoConfigs({ quick, seeds });
    const store = openStore(db);
    try {
      console.error(`activesynth demo${quick ? " --quick" : ""}: ${configs.length} runs (loss, random, static x ${configs.length / 3} seed(s)), store ${db}`);
      await runWithProgress({ store, configs, workers, checkpointDir: (values["checkpoint-dir"] as string | undefined) ?? ".activesynth/checkpoints", verbose: Boolean(values.verbose) });
      console.log("\nTest accuracy (%) on the arith world against synthetic samples (mean over seeds):\n");
      const files = printResults(curvePoints(store, configs.map((c) => c.name)), { baseline: "random", methods: ["loss"], title: "activesynth demo: arith world, tiny student", out });
      console.log(`\nwrote ${files.join(", ")} and the store ${db}`);
      return 0;
    } finally {
      store.close();
    }
  },
};

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}
