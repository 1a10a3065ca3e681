import { openCliStore } from "../open-store.js";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { compactResults } from "../../figures/compact-results.js";
import type { CompactResults } from "../../figures/compact-types.js";

export const resultsCommand: Command = {
  summary: "write a store's results as one small JSON file (replot without the compute)",
  usage: `usage: activesynth results --db FILE [--out FILE.json] [--runs PREFIX]

Writes the results of the store's runs (those whose name starts with PREFIX, with --runs) as one
JSON document, {"format": "activesynth-compact-results/v1", ...}: the runs' shared config and description,
the seed pool by kind, per run its method, criterion, seed, task and base model, and per evaluated
iteration (the base at t = 0 included) the samples and teacher tokens so far, the test accuracy
overall and per kind of test item (items, correct) and the seeds selected by kind; then a summary:
final accuracy per method (min, max, mean over seeds), the mean learning curves with 95%
bootstrap bands, each method's data-efficiency ratio over random and static with its 95%
bootstrap interval, win counts against random and static, and the paper's four findings as
\`activesynth figures\` computes them. Everything is read from the store: no model, no server.
The same store gives the same bytes. To stdout without --out; a one-line summary goes to stderr.`,
  options: { db: { type: "string" }, out: { type: "string" }, runs: { type: "string" } },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const out = values.out as string | undefined;
    if (out !== undefined && out.trim() === "") throw new UsageError("--out: expected a file name");
    if (out !== undefined && existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: ${out} is a folder; give a file name (results.json)`);
    const prefix = values.runs as string | undefined;
    if (prefix !== undefined && prefix.trim() === "") throw new UsageError("--runs: expected a run name prefix");
    const store = openCliStore(db, { readonly: true });
    let results: CompactResults;
    try {
      try {
        results = compactResults(store, prefix !== undefined ? { namePrefix: prefix } : {});
      } catch (error) {
        const message = (error as Error).message;
        if (/^compactResults: no run/.test(message)) throw new UsageError(`--runs: ${message.replace(/^compactResults: /, "")}`);
        if (/^compactResults: runs /.test(message)) throw new UsageError(`${message.replace(/^compactResults: /, "").replace(/choose runs with .*$/, "choose them with --runs PREFIX")}`);
        throw error;
      }
    } finally {
      store.close();
    }
    const text = JSON.stringify(results, null, 2) + "\n";
    if (out) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } else {
      process.stdout.write(text);
    }
    console.error(summaryLine(results, Buffer.byteLength(text), out));
    return 0;
  },
};

/** "25 runs (loss 5, random 5, ...), 4 iterations each, 48.2 kB to out.json" */
function summaryLine(r: CompactResults, bytes: number, out: string | undefined): string {
  const perMethod = r.summary.methods.map((m) => `${m} ${r.runs.filter((run) => run.label === m).length}`).join(", ");
  const counts = [...new Set(r.runs.map((run) => run.iterations.length))].sort((a, b) => a - b);
  const iterations = counts.length === 1 ? `${counts[0]} evaluated iterations each` : `${counts.join(" to ")} evaluated iterations`;
  const unfinished = r.runs.filter((run) => run.status !== "finished").length;
  return `results: ${r.runs.length} run(s) (${perMethod}), ${iterations}${unfinished ? `, ${unfinished} not finished` : ""}; ${(bytes / 1000).toFixed(1)} kB ${out ? `to ${out}` : "to stdout"}`;
}
