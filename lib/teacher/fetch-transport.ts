/**
 * One chat-completion request over plain `fetch`: the same wire, timeouts and typed errors as the
 * `openai` client's transport (transport.ts), without the client's per-request work (header
 * objects, log formatting, abort plumbing), which at hundreds of calls in flight is most of the
 * client's cost (bench/teacher-throughput.ts measures both against raw fetch). OpenAITeacher uses
 * it unless `client: "openai"` is asked for.
 */
import { TeacherConnectionError, TeacherError, TeacherTimeoutError } from "./errors.js";
import { readCompletion, toTeacherError, type ChatTransport, type OpenAITransportOptions } from "./transport.js";

export function fetchTransport(options: OpenAITransportOptions): ChatTransport {
  const url = `${options.baseURL.replace(/\/+$/, "")}/chat/completions`;
  const headers = { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${options.apiKey}` };
  const doFetch = options.fetch ?? fetch;
  return async (body) => {
    // one timeout over the whole response: headers and body
    const signal = AbortSignal.timeout(options.timeoutMs);
    let text: string;
    let response: Response;
    try {
      response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body), signal });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new TeacherTimeoutError(`no complete response within ${options.timeoutMs} ms`, error);
      if (error instanceof TypeError && !/^terminated$|other side closed|socket/i.test(error.message)) {
        throw new TeacherConnectionError(`Connection error.`, (error as Error & { cause?: unknown }).cause ?? error);
      }
      throw toTeacherError(error);
    }
    let parsed: unknown;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch (error) {
      if (!response.ok) throw statusError(response, text, null);
      throw new TeacherError(`response is not JSON: ${(error as Error).message}`, { reason: "bad response", cause: error });
    }
    if (!response.ok) throw statusError(response, text, parsed);
    return readCompletion(parsed);
  };
}

/** An HTTP error status as the openai client reports it: `429 <message>`, with code and headers. */
function statusError(response: Response, text: string, parsed: unknown): TeacherError {
  const err = (parsed as { error?: { message?: unknown; code?: unknown } } | null)?.error;
  const message = typeof err?.message === "string" ? err.message : text.slice(0, 300) || "(no body)";
  return new TeacherError(`${response.status} ${message}`, {
    status: response.status,
    code: typeof err?.code === "string" ? err.code : null,
    reason: `http ${response.status}`,
    headers: response.headers,
  });
}
