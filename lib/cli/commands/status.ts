import { openCliStore } from "../open-store.js";
import { existsSync } from "node:fs";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { budgetLabel, STATUS_CSV_HEADER, statusCsvRows, storeStatus } from "../../results/status.js";
import { formatTable } from "../table.js";
import { formatAccuracy } from "../format.js";
import { toCsv } from "../csv.js";

const FORMATS = ["table", "csv", "json"] as const;

export const statusCommand: Command = {
  summary: "list the runs in a store and their progress",
  usage: `usage: activesynth status --db FILE [--json | --format table|csv|json]

Lists every run: method, status ("running or interrupted" until it finishes: running the same
config again resumes an interrupted run), iterations done, synthetic samples and teacher tokens spent
against the budget, failed generations and the last test accuracy (percent, one decimal).
"iterations" counts the iterations that selected, generated and trained (t >= 1); the evaluation of
the base model before any synthetic sample (t = 0) is not counted.

--json (or --format json) prints one JSON document instead: {"format": "activesynth-status-v1",
"runs": [...]}, each run with its status as stored ("running" for a killed run too), a config summary
(task, method, criterion, seed, base model, teacher, budget, perIteration, samplesPerSeed),
iterationsDone, spend, and "iterations": every evaluated iteration, the base (t = 0) included, with
samples, teacherTokens, costUsd, accuracy (the stored fraction in 0..1, not rounded) and testSize.
--format csv prints one row per run and evaluated iteration (t = 0 included) under a header row
(RFC 4180: fields with a comma, quote or line break are quoted; CRLF line ends); a run with no
evaluation yet has one row with empty iteration cells.`,
  options: { db: { type: "string" }, json: { type: "boolean" }, format: { type: "string" } },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    const asked = values.format as string | undefined;
    if (asked !== undefined && !(FORMATS as readonly string[]).includes(asked)) throw new UsageError(`--format must be table, csv or json, got "${asked}"`);
    if (values.json && asked !== undefined && asked !== "json") throw new UsageError(`--json and --format ${asked} ask for two formats; give one`);
    const format = values.json ? "json" : (asked ?? "table");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const store = openCliStore(db, { readonly: true });
    try {
      const status = storeStatus(store);
      if (format === "json") {
        process.stdout.write(JSON.stringify(status, null, 2) + "\n");
        return 0;
      }
      if (format === "csv") {
        process.stdout.write(toCsv(STATUS_CSV_HEADER, statusCsvRows(status)));
        return 0;
      }
      const rows = status.runs.map((run) => {
        // a killed process leaves "running" behind; the store cannot tell the two apart
        const shown = run.status === "running" ? "running or interrupted" : run.status;
        return [run.id, run.method, shown, run.iterationsDone, run.samples, budgetLabel(run.config.budget), run.failed, run.teacherTokens, formatAccuracy(run.accuracy)];
      });
      if (rows.length === 0) console.log(`no runs in ${db}`);
      else console.log(formatTable(["run", "method", "status", "iterations", "samples", "budget", "failed", "teacher tokens", "acc %"], rows));
      return 0;
    } finally {
      store.close();
    }
  },
};
