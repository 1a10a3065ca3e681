/**
 * Ordered pipelining: run `work(0)`, `work(1)`, ... `work(count - 1)`, each started after the one
 * before and at most `inFlight` at once, so that one step's bookkeeping (parsing an answer,
 * storing a block) overlaps the next step's wait on a server. On a failure it starts no further
 * step, lets the running ones end, and throws the first failure in start order.
 *
 * @example
 * const squares = [];
 * await pipelined(3, 2, async (i) => void (squares[i] = await Promise.resolve(i * i)));
 * squares // [0, 1, 4]
 */
export async function pipelined(count: number, inFlight: number, work: (i: number) => Promise<void>): Promise<void> {
  const running: Promise<void>[] = []; // oldest first
  let failed = false;
  try {
    for (let i = 0; i < count; i++) {
      if (running.length === inFlight) await running.shift();
      if (failed) break; // a younger step failed while an older one was awaited: its error is thrown below
      const step = work(i);
      // handled at once, so a failure while an older step is awaited is no unhandled rejection
      step.catch(() => (failed = true));
      running.push(step);
    }
    for (const step of running) await step;
  } catch (error) {
    await Promise.allSettled(running);
    throw error;
  }
}

/**
 * Items the loop hands the student per block when it answers or scores a whole pool: each block's
 * results are stored (one set) while the next block is on the wire.
 */
export const POOL_BLOCK = 4096;

/**
 * Processes `items` in blocks of `size`, two blocks at once (see {@link pipelined}).
 * @example
 * const seen = [];
 * await inBlocks([1, 2, 3, 4, 5], 2, async (block, offset) => void seen.push(`${offset}:${block.join("+")}`));
 * seen // ["0:1+2", "2:3+4", "4:5"]
 */
export async function inBlocks<T>(items: readonly T[], size: number, work: (block: T[], offset: number) => Promise<void>): Promise<void> {
  await pipelined(Math.ceil(items.length / size), 2, (k) => work(items.slice(k * size, (k + 1) * size), k * size));
}
