/** An error answered by the student server: its status and the `{error: {message, type, param, code}}` body. */
export class StudentServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string | null = null,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "StudentServerError";
  }
}

/** The server could not be reached (refused, reset, DNS); `cause` keeps the underlying error. */
export class StudentConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StudentConnectionError";
  }
}
