import { test } from "node:test";
import assert from "node:assert/strict";
import { Limiter, Semaphore, TokenBucket } from "../../lib/teacher/limiter.js";
import { RecordingClock } from "./helpers/memory-store.js";

test("Semaphore keeps holders <= max and serves waiters in order", async () => {
  const sem = new Semaphore(2);
  let inside = 0;
  let most = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 7 }, async (_, i) => {
      const release = await sem.acquire();
      order.push(i);
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
      release();
      release(); // a second release is a no-op
    }),
  );
  assert.equal(most, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(sem.inFlight, 0);
  assert.throws(() => new Semaphore(0), /max >= 1/);
});

test("rpm bucket spaces requests 60000/rpm ms apart after the burst (injected clock)", async () => {
  const clock = new RecordingClock(true);
  const limiter = new Limiter({ maxInFlight: 10, rpm: 60, clock }); // burst 1 s = 1 request
  const starts: number[] = [];
  await Promise.all(Array.from({ length: 5 }, () => limiter.run(0, async () => (starts.push(clock.now()), { value: 0, tokens: null }))));
  assert.deepEqual(starts, [0, 1000, 2000, 3000, 4000]);
});

test("tpm bucket waits for tokens, spaces oversized requests, and is corrected by actual counts", async () => {
  const clock = new RecordingClock(true);
  const bucket = new TokenBucket(6000, 100, clock); // 100 tokens per second
  await bucket.take(100);
  assert.equal(clock.now(), 0);
  await bucket.take(50);
  assert.equal(clock.now(), 500);
  await bucket.take(300); // larger than capacity: waits for a full bucket, then goes into debt
  assert.equal(clock.now(), 1500);
  bucket.adjust(200); // the request used 100, not 300: the debt drops from 200 to 0
  await bucket.take(100);
  assert.equal(clock.now(), 2500); // (without the correction: 3500)
});
