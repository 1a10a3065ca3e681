/**
 * The retry policy of teacher calls: which failures are retried, and how long to wait.
 *
 * Retried: HTTP 408, 409, 429 and 5xx, connection errors and time-outs. The wait honours the
 * server's `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date) when it is
 * given and at most `maxRetryAfterMs`; otherwise exponential backoff with jitter,
 * `min(base * 2^attempt, max) * (1 - 0.25 * u)` with u from a seeded RNG (as openai-node does).
 * The openai client itself runs with `maxRetries: 0`, so this policy and our records decide.
 */
import { TeacherConnectionError, TeacherError, TeacherOutputError, TeacherTimeoutError } from "./errors.js";
import type { Rng } from "../util/rng.js";

export interface RetryOptions {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** First backoff in ms (doubles each retry). Default 500. */
  baseDelayMs?: number;
  /** Cap of the exponential backoff in ms. Default 8000. */
  maxDelayMs?: number;
  /** Longest server-requested wait that is honoured; longer ones are capped to it. Default 60000. */
  maxRetryAfterMs?: number;
}

/** Whether a failed call may succeed if tried again. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TeacherTimeoutError || error instanceof TeacherConnectionError) return true;
  if (!(error instanceof TeacherError) || error.status === null) return false;
  const s = error.status;
  return s === 408 || s === 409 || s === 429 || s >= 500;
}

/**
 * The reason a failed teacher call is recorded with instead of stopping the run: an unusable output
 * (its `reason`, e.g. "truncated"), or a call that failed after all retries or returned a bad response.
 * @throws the error itself when retrying cannot fix it (400, 401, 404...): the run should stop
 */
export function callFailureReason(error: unknown): string {
  if (error instanceof TeacherOutputError) return error.reason;
  if (error instanceof TeacherError && (isRetryable(error) || error.reason === "bad response")) {
    return `call failed: ${error.reason}: ${error.message}`;
  }
  throw error;
}

/**
 * The wait the server asked for, in ms, or null when it gave none (or an unreadable one).
 * @example retryAfterMs(new Headers({ "retry-after": "0.2" })) // 200
 */
export function retryAfterMs(headers: Headers | null, now: number = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get("retry-after");
  if (ra === null || ra.trim() === "") return null;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff with jitter for retry number `attempt` (0-based). */
export function backoffMs(attempt: number, options: RetryOptions, rng: Rng): number {
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8000;
  return Math.min(base * 2 ** attempt, cap) * (1 - 0.25 * rng.next());
}

/**
 * How long to wait before retrying after `error` on retry number `attempt` (0-based), or null
 * when the call must not be retried (not retryable, or retries exhausted).
 */
export function retryDelayMs(error: unknown, attempt: number, options: RetryOptions, rng: Rng, now?: number): number | null {
  if (attempt >= options.maxRetries || !isRetryable(error)) return null;
  const asked = error instanceof TeacherError ? retryAfterMs(error.headers, now) : null;
  if (asked !== null) return Math.min(asked, options.maxRetryAfterMs ?? 60_000);
  return backoffMs(attempt, options, rng);
}
