/**
 * Rate limits of teacher calls: a concurrency semaphore (requests in flight) and optional
 * token buckets for requests per minute and tokens per minute. The clock is injectable so tests
 * can check the spacing without waiting.
 */

/** Time source and sleeper. `systemClock` uses `Date.now` and `setTimeout`. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Counting semaphore: at most `max` holders at once, waiters served first come, first served. */
export class Semaphore {
  private held = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Semaphore requires max >= 1 (got ${max})`);
  }

  /** Holders right now. */
  get inFlight(): number {
    return this.held;
  }

  /** Waits for a slot; call the returned function once to release it. */
  async acquire(): Promise<() => void> {
    if (this.held < this.max) this.held++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve)); // the slot is handed over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held--;
    };
  }
}

/**
 * Token bucket refilled continuously at `perMinute / 60000` per ms, holding at most `capacity`.
 * `take(n)` waits (FIFO) until n tokens are there; a request larger than the capacity waits for a
 * full bucket and leaves it in debt, so big requests are spaced rather than refused.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly perMinute: number, readonly capacity: number, private readonly clock: Clock = systemClock) {
    if (!(perMinute > 0)) throw new RangeError(`TokenBucket requires perMinute > 0 (got ${perMinute})`);
    if (!(capacity > 0)) throw new RangeError(`TokenBucket requires capacity > 0 (got ${capacity})`);
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Waits until `n` tokens can be taken, then takes them. */
  take(n: number): Promise<void> {
    const turn = this.tail.then(() => this.takeNow(n));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Adds back (n < 0: takes more) tokens, e.g. to correct an estimate once the real count is known. */
  adjust(n: number): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + n);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
  }

  private async takeNow(n: number): Promise<void> {
    const need = Math.min(n, this.capacity);
    for (;;) {
      this.refill();
      if (this.tokens >= need - 1e-9) {
        this.tokens -= n;
        return;
      }
      await this.clock.sleep(Math.ceil(((need - this.tokens) * 60_000) / this.perMinute));
    }
  }
}

export interface LimiterOptions {
  /** Requests in flight at most. */
  maxInFlight: number;
  /** Requests per minute (optional). */
  rpm?: number;
  /** Prompt + completion tokens per minute (optional). */
  tpm?: number;
  /** Burst allowed by the rpm/tpm buckets, in seconds of their rate. Default 1. */
  burstSeconds?: number;
  clock?: Clock;
}

/** Concurrency + rpm + tpm limits around one request each. */
export class Limiter {
  readonly semaphore: Semaphore;
  private readonly rpm: TokenBucket | null;
  private readonly tpm: TokenBucket | null;

  constructor(options: LimiterOptions) {
    const clock = options.clock ?? systemClock;
    const burst = options.burstSeconds ?? 1;
    this.semaphore = new Semaphore(options.maxInFlight);
    this.rpm = options.rpm ? new TokenBucket(options.rpm, Math.max(1, (options.rpm * burst) / 60), clock) : null;
    this.tpm = options.tpm ? new TokenBucket(options.tpm, Math.max(1, (options.tpm * burst) / 60), clock) : null;
  }

  /**
   * Runs one request under the limits. `estimatedTokens` is taken from the tpm bucket up front;
   * `fn` returns the real count (or null when unknown) and the bucket is corrected by the difference.
   */
  async run<T>(estimatedTokens: number, fn: () => Promise<{ value: T; tokens: number | null }>): Promise<T> {
    const release = await this.semaphore.acquire();
    try {
      if (this.rpm) await this.rpm.take(1);
      if (this.tpm) await this.tpm.take(estimatedTokens);
      const { value, tokens } = await fn();
      if (this.tpm && tokens !== null) this.tpm.adjust(estimatedTokens - tokens);
      return value;
    } finally {
      release();
    }
  }
}
