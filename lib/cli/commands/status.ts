import { openCliStore } from "../open-store.js";
import { existsSync } from "node:fs";
import type { Command } from "../main.js";
import { UsageError } from "../errors.js";
import { runProgress } from "../../results/progress.js";
import { formatTable } from "../table.js";

export const statusCommand: Command = {
  summary: "list the runs in a store and their progress",
  usage: `usage: activesynth status --db FILE

Lists every run: method, status ("running or interrupted" until it finishes: running the same
config again resumes an interrupted run), iterations done, synthetic samples and teacher tokens spent
against the budget, failed generations and the last test accuracy.`,
  options: { db: { type: "string" } },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const store = openCliStore(db, { readonly: true });
    try {
      const rows = store.listRuns().map((run) => {
        const p = runProgress(store, run);
        // a killed process leaves "running" behind; the store cannot tell the two apart
        const status = run.status === "running" ? "running or interrupted" : run.status;
        return [run.id, p.method, status, p.iterations, p.samples, p.budget, p.failed, p.teacherTokens, p.accuracy === null ? "-" : Number((100 * p.accuracy).toFixed(1))];
      });
      if (rows.length === 0) console.log(`no runs in ${db}`);
      else console.log(formatTable(["run", "method", "status", "iterations", "samples", "budget", "failed", "teacher tokens", "acc %"], rows));
      return 0;
    } finally {
      store.close();
    }
  },
};
