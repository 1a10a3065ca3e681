/**
 * Typed errors of the teacher client, after openai-node's `APIError` family: every failure of a
 * teacher call is one of these, with the HTTP status and code when the server gave them, and a
 * short `reason` fit for a stored row ("http 429", "timeout", "truncated"...).
 */
import type { TeacherUsage } from "./types.js";

/** A teacher call failed. `status` is the HTTP status (null for connection errors and time-outs). */
export class TeacherError extends Error {
  override readonly name: string = "TeacherError";
  readonly status: number | null;
  readonly code: string | null;
  /** Short machine-friendly reason, e.g. `http 500`, `connection`, `timeout`, `truncated`. */
  readonly reason: string;
  /** Response headers when the server answered (read for `Retry-After`). */
  readonly headers: Headers | null;

  constructor(
    message: string,
    init: { status?: number | null; code?: string | null; reason: string; headers?: Headers | null; cause?: unknown },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.reason = init.reason;
    this.headers = init.headers ?? null;
  }
}

/** The server did not answer within the time-out. Retryable. */
export class TeacherTimeoutError extends TeacherError {
  override readonly name: string = "TeacherTimeoutError";
  constructor(message: string, cause?: unknown) {
    super(message, { reason: "timeout", cause });
  }
}

/** The connection failed (refused, reset...). Retryable; `cause` keeps the underlying error. */
export class TeacherConnectionError extends TeacherError {
  override readonly name: string = "TeacherConnectionError";
  constructor(message: string, cause?: unknown) {
    super(message, { reason: "connection", cause });
  }
}

/**
 * The call succeeded but its output is unusable: truncated (`finish_reason: "length"`), malformed
 * (no question marker, no final answer) or wrong (a Game of 24 expression that does not make 24).
 * Never retried: the call was paid, and its stored response is a cache hit on a re-run.
 * `usage` is what the call cost, so callers can still count it.
 */
export class TeacherOutputError extends TeacherError {
  override readonly name: string = "TeacherOutputError";
  readonly usage: TeacherUsage | null;
  constructor(reason: string, message: string, usage: TeacherUsage | null = null) {
    super(message, { reason });
    this.usage = usage;
  }
}

/** The client was configured wrongly (no API key, bad option). Thrown at once, never retried. */
export class TeacherConfigError extends TeacherError {
  override readonly name: string = "TeacherConfigError";
  constructor(message: string) {
    super(message, { reason: "config" });
  }
}
