import { openCliStore } from "../open-store.js";
import { rmSync } from "node:fs";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { DEMO_MEASURED, demoConfigs } from "../../experiment/demo.js";
import { paperFindings } from "../../figures/findings.js";
import { selectRuns } from "../../figures/common.js";
import { curvePoints } from "../../results/curves.js";
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
  --bases N            pretrained bases (pretraining seeds 0..N-1, default 1): does the result hold
                       on every base? (stand-ins for other machines; N x the work)
  --db FILE            SQLite store (default .activesynth/demo.sqlite; runs found there are resumed or re-read)
  --fresh              delete the store first and recompute everything
  --out DIR            where results.json and learning-curves.html go (default out/demo)
  --workers N          student servers side by side (default 2: one per core)
  --checkpoint-dir DIR the servers' checkpoints (default .activesynth/checkpoints)
  --verbose            show the servers' logs`,
  options: {
    quick: { type: "boolean" },
    seeds: { type: "string" },
    bases: { type: "string" },
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
    const bases = values.bases === undefined ? undefined : positiveInt("--bases", values.bases as string);
    const workers = values.workers === undefined ? 2 : positiveInt("--workers", values.workers as string);
    const db = (values.db as string | undefined) ?? `.activesynth/demo${quick ? "-quick" : ""}.sqlite`;
    const out = (values.out as string | undefined) ?? `out/demo${quick ? "-quick" : ""}`;
    if (values.fresh) for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    const configs = demoConfigs({ quick, ...(seeds !== undefined ? { seeds } : {}), ...(bases !== undefined ? { bases } : {}) });
    const store = openCliStore(db);
    try {
      const perBase = configs.length / 3 / (bases ?? 1);
      console.error(`activesynth demo${quick ? " --quick" : ""}: ${configs.length} runs (loss, random, static x ${perBase} seed(s)${bases ? ` x ${bases} base(s)` : ""}), store ${db}`);
      await runWithProgress({ store, configs, workers, checkpointDir: (values["checkpoint-dir"] as string | undefined) ?? ".activesynth/checkpoints", verbose: Boolean(values.verbose) });
      console.log("\nTest accuracy (%) on the arith world against synthetic samples (mean over seeds):\n");
      const names = configs.map((c) => c.name);
      const files = printResults(curvePoints(store, names), { baseline: "random", methods: ["loss"], title: "activesynth demo: arith world, tiny student", out });
      // loss over static (the paper's comparison), and with several bases both ratios pooled over (base, seed)
      const efficiency = paperFindings(store, selectRuns(store, names)).filter((f) => f.figure === "fig4" && ((bases ?? 1) > 1 || f.label.endsWith("over static")));
      if (efficiency.length > 0) console.log("");
      for (const f of efficiency) console.log(f.text.replace(/^Fig 4 ?/, "").replace(/^: /, ""));
      console.log(`\n${quick ? DEMO_MEASURED.quick : DEMO_MEASURED.full}`);
      console.log(`\nwrote ${files.join(", ")} and the store ${db}`);
      console.log(`the paper's four figures and findings from this store: node bin/activesynth.js figures --db ${db} --out ${out}/figures`);
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
