/**
 * `CachedChat`: every teacher call (generation or judging) goes through here. The store is read
 * first: an "ok" row is returned as is (no network, same tokens reported, so a re-run from the
 * cache gives identical results); an "error" row is not a hit, so a re-run tries again. On a miss
 * the call runs under the limiter with retries, and its row (request, response, tokens, cost,
 * latency, status) is written before the answer is returned: the rows of calls that finish in the
 * same turn of the event loop in one transaction (call-writer.ts). Each failed attempt is also
 * recorded, under `<key>/attempt/<n>`.
 *
 * Key: hashOf({ endpoint, model, params (every sampling parameter), templateVersion, messages, nonce }).
 * `nonce` separates calls that would otherwise be identical (k samples from one seed).
 */
import { hashOf } from "../util/hash.js";
import { makeRng, type Rng } from "../util/rng.js";
import type { CallPurpose, TeacherCallRow } from "../store/types.js";
import { zeroUsage, type TeacherUsage } from "./types.js";
import { TeacherError, TeacherOutputError } from "./errors.js";
import { systemClock, type Clock, type Limiter } from "./limiter.js";
import { retryDelayMs, type RetryOptions } from "./retry.js";
import { readCompletion, type ChatMessage, type ChatRequestBody, type ChatTransport, type Completion } from "./transport.js";
import { addUsage, costUsd, type PriceTable } from "./usage.js";
import { CallWriter, type TeacherCallStore } from "./call-writer.js";

export type { TeacherCallStore } from "./call-writer.js";

/** Sampling parameters (library names; sent in wire names). Unset ones are not sent. */
export interface SamplingParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stop?: string[];
  /** Sampling seed sent to the server (servers that ignore it still get distinct calls via `nonce`). */
  seed?: number;
}

export interface ChatOptions extends SamplingParams {
  /** Version of the prompt template that rendered `messages` (e.g. `math/q/v1`, `judge/v1`). */
  templateVersion: string;
  /** Distinguishes otherwise identical calls (sample index, rng seed). */
  nonce?: string | number;
  /** Run that pays for the call (stored on the row). */
  runId?: string | null;
  /** What the call is for and the loop iteration it belongs to (stored on the row; not part of the key). */
  purpose?: CallPurpose;
  iteration?: number;
  /** Return a `finish_reason: "length"` answer instead of throwing `TeacherOutputError("truncated")`. */
  allowTruncated?: boolean;
}

/** One chat result. `usage` is the call's cost whether it came from the cache or the network. */
export interface ChatResult {
  content: string;
  finishReason: string;
  usage: TeacherUsage;
  /** True when served from the store (nothing paid now). */
  cached: boolean;
  key: string;
  /** Attempts made now (0 on a cache hit). */
  attempts: number;
}

export interface CachedChatOptions {
  /** Base URL of the endpoint (part of the key). */
  endpoint: string;
  model: string;
  transport: ChatTransport;
  store: TeacherCallStore;
  limiter: Limiter;
  retry: RetryOptions;
  /** Defaults for every call; a call's options override them. */
  defaults?: SamplingParams;
  /** Wire name of the token limit: `max_tokens` (default; vLLM, the gpu-server) or `max_completion_tokens` (newer OpenAI models). */
  maxTokensParam?: "max_tokens" | "max_completion_tokens";
  priceTable?: PriceTable;
  /** Seed of the backoff jitter. */
  rng?: Rng;
  clock?: Clock;
}

/** Usage totals: `all` counts cache hits too (what a run's budget counts), `paid` only network calls made by this process. */
export interface UsageTotals {
  all: TeacherUsage;
  paid: TeacherUsage;
}

export class CachedChat {
  private readonly rng: Rng;
  private readonly clock: Clock;
  private readonly pending = new Map<string, Promise<ChatResult>>();
  private readonly totals: UsageTotals = { all: zeroUsage(), paid: zeroUsage() };
  private readonly writer: CallWriter;

  constructor(readonly options: CachedChatOptions) {
    this.rng = options.rng ?? makeRng(0);
    this.writer = new CallWriter(options.store);
    this.clock = options.clock ?? systemClock;
  }

  /** Copies of the running totals. */
  usage(): UsageTotals {
    return { all: { ...this.totals.all }, paid: { ...this.totals.paid } };
  }

  /** The request body a call would send. */
  body(messages: ChatMessage[], options: ChatOptions): ChatRequestBody {
    const p = { ...this.options.defaults, ...dropUndefined(options) };
    const body: ChatRequestBody = { model: this.options.model, messages };
    if (p.temperature !== undefined) body.temperature = p.temperature;
    if (p.topP !== undefined) body.top_p = p.topP;
    if (p.maxTokens !== undefined) body[this.options.maxTokensParam ?? "max_tokens"] = p.maxTokens;
    if (p.stop !== undefined && p.stop.length > 0) body.stop = p.stop;
    if (p.seed !== undefined) body.seed = p.seed;
    return body;
  }

  /** The cache key of a call. */
  key(messages: ChatMessage[], options: ChatOptions): string {
    const { messages: _m, model, ...params } = this.body(messages, options);
    return hashOf({
      endpoint: this.options.endpoint,
      model,
      params,
      templateVersion: options.templateVersion,
      messages,
      nonce: options.nonce ?? null,
    });
  }

  /**
   * One cached call. Identical calls in flight at the same time share one request.
   * @throws TeacherError when the call failed after retries (or was not retryable)
   * @throws TeacherOutputError (reason `truncated`, with `usage`) on `finish_reason: "length"` unless `allowTruncated`
   */
  async chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const key = this.key(messages, options);
    let result = this.pending.get(key);
    if (!result) {
      result = this.lookupOrCall(key, messages, options);
      this.pending.set(key, result);
      result.finally(() => this.pending.delete(key)).catch(() => undefined);
    }
    const r = await result;
    if (r.finishReason === "length" && !options.allowTruncated) {
      throw new TeacherOutputError("truncated", `teacher output truncated (finish_reason "length", key ${key})`, r.usage);
    }
    return r;
  }

  /** Notes a problem with a call's output (malformed, no final answer) on its stored row; the row stays a cache hit. */
  recordOutputProblem(key: string, reason: string): void {
    recordOutputProblem(this.options.store, key, reason);
  }

  private async lookupOrCall(key: string, messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const row = this.options.store.getTeacherCall(key);
    if (row && row.status === "ok") {
      const c = readCompletion(row.response);
      const usage: TeacherUsage = { calls: 1, promptTokens: row.promptTokens, completionTokens: row.completionTokens, costUsd: row.costUsd };
      this.totals.all = addUsage(this.totals.all, usage);
      return { content: c.content, finishReason: c.finishReason, usage, cached: true, key, attempts: 0 };
    }
    return this.call(key, messages, options);
  }

  private async call(key: string, messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const { store, limiter, transport, model, endpoint } = this.options;
    const body = this.body(messages, options);
    const request = { body, templateVersion: options.templateVersion, nonce: options.nonce ?? null };
    const estimate = Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4) + (body.max_tokens ?? body.max_completion_tokens ?? 0);
    const base = { key, runId: options.runId ?? null, endpoint, model, purpose: options.purpose ?? null, iteration: options.iteration ?? null };
    for (let attempt = 0; ; attempt++) {
      const started = this.clock.now();
      let completion: Completion;
      try {
        completion = await limiter.run(estimate, async () => {
          const c = await transport(body);
          return { value: c, tokens: c.promptTokens + c.completionTokens };
        });
      } catch (error) {
        if (!(error instanceof TeacherError)) throw error;
        const failed: TeacherCallRow = {
          ...base,
          request: { ...request, attempt },
          response: null,
          promptTokens: 0,
          completionTokens: 0,
          costUsd: 0,
          latencyMs: this.clock.now() - started,
          status: "error",
          error: `${error.reason}: ${error.message}`,
        };
        store.putTeacherCall({ ...failed, key: `${key}/attempt/${attempt}` });
        const delay = retryDelayMs(error, attempt, this.options.retry, this.rng, this.clock.now());
        if (delay === null) {
          store.putTeacherCall(failed);
          throw error;
        }
        await this.clock.sleep(delay);
        continue;
      }
      const cost = costUsd(this.options.priceTable, model, completion.promptTokens, completion.completionTokens);
      await this.writer.write({
        ...base,
        request: { ...request, attempts: attempt + 1 },
        response: completion.raw,
        promptTokens: completion.promptTokens,
        completionTokens: completion.completionTokens,
        costUsd: cost,
        latencyMs: this.clock.now() - started,
        status: "ok",
        error: completion.finishReason === "length" ? 'truncated: finish_reason "length"' : null,
      });
      const usage: TeacherUsage = { calls: 1, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens, costUsd: cost };
      this.totals.all = addUsage(this.totals.all, usage);
      this.totals.paid = addUsage(this.totals.paid, usage);
      return { content: completion.content, finishReason: completion.finishReason, usage, cached: false, key, attempts: attempt + 1 };
    }
  }
}

/** Notes a problem with a stored call's output on its row (the row stays a cache hit); nothing when there is no row. */
export function recordOutputProblem(store: TeacherCallStore, key: string, reason: string): void {
  const row = store.getTeacherCall(key);
  if (row) store.putTeacherCall({ ...row, error: reason });
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
