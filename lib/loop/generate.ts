import type { Example } from "../tasks/types.js";
import type { Store, GenerationRow, ExampleRow } from "../store/types.js";
import { zeroUsage, type Teacher, type TeacherUsage } from "../teacher/types.js";
import { mixSeed } from "../util/rng.js";

export interface GenerateIterationOptions {
  store: Store;
  teacher: Teacher;
  runId: string;
  iteration: number;
  task: string;
  /** Selected seeds, in selection order. */
  seeds: Example[];
  samplesPerSeed: number;
  /** Sample index of each seed's first slot (make-up rounds use k, 2k...). Default 0. */
  firstSampleIndex?: number;
  /** Attempts this iteration (seed-major: all samples of the first seed, then the next...). */
  attempts: number;
  runSeed: number;
  concurrency: number;
  /** Asked before each batch: false stops generating (a spent teacher-token budget). */
  mayContinue: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateIterationResult {
  ok: number;
  failed: number;
  /** Teacher usage of the generations made now (not of those read back from the store). */
  spent: TeacherUsage;
}

/** Id of the synthetic example made from a seed in an iteration. */
export const syntheticId = (runId: string, iteration: number, parentId: string, sampleIndex: number): string =>
  `${runId}/t${iteration}/${parentId}/${sampleIndex}`;

/**
 * Generates the synthetic samples of one iteration. Slots already in the store (a resumed run) are
 * kept as they are; the rest are generated in batches of `concurrency`, each batch written in one
 * transaction as soon as it is done, so a kill loses at most the batch in flight.
 */
export async function generateIteration(options: GenerateIterationOptions): Promise<GenerateIterationResult> {
  const { store, teacher, runId, iteration } = options;
  const slots: { seed: Example; sampleIndex: number }[] = [];
  const first = options.firstSampleIndex ?? 0;
  for (const seed of options.seeds) {
    for (let k = 0; k < options.samplesPerSeed && slots.length < options.attempts; k++) slots.push({ seed, sampleIndex: first + k });
  }
  const done = new Set(store.getGenerations(runId, iteration).map((g) => `${g.parentId}#${g.sampleIndex}`));
  const pending = slots.filter((s) => !done.has(`${s.seed.id}#${s.sampleIndex}`));
  const spent = zeroUsage();
  let finished = slots.length - pending.length;
  options.onProgress?.(finished, slots.length);
  for (let start = 0; start < pending.length; start += options.concurrency) {
    if (!options.mayContinue()) break;
    const batch = pending.slice(start, start + options.concurrency);
    // allSettled: when one call fails for good, the others of the batch are paid for already;
    // their answers are stored before the error goes up, so a resume does not pay for them again
    const settled = await Promise.allSettled(
      batch.map((slot) =>
        teacher.generate({
          seed: slot.seed,
          sampleIndex: slot.sampleIndex,
          rngSeed: mixSeed(options.runSeed, iteration, slot.seed.id, slot.sampleIndex),
          runId,
          iteration,
        }),
      ),
    );
    const generations: GenerationRow[] = [];
    const examples: ExampleRow[] = [];
    batch.forEach((slot, i) => {
      const r = settled[i]!;
      if (r.status === "rejected") return;
      const g = r.value;
      spent.calls += g.usage.calls;
      spent.promptTokens += g.usage.promptTokens;
      spent.completionTokens += g.usage.completionTokens;
      spent.costUsd += g.usage.costUsd;
      const id = syntheticId(runId, iteration, slot.seed.id, slot.sampleIndex);
      if (g.ok) {
        examples.push({
          id,
          task: options.task,
          question: g.question,
          answer: g.answer,
          ...(g.kind !== undefined ? { kind: g.kind } : slot.seed.kind !== undefined ? { kind: slot.seed.kind } : {}),
          ...(g.meta !== undefined ? { meta: g.meta } : {}),
          source: "synthetic",
          runId,
          iteration,
          parentId: slot.seed.id,
          sampleIndex: slot.sampleIndex,
        });
      }
      generations.push({
        runId,
        iteration,
        parentId: slot.seed.id,
        sampleIndex: slot.sampleIndex,
        status: g.ok ? "ok" : "failed",
        reason: g.ok ? null : g.reason,
        exampleId: g.ok ? id : null,
        promptTokens: g.usage.promptTokens,
        completionTokens: g.usage.completionTokens,
        costUsd: g.usage.costUsd,
        calls: g.usage.calls,
      });
    });
    store.putExamples(examples);
    store.putGenerations(generations);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
    finished += batch.length;
    options.onProgress?.(finished, slots.length);
  }
  const rows = store.getGenerations(runId, iteration);
  return { ok: rows.filter((r) => r.status === "ok").length, failed: rows.filter((r) => r.status === "failed").length, spent };
}

/** Rounds of make-up generation for samples the teacher failed, within an iteration. */
export const MAKE_UP_ROUNDS = 4;

/**
 * Generates an iteration's samples with make-up rounds. Under a sample budget, samples the teacher
 * failed are made up in the same iteration, in at most MAKE_UP_ROUNDS more rounds from the same
 * seeds (sample indices k..2k-1, then 2k..3k-1), instead of in extra iterations of a few samples,
 * each a full fine-tune and evaluation. A round's size depends only on the rounds before it, so a
 * resume is exact. Without a sample budget (a token budget) failures are not made up.
 */
export async function generateWithMakeUp(options: Omit<GenerateIterationOptions, "firstSampleIndex">, sampleBudget: boolean): Promise<void> {
  const k = options.samplesPerSeed;
  await generateIteration({ ...options, firstSampleIndex: 0 });
  if (!sampleBudget) return;
  for (let round = 1; round <= MAKE_UP_ROUNDS; round++) {
    const ok = options.store.getGenerations(options.runId, options.iteration).filter((g) => g.status === "ok" && g.sampleIndex < round * k).length;
    const short = options.attempts - ok;
    if (short <= 0 || !options.mayContinue()) return;
    await generateIteration({ ...options, attempts: short, firstSampleIndex: round * k });
  }
}
