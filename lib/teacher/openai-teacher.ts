/**
 * The LLM teacher behind any OpenAI-compatible endpoint (OpenAI, vLLM, the bundled gpu-server).
 * `generate()` makes the paper's two calls through the cache: a new question written from the
 * seed, then a worked answer to it; the output is parsed and validated, and problems come back as
 * failures with their reason (also noted on the stored call row). `chat()` is the same cached,
 * limited, retried call for LLM judges, so judging spends the same budget and shows in `usage()`.
 */
import type { Generation, GenerateRequest, Teacher, TeacherUsage } from "./types.js";
import { zeroUsage } from "./types.js";
import { makeRng } from "../util/rng.js";
import { CachedChat, type ChatOptions, type ChatResult, type TeacherCallStore, type UsageTotals } from "./cached-chat.js";
import { TeacherConfigError, TeacherOutputError } from "./errors.js";
import { Limiter, type Clock } from "./limiter.js";
import { callFailureReason } from "./retry.js";
import type { TeacherTemplate } from "./templates.js";
import { openAITransport, type ChatMessage, type ChatTransport } from "./transport.js";
import { fetchTransport } from "./fetch-transport.js";
import { addUsage, type PriceTable } from "./usage.js";

export interface OpenAITeacherOptions {
  /** Base URL of the API, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseURL: string;
  /** API key; when absent it is read from `process.env[apiKeyEnv]`. Local endpoints (127.0.0.1, localhost) need none. */
  apiKey?: string;
  /** Environment variable holding the key. Default `OPENAI_API_KEY`. */
  apiKeyEnv?: string;
  model: string;
  /** Default 1.0 (diverse samples, as the paper's teacher). */
  temperature?: number;
  topP?: number;
  /** Completion token limit of each call. Default 1024. */
  maxTokens?: number;
  /** Wire name of the limit. Default `max_tokens`; newer OpenAI models need `max_completion_tokens`. */
  maxTokensParam?: "max_tokens" | "max_completion_tokens";
  /** Send the request's `rngSeed` as the API's `seed`. Default true. */
  sendSeed?: boolean;
  /**
   * How to write a sample: the prompts of the two calls and the checks of their output. A task's
   * is its plug-in's `teacherTemplate` (`templateFor(task)`); build another with `makeTemplate`.
   */
  template: TeacherTemplate;
  store: TeacherCallStore;
  /** Requests in flight at most. Default 16. */
  maxInFlight?: number;
  rpm?: number;
  tpm?: number;
  /** Per-attempt time-out. Default 120000. */
  timeoutMs?: number;
  /** Retries per call on 408/409/429/5xx, connection errors and time-outs. Default 5. */
  maxRetries?: number;
  /** First backoff (ms) when the server gives no Retry-After. Default 500. */
  retryBaseDelayMs?: number;
  priceTable?: PriceTable;
  fetch?: typeof fetch;
  /**
   * The HTTP client: `fetch` (default: plain fetch, the same wire and errors, about 1.5x the
   * throughput at 256 in flight) or `openai` (the official client; bench/teacher-throughput.ts).
   */
  client?: "fetch" | "openai";
  /** Replaces the HTTP transport entirely (tests). */
  transport?: ChatTransport;
  clock?: Clock;
  /** Seed of the retry jitter. Default 0. */
  seed?: number;
}

/** A loopback endpoint (127.0.0.1, localhost, [::1]), which needs no API key. */
const isLocal = (url: string): boolean => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/i.test(url);

/**
 * The API key a teacher at `baseURL` uses: `apiKey`, else the environment variable `apiKeyEnv`
 * (default OPENAI_API_KEY), else "local" for a loopback endpoint; with the variable it read.
 * `key` is undefined when none applies (the run command checks this before any work).
 */
export function teacherApiKey(options: { baseURL: string; apiKey?: string; apiKeyEnv?: string }): { key: string | undefined; env: string } {
  const env = options.apiKeyEnv ?? "OPENAI_API_KEY";
  return { key: options.apiKey ?? process.env[env] ?? (isLocal(options.baseURL) ? "local" : undefined), env };
}

export class OpenAITeacher implements Teacher {
  readonly id: string;
  readonly template: TeacherTemplate;
  private readonly cached: CachedChat;
  private readonly sendSeed: boolean;

  constructor(options: OpenAITeacherOptions) {
    if (!options.model) throw new TeacherConfigError("OpenAITeacher: options.model is required");
    if (!options.baseURL) throw new TeacherConfigError("OpenAITeacher: options.baseURL is required");
    if (!options.template) throw new TeacherConfigError("OpenAITeacher: options.template is required (a task's is templateFor(task))");
    const endpoint = options.baseURL.replace(/\/+$/, "");
    const { key: apiKey, env: keyEnv } = teacherApiKey({ ...options, baseURL: endpoint });
    if (!apiKey && !options.transport) {
      throw new TeacherConfigError(`OpenAITeacher: no API key for ${endpoint}: set ${keyEnv} or pass options.apiKey`);
    }
    this.template = options.template;
    this.id = `openai/${options.model}`;
    this.sendSeed = options.sendSeed ?? true;
    const transport =
      options.transport ?? (options.client === "openai" ? openAITransport : fetchTransport)({ baseURL: endpoint, apiKey: apiKey!, timeoutMs: options.timeoutMs ?? 120_000, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.cached = new CachedChat({
      endpoint,
      model: options.model,
      transport,
      store: options.store,
      limiter: new Limiter({ maxInFlight: options.maxInFlight ?? 16, ...(options.rpm !== undefined ? { rpm: options.rpm } : {}), ...(options.tpm !== undefined ? { tpm: options.tpm } : {}), ...(options.clock ? { clock: options.clock } : {}) }),
      retry: { maxRetries: options.maxRetries ?? 5, baseDelayMs: options.retryBaseDelayMs ?? 500 },
      defaults: { temperature: options.temperature ?? 1.0, ...(options.topP !== undefined ? { topP: options.topP } : {}), maxTokens: options.maxTokens ?? 1024 },
      ...(options.maxTokensParam !== undefined ? { maxTokensParam: options.maxTokensParam } : {}),
      ...(options.priceTable !== undefined ? { priceTable: options.priceTable } : {}),
      rng: makeRng(options.seed ?? 0),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  /**
   * Usage so far: `all` includes cache hits (count this against a run's budget: it is the same on
   * a re-run from the cache), `paid` only calls sent over the network by this process.
   */
  usage(): UsageTotals {
    return this.cached.usage();
  }

  /** A cached, limited, retried call with the teacher's model and defaults (for LLM judges). */
  chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    return this.cached.chat(messages, options);
  }

  /**
   * Writes one synthetic sample from `request.seed`. Output problems (malformed question, truncated
   * output, no final answer, wrong Game of 24 expression) and calls that failed after all retries
   * are failures with their reason.
   * @throws TeacherError for errors that retrying cannot fix (400, 401, 403, 404...): the run should stop
   */
  async generate(request: GenerateRequest): Promise<Generation> {
    const { seed, sampleIndex, rngSeed, runId, iteration } = request;
    let usage: TeacherUsage = zeroUsage();
    const common = { nonce: `${sampleIndex}/${rngSeed}`, runId: runId ?? null, purpose: "generate" as const, ...(iteration !== undefined ? { iteration } : {}), ...(this.sendSeed ? { seed: rngSeed } : {}) };
    const t = this.template;
    const step = async (messages: ChatMessage[], templateVersion: string): Promise<ChatResult | { failed: string }> => {
      try {
        const r = await this.cached.chat(messages, { ...common, templateVersion });
        usage = addUsage(usage, r.usage);
        return r;
      } catch (error) {
        if (error instanceof TeacherOutputError && error.usage) usage = addUsage(usage, error.usage);
        return { failed: callFailureReason(error) };
      }
    };

    const q = await step(t.questionMessages(seed), `${t.version}/question`);
    if ("failed" in q) return { ok: false, reason: q.failed, usage };
    const question = t.parseQuestion(q.content, seed);
    if (!question.ok) {
      this.cached.recordOutputProblem(q.key, question.reason);
      return { ok: false, reason: question.reason, usage };
    }
    const a = await step(t.answerMessages(question.value, seed), `${t.version}/answer`);
    if ("failed" in a) return { ok: false, reason: a.failed, usage };
    const answer = a.content.trim();
    const final = t.checkAnswer(answer, question.value, seed);
    if (!final.ok) {
      this.cached.recordOutputProblem(a.key, final.reason);
      return { ok: false, reason: final.reason, usage };
    }
    return {
      ok: true,
      question: question.value,
      answer,
      ...(seed.kind !== undefined ? { kind: seed.kind } : {}),
      usage,
      // no cache-hit count here: the meta is stored with the example, which must be the same whether
      // the calls were paid now or read back on a resume (usage().paid says what was paid)
      meta: { teacher: this.id, template: t.version, final: final.value, keys: [q.key, a.key] },
    };
  }
}
