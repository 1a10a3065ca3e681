/**
 * One chat-completion request over HTTP with the `openai` client, and nothing else: no retries
 * (the client runs with `maxRetries: 0`; retry.ts decides), no cache (cached-chat.ts). Errors come
 * out as the typed errors of errors.ts.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { TeacherConnectionError, TeacherError, TeacherTimeoutError } from "./errors.js";

/** A chat message in the API's wire shape. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The request body sent to `/chat/completions` (wire names). */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  seed?: number;
}

/** What one completed call returned, read from the raw response. */
export interface Completion {
  content: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  /** The response JSON as received (stored in the cache). */
  raw: unknown;
}

/** Sends one request; throws a `TeacherError` on failure. */
export type ChatTransport = (body: ChatRequestBody) => Promise<Completion>;

export interface OpenAITransportOptions {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  /** Custom fetch (tests, proxies). Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** A transport over the official `openai` client. */
export function openAITransport(options: OpenAITransportOptions): ChatTransport {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    maxRetries: 0,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return async (body) => {
    // the client's own timeout stops once the headers arrive; this one covers the whole response,
    // so a body that stalls after the headers times out too (and is retried like any timeout)
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    let raw: unknown;
    try {
      raw = await client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new TeacherTimeoutError(`no complete response within ${options.timeoutMs} ms`, error);
      throw toTeacherError(error);
    } finally {
      clearTimeout(timer);
    }
    return readCompletion(raw);
  };
}

/** Maps an error thrown by the openai client to our typed errors (connection errors keep `cause`). */
export function toTeacherError(error: unknown): TeacherError {
  if (error instanceof TeacherError) return error;
  if (error instanceof APIConnectionTimeoutError) return new TeacherTimeoutError(error.message, error);
  if (error instanceof APIConnectionError) return new TeacherConnectionError(error.message, error.cause ?? error);
  if (error instanceof APIError) {
    return new TeacherError(error.message, {
      status: error.status ?? null,
      code: error.code ?? null,
      reason: error.status ? `http ${error.status}` : "api error",
      headers: error.headers ?? null,
      cause: error,
    });
  }
  // undici's "terminated": the connection was reset while the body was read (a dropped socket, a
  // proxy that gave up): a connection error, retried like one
  if (error instanceof TypeError && /^terminated$|other side closed|socket/i.test(error.message)) {
    return new TeacherConnectionError(`connection lost while reading the response: ${error.message}`, (error as Error & { cause?: unknown }).cause ?? error);
  }
  if (error instanceof SyntaxError) return new TeacherError(`response is not JSON: ${error.message}`, { reason: "bad response", cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new TeacherError(message, { reason: "unknown", cause: error });
}

/**
 * Reads content, finish reason and token counts from a chat-completion response.
 * @throws TeacherError (reason `bad response`) when the response has no first choice
 */
export function readCompletion(raw: unknown): Completion {
  const r = raw as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }>; usage?: Record<string, unknown> };
  const choice = r?.choices?.[0];
  if (!choice || typeof choice !== "object") {
    throw new TeacherError("chat completion has no choices[0]", { reason: "bad response" });
  }
  const content = typeof choice.message?.content === "string" ? choice.message.content : "";
  const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    content,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : "unknown",
    promptTokens: num(r.usage?.prompt_tokens),
    completionTokens: num(r.usage?.completion_tokens),
    raw,
  };
}
