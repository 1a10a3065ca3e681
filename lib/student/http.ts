import { StudentConnectionError, StudentServerError } from "./errors.js";

export interface HttpOptions {
  baseURL: string;
  apiKey?: string | undefined;
  /** Injectable for tests. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Sends a JSON request to the student server and returns the parsed body; maps errors to typed ones. */
export async function requestJson<T>(
  options: HttpOptions,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  const url = options.baseURL.replace(/\/+$/, "") + path;
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let response: Response;
  try {
    response = await doFetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30 * 60_000),
    });
  } catch (error) {
    throw new StudentConnectionError(`cannot reach the student server at ${url}: ${(error as Error).message}`, { cause: error });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // the connection dropped mid-body (a killed server): the same as not reaching it
    throw new StudentConnectionError(`the student server at ${url} dropped the connection mid-answer: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // fall through: reported below with the raw text
  }
  if (!response.ok) {
    const err = (parsed as { error?: Record<string, string | null> } | null)?.error;
    throw new StudentServerError(
      `${method} ${path} -> ${response.status}: ${err?.message ?? text.slice(0, 300)}`,
      response.status,
      err?.type ?? null,
      err?.param ?? null,
      err?.code ?? null,
    );
  }
  if (parsed === null) throw new StudentServerError(`${method} ${path}: the server answered with no JSON body`, response.status);
  return parsed as T;
}
