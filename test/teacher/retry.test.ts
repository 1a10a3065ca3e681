import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffMs, isRetryable, retryAfterMs, retryDelayMs } from "../../lib/teacher/retry.js";
import { TeacherConnectionError, TeacherError, TeacherOutputError, TeacherTimeoutError } from "../../lib/teacher/errors.js";
import { makeRng } from "../../lib/util/rng.js";

const http = (status: number, headers?: Record<string, string>) =>
  new TeacherError(`http ${status}`, { status, reason: `http ${status}`, headers: headers ? new Headers(headers) : null });

test("retryAfterMs reads retry-after-ms, seconds and HTTP dates", () => {
  assert.equal(retryAfterMs(new Headers({ "retry-after-ms": "150" })), 150);
  assert.equal(retryAfterMs(new Headers({ "retry-after": "0.2" })), 200);
  assert.equal(retryAfterMs(new Headers({ "retry-after": "3" })), 3000);
  // retry-after-ms wins over retry-after
  assert.equal(retryAfterMs(new Headers({ "retry-after": "3", "retry-after-ms": "10" })), 10);
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
  assert.equal(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:05 GMT" }), now), 5000);
  assert.equal(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:27:00 GMT" }), now), 0);
  assert.equal(retryAfterMs(new Headers({ "retry-after": "soon" })), null);
  assert.equal(retryAfterMs(new Headers()), null);
  assert.equal(retryAfterMs(null), null);
});

test("isRetryable: 408, 409, 429, 5xx, time-outs and connection errors only", () => {
  for (const s of [408, 409, 429, 500, 502, 503, 504]) assert.equal(isRetryable(http(s)), true, `status ${s}`);
  for (const s of [400, 401, 403, 404, 422]) assert.equal(isRetryable(http(s)), false, `status ${s}`);
  assert.equal(isRetryable(new TeacherTimeoutError("t")), true);
  assert.equal(isRetryable(new TeacherConnectionError("c")), true);
  assert.equal(isRetryable(new TeacherOutputError("truncated", "t")), false);
  assert.equal(isRetryable(new Error("bug")), false);
});

test("retryDelayMs honours Retry-After, caps it, and stops after maxRetries", () => {
  const rng = makeRng(1);
  const opts = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  assert.equal(retryDelayMs(http(429, { "retry-after": "0.2" }), 0, opts, rng), 200);
  assert.equal(retryDelayMs(http(429, { "retry-after": "600" }), 0, opts, rng), 5000);
  assert.equal(retryDelayMs(http(429), 2, opts, rng), null, "exhausted");
  assert.equal(retryDelayMs(http(400), 0, opts, rng), null, "not retryable");
  const d = retryDelayMs(http(500), 1, opts, rng)!;
  assert.ok(d > 150 && d <= 200, `backoff of retry 1 is 200 * (1 - 0.25u), got ${d}`);
});

test("backoffMs doubles up to the cap, with at most 25% jitter, reproducibly", () => {
  const opts = { maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000 };
  const a = [0, 1, 2, 3, 4, 5].map((k) => backoffMs(k, opts, makeRng(7)));
  const b = [0, 1, 2, 3, 4, 5].map((k) => backoffMs(k, opts, makeRng(7)));
  assert.deepEqual(a, b);
  [100, 200, 400, 800, 1000, 1000].forEach((full, k) => assert.ok(a[k]! > 0.75 * full && a[k]! <= full, `retry ${k}: ${a[k]}`));
});
