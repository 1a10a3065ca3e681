import { createHash } from "node:crypto";
import type { ExampleRow, Store } from "../store/types.js";
import { completionFor } from "../tasks/pairs.js";
import { getTask } from "../tasks/registry.js";
import { runIdOf, type RunRef } from "./run-ref.js";

/**
 * `chat`: OpenAI's chat fine-tuning format, each line exactly `{"messages": [...]}` (an optional
 * system message, the user's question, the assistant's answer). `prompt-completion`: `{"prompt",
 * "completion"}` in the student's own prompt format.
 */
export type ExportFormat = "prompt-completion" | "chat";

/** Where a synthetic sample came from. */
export interface SampleMetadata {
  /** The sample's example id in the store. */
  id: string;
  run: string;
  iteration: number | null;
  /** The id of the seed example the teacher wrote it from. */
  seedId: string | null;
  kind: string | null;
  /** Which of the seed's k samples it is (0-based). */
  sampleIndex: number | null;
}

export interface ExportOptions {
  /** Put the metadata in each line as a `metadata` key (not OpenAI's format: for your own tools). Default false. */
  withMetadata?: boolean;
  /** A system message first in every chat line (chat only). */
  system?: string;
}

/** One exported sample: its line and its metadata, for a side file in the same order. */
export interface ExportedSample {
  line: string;
  metadata: SampleMetadata;
}

/**
 * A run's successful synthetic samples in generation order (iteration, then example id).
 * @throws {UnknownRunError} naming the run when the store has no such run.
 */
export function syntheticSamples(store: Store, run: RunRef): ExampleRow[] {
  const runId = runIdOf(store, run);
  return store
    .getExamples({ source: "synthetic", runId })
    .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A sample's metadata. */
export function sampleMetadata(e: ExampleRow, runId: string): SampleMetadata {
  return { id: e.id, run: e.runId ?? runId, iteration: e.iteration, seedId: e.parentId, kind: e.kind ?? null, sampleIndex: e.sampleIndex };
}

/**
 * A run's synthetic samples as fine-tuning lines with their metadata, in generation order. The
 * lines are plain (`{"messages"}` or `{"prompt", "completion"}` only) unless `withMetadata`.
 * @throws {UnknownRunError} naming the run when the store has no such run.
 */
export function exportSamples(store: Store, run: RunRef, format: ExportFormat, options: ExportOptions = {}): ExportedSample[] {
  const runId = runIdOf(store, run);
  const rows = syntheticSamples(store, runId);
  const task = format === "prompt-completion" ? getTask(store.getRun(runId)!.config.task) : null;
  return rows.map((e) => {
    const metadata = sampleMetadata(e, runId);
    const extra = options.withMetadata ? { metadata } : {};
    if (!task) {
      const messages = [
        ...(options.system !== undefined ? [{ role: "system", content: options.system }] : []),
        { role: "user", content: e.question },
        { role: "assistant", content: e.answer },
      ];
      return { line: JSON.stringify({ messages, ...extra }), metadata };
    }
    return { line: JSON.stringify({ prompt: task.prompt(e.question), completion: completionFor(task, e.question, e.answer), ...extra }), metadata };
  });
}

/**
 * A run's successful synthetic samples as JSONL lines, in generation order: OpenAI chat
 * fine-tuning `{"messages": [...]}` or `{"prompt", "completion"}` (the student's own prompt
 * format); with `withMetadata`, a `metadata` key too (see `exportSamples` for the metadata alone).
 * @throws {UnknownRunError} naming the run when the store has no such run.
 */
export function exportLines(store: Store, runId: RunRef, format: ExportFormat, options: ExportOptions = {}): string[] {
  return exportSamples(store, runId, format, options).map((s) => s.line);
}

/** The side file's name for an export to `out`: `chat.jsonl` -> `chat.meta.jsonl`, `data` -> `data.meta.jsonl`. */
export function metadataPath(out: string): string {
  return out.replace(/\.jsonl$/, "") + ".meta.jsonl";
}

/** One row of the HF-datasets export: question, answer and the metadata as flat columns. */
export interface HfRow extends SampleMetadata {
  question: string;
  answer: string;
}

export interface HfSplitOptions {
  /** Share of the samples in the test split, in [0, 1): round(n x testFraction) of them. Default 0.1. */
  testFraction?: number;
  /** Seeds the hash that orders the samples for the split. Default 0. */
  seed?: number;
}

/**
 * The split key of an example id: SHA-256 of `seed` and the id. The same id gets the same key
 * whatever else is in the store, so a split does not depend on row order.
 */
export function splitKey(id: string, seed: number): string {
  return createHash("sha256").update(`${seed}\u0000${id}`).digest("hex");
}

/**
 * A run's synthetic samples as HF-datasets rows, split into train and test: the samples sorted by
 * their seeded hash (`splitKey`), the first round(n x testFraction) to test, the rest to train;
 * each split in generation order. Deterministic for a seed, disjoint, and exact in size. Load it
 * with `datasets.load_dataset("json", data_files={"train": "train.jsonl", "test": "test.jsonl"})`.
 * @throws {UnknownRunError} naming the run when the store has no such run.
 * @throws {RangeError} when testFraction is not in [0, 1) or seed is not an integer.
 */
export function hfSplit(store: Store, run: RunRef, options: HfSplitOptions = {}): { train: HfRow[]; test: HfRow[] } {
  const runId = runIdOf(store, run);
  const testFraction = options.testFraction ?? 0.1;
  const seed = options.seed ?? 0;
  if (!(testFraction >= 0 && testFraction < 1)) throw new RangeError(`testFraction must be in [0, 1), got ${testFraction}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const rows = syntheticSamples(store, runId).map((e): HfRow => ({ question: e.question, answer: e.answer, ...sampleMetadata(e, runId) }));
  const nTest = Math.round(rows.length * testFraction);
  const keyed = rows.map((r) => ({ id: r.id, key: splitKey(r.id, seed) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  const testIds = new Set(keyed.slice(0, nTest).map((k) => k.id));
  return { train: rows.filter((r) => !testIds.has(r.id)), test: rows.filter((r) => testIds.has(r.id)) };
}
