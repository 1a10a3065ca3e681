import { openCliStore } from "../open-store.js";
import { existsSync, writeFileSync } from "node:fs";
import type { Command } from "../main.js";
import { UsageError } from "../errors.js";
import { UnknownRunError } from "../../store/errors.js";
import { exportLines, type ExportFormat } from "../../results/export.js";

export const exportCommand: Command = {
  summary: "write a run's synthetic dataset as JSONL",
  usage: `usage: activesynth export --db FILE --run ID [--format prompt-completion|chat] [--out FILE]

Writes the run's successful synthetic samples, one JSON object per line, with their lineage
(seed, iteration) in a "metadata" field: {"prompt", "completion"} or OpenAI's chat fine-tuning
format {"messages": [...]}. To standard output unless --out is given.`,
  options: { db: { type: "string" }, run: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    if (!values.run) throw new UsageError("--run ID is required (activesynth status --db FILE lists them)");
    const format = ((values.format as string | undefined) ?? "prompt-completion") as ExportFormat;
    if (format !== "prompt-completion" && format !== "chat") throw new UsageError(`--format must be prompt-completion or chat, got "${format}"`);
    const store = openCliStore(db, { readonly: true });
    try {
      let lines: string[];
      try {
        lines = exportLines(store, values.run as string, format);
      } catch (error) {
        if (error instanceof UnknownRunError) throw new UsageError(`--run: ${error.message}`);
        throw error;
      }
      const text = lines.map((line) => line + "\n").join("");
      if (!values.out) {
        process.stdout.write(text);
        return 0;
      }
      try {
        writeFileSync(values.out as string, text);
      } catch (error) {
        throw new UsageError(`--out: cannot write ${values.out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      console.error(`wrote ${lines.length} samples to ${values.out}`);
      return 0;
    } finally {
      store.close();
    }
  },
};
