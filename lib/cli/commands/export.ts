import { openCliStore } from "../open-store.js";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { UnknownRunError } from "../../store/errors.js";
import { exportSamples, hfSplit, metadataPath, type ExportFormat } from "../../results/export.js";

const FORMATS = ["chat", "prompt-completion", "hf"] as const;

export const exportCommand: Command = {
  summary: "write a run's synthetic dataset as JSONL (OpenAI chat, prompt-completion, or an HF train/test split)",
  usage: `usage: activesynth export --db FILE --run ID [--format chat|prompt-completion] [--out FILE] [--with-metadata] [--system TEXT]
       activesynth export --db FILE --run ID --format hf --out DIR [--test-fraction F] [--seed N]

Writes the run's successful synthetic samples, one JSON object per line, in generation order.

--format chat (the default): OpenAI's chat fine-tuning format, each line exactly
  {"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}, with a system message first
  when --system TEXT is given.
--format prompt-completion: {"prompt", "completion"} in the student's own prompt format.
  Both go to standard output unless --out FILE is given. With --out, each sample's metadata (id,
  run, iteration, seedId: the seed it was written from, kind, sampleIndex) goes to a side file,
  FILE with .jsonl replaced by .meta.jsonl (chat.jsonl -> chat.meta.jsonl), line for line in the
  same order. --with-metadata puts it in each line as a "metadata" key instead (no side file; not
  OpenAI's format, so not for upload).
--format hf: writes DIR/train.jsonl and DIR/test.jsonl for Hugging Face datasets
  (load_dataset("json", data_files={"train": ..., "test": ...})), each row {question, answer, id,
  run, iteration, seedId, kind, sampleIndex}. round(n x F) samples go to test (--test-fraction F,
  default 0.1, in [0, 1)), the ones first in the order of a SHA-256 hash of --seed N (default 0)
  and the example id: the same store, F and N give the same split.
Parquet is not written: load the JSONL, or convert it with pandas or datasets.`,
  options: {
    db: { type: "string" }, run: { type: "string" }, format: { type: "string" }, out: { type: "string" },
    "with-metadata": { type: "boolean" }, system: { type: "string" }, "test-fraction": { type: "string" }, seed: { type: "string" },
  },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const runId = values.run as string | undefined;
    if (!runId) throw new UsageError("--run ID is required (activesynth status --db FILE lists them)");
    const format = (values.format as string | undefined) ?? "chat";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be chat, prompt-completion or hf, got "${format}"`);
    const out = values.out as string | undefined;
    const withMetadata = values["with-metadata"] === true;
    const system = values.system as string | undefined;
    if (format === "hf") {
      if (withMetadata) throw new UsageError("--with-metadata is for chat and prompt-completion (--format hf always has the metadata columns)");
      if (system !== undefined) throw new UsageError("--system is for --format chat");
      if (!out) throw new UsageError("--format hf needs --out DIR (it writes DIR/train.jsonl and DIR/test.jsonl)");
    } else {
      for (const flag of ["test-fraction", "seed"]) if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --format hf`);
      if (system !== undefined && format !== "chat") throw new UsageError("--system is for --format chat");
    }
    const testFraction = numberFlag(values["test-fraction"] as string | undefined, "test-fraction", 0.1);
    if (!(testFraction >= 0 && testFraction < 1)) throw new UsageError(`--test-fraction must be a number in [0, 1), got "${values["test-fraction"]}"`);
    const seed = numberFlag(values.seed as string | undefined, "seed", 0);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);

    const store = openCliStore(db, { readonly: true });
    try {
      const userError = (error: unknown): never => {
        if (error instanceof UnknownRunError) throw new UsageError(`--run: ${error.message}`);
        throw error;
      };
      if (format === "hf") {
        let split: ReturnType<typeof hfSplit>;
        try {
          split = hfSplit(store, runId, { testFraction, seed });
        } catch (error) {
          return userError(error);
        }
        const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r) + "\n").join("");
        write(out!, "train.jsonl", jsonl(split.train), true);
        write(out!, "test.jsonl", jsonl(split.test), true);
        console.error(`wrote ${split.train.length} train and ${split.test.length} test samples to ${join(out!, "train.jsonl")} and ${join(out!, "test.jsonl")}`);
        return 0;
      }
      let samples: ReturnType<typeof exportSamples>;
      try {
        samples = exportSamples(store, runId, format as ExportFormat, { withMetadata, ...(system !== undefined ? { system } : {}) });
      } catch (error) {
        return userError(error);
      }
      const text = samples.map((s) => s.line + "\n").join("");
      if (!out) {
        process.stdout.write(text);
        return 0;
      }
      write(out, null, text, false);
      if (withMetadata) {
        console.error(`wrote ${samples.length} samples to ${out}`);
        return 0;
      }
      const meta = metadataPath(out);
      write(meta, null, samples.map((s) => JSON.stringify(s.metadata) + "\n").join(""), false);
      console.error(`wrote ${samples.length} samples to ${out} and their metadata to ${meta}`);
      return 0;
    } finally {
      store.close();
    }
  },
};

function numberFlag(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) throw new UsageError(`--${flag} must be a number, got "${text}"`);
  return Number(text);
}

/** Writes `name` in the folder `dir` (made when `makeDir`), or the file `dir` itself when name is null; a failure is a usage error naming --out. */
function write(dir: string, name: string | null, text: string, makeDir: boolean): void {
  const path = name === null ? dir : join(dir, name);
  try {
    if (makeDir) mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`--out: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
