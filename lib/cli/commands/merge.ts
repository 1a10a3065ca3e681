import { existsSync } from "node:fs";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { MergeConflictError, mergeStores } from "../../store/merge.js";

export const mergeCommand: Command = {
  summary: "merge stores written on several machines into one",
  usage: `usage: activesynth merge A.sqlite B.sqlite [...] --out ALL.sqlite

Copies every run of the given stores, with everything it holds (iterations, selections,
generations, evaluations, training jobs, synthetic examples, teacher calls, checkpoints' records,
scores and answers), into a new store. A run name found in two stores is refused unless the two
runs are identical (a store copied to another machine and continued there), which are copied once.
status, figures and results on the merged store give what they give on the parts. --out must not
exist; the inputs are opened read-only.`,
  options: { out: { type: "string" } },
  async run(values, positionals) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError("--out FILE is required (a new store to write)");
    if (positionals.length < 2) throw new UsageError(`give at least two stores to merge, got ${positionals.length}`);
    for (const file of positionals) if (!existsSync(file)) throw new UsageError(`no store at ${file}`);
    if (existsSync(out)) throw new UsageError(`--out: ${out} exists; merge writes a new store`);
    try {
      const report = mergeStores(positionals, out);
      for (const [file, runs] of Object.entries(report.copied)) console.log(`${file}: ${runs.length} run${runs.length === 1 ? "" : "s"} copied`);
      if (report.identical.length > 0) console.log(`in more than one store, identical, copied once: ${report.identical.join(", ")}`);
      console.log(`wrote ${out}`);
      return 0;
    } catch (error) {
      if (error instanceof MergeConflictError) throw new UsageError(error.message);
      throw error;
    }
  },
};
