import type { Example } from "../tasks/types.js";
import type { Store, GenerationRow, ExampleRow } from "../store/types.js";
import { zeroUsage, type Generation, type Teacher, type TeacherUsage } from "../teacher/types.js";
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
  /** Asked before each batch (each call when `sliding`): false stops generating (a spent teacher-token budget). */
  mayContinue: () => boolean;
  /** A sliding window of calls instead of batches (see generateIteration). Default false. */
  sliding?: boolean;
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
 * kept as they are. The rest are generated with `concurrency` calls in flight, in one of two ways:
 *
 * - `sliding` (a sample budget): a new call starts as soon as one ends; finished slots are written
 *   in slot order (a finished slot waits for those before it), in one transaction per event-loop
 *   turn, while the other calls are on the wire;
 * - in batches of `concurrency` (a token budget): `mayContinue` is asked before each batch, so
 *   where a run stops does not depend on which calls happened to end first; each batch is written
 *   in one transaction when it is done.
 *
 * Either way a kill loses at most the calls in flight (the teacher's answers are in its call cache,
 * so a resume does not pay for them again), and when one call fails for good the others already
 * paid for are stored before the error goes up.
 */
export async function generateIteration(options: GenerateIterationOptions): Promise<GenerateIterationResult> {
  const { store, runId, iteration } = options;
  const slots: Slot[] = [];
  const first = options.firstSampleIndex ?? 0;
  for (const seed of options.seeds) {
    for (let k = 0; k < options.samplesPerSeed && slots.length < options.attempts; k++) slots.push({ seed, sampleIndex: first + k });
  }
  const done = new Set(store.getGenerations(runId, iteration).map((g) => `${g.parentId}#${g.sampleIndex}`));
  const pending = slots.filter((s) => !done.has(`${s.seed.id}#${s.sampleIndex}`));
  const spent = zeroUsage();
  let finished = slots.length - pending.length;
  options.onProgress?.(finished, slots.length);
  const write = (batch: Slot[], settled: PromiseSettledResult<Generation>[]) => {
    const rows = rowsOf(options, batch, settled, spent);
    store.putExamples(rows.examples);
    store.putGenerations(rows.generations);
    finished += batch.length;
    options.onProgress?.(finished, slots.length);
  };
  const failure = options.sliding ? await sliding(options, pending, write) : await batched(options, pending, write);
  if (failure) throw failure.reason;
  const sums = store.sumGenerations(runId, { iteration }); // counted in SQL: the rows are not read back
  return { ok: sums.ok, failed: sums.rows - sums.ok, spent };
}

interface Slot { seed: Example; sampleIndex: number }
type Write = (batch: Slot[], settled: PromiseSettledResult<Generation>[]) => void;

const call = (o: GenerateIterationOptions, slot: Slot): Promise<Generation> =>
  o.teacher.generate({
    seed: slot.seed,
    sampleIndex: slot.sampleIndex,
    rngSeed: mixSeed(o.runSeed, o.iteration, slot.seed.id, slot.sampleIndex),
    runId: o.runId,
    iteration: o.iteration,
  });

/** Batches of `concurrency`; returns the first failure, after the batch holding it is written. */
async function batched(o: GenerateIterationOptions, pending: Slot[], write: Write): Promise<PromiseRejectedResult | undefined> {
  for (let start = 0; start < pending.length; start += o.concurrency) {
    if (!o.mayContinue()) break;
    const batch = pending.slice(start, start + o.concurrency);
    const settled = await Promise.allSettled(batch.map((slot) => call(o, slot)));
    write(batch, settled);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) return failure;
  }
  return undefined;
}

/** Calls a sliding window starts in one event-loop turn (preparing 256 calls before sending any would leave the wire idle). */
const STARTS_PER_TURN = 16;

/** A sliding window of `concurrency` calls, written in slot order; returns the first failure in slot order. */
async function sliding(o: GenerateIterationOptions, pending: Slot[], write: Write): Promise<PromiseRejectedResult | undefined> {
  const settled = new Array<PromiseSettledResult<Generation> | undefined>(pending.length);
  let written = 0; // slots before this one are written
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    let end = written;
    while (end < pending.length && settled[end] !== undefined) end++;
    if (end === written) return;
    write(pending.slice(written, end), settled.slice(written, end) as PromiseSettledResult<Generation>[]);
    written = end;
  };
  let started = 0;
  let running = 0;
  let failed = false;
  let moreScheduled = false;
  await new Promise<void>((resolve) => {
    const startMore = () => {
      let now = 0;
      while (running < o.concurrency && started < pending.length && !failed && o.mayContinue()) {
        if (now++ === STARTS_PER_TURN) {
          // the calls started so far go on the wire before the next ones are prepared
          if (!moreScheduled) (moreScheduled = true), setImmediate(() => ((moreScheduled = false), startMore()));
          return;
        }
        const i = started++;
        running++;
        call(o, pending[i]!).then(
          (value) => void (settled[i] = { status: "fulfilled", value }),
          (reason: unknown) => void ((settled[i] = { status: "rejected", reason }), (failed = true)),
        ).finally(() => {
          running--;
          if (!flushScheduled) (flushScheduled = true), setImmediate(flush);
          startMore();
          if (running === 0) resolve();
        });
      }
    };
    startMore();
    if (running === 0) resolve();
  });
  flush(); // every started call has ended: the rest, in order
  return settled.find((r): r is PromiseRejectedResult => r?.status === "rejected");
}

/** The stored rows of finished slots (a rejected call leaves its slot empty: a resume retries it); adds their usage to `spent`. */
function rowsOf(o: GenerateIterationOptions, batch: Slot[], settled: PromiseSettledResult<Generation>[], spent: TeacherUsage): { generations: GenerationRow[]; examples: ExampleRow[] } {
  const { runId, iteration } = o;
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
        task: o.task,
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
  return { generations, examples };
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
    // no round asks for more than is short, so the iteration's ok samples never exceed its attempts
    // and reaching them means it is complete (counted in SQL, without reading the rows back)
    if (options.store.sumGenerations(options.runId, { iteration: options.iteration }).ok >= options.attempts) return;
    const ok = options.store.getGenerations(options.runId, options.iteration).filter((g) => g.status === "ok" && g.sampleIndex < round * k).length;
    const short = options.attempts - ok;
    if (short <= 0 || !options.mayContinue()) return;
    await generateIteration({ ...options, attempts: short, firstSampleIndex: round * k });
  }
}
