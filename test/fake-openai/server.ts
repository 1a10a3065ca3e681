/**
 * A fake OpenAI-compatible server for tests and benches: node:http on 127.0.0.1 (port 0),
 * `POST /v1/chat/completions` and `GET /v1/models`, with scriptable faults.
 *
 *   const fake = await startFakeOpenAI({ latencyMs: 5 });
 *   fake.script({ kind: "status", status: 429, retryAfter: "0.2" }); // the next call gets a 429
 *   fake.when(/<question>/, { kind: "malformed" });                    // next question-writing call
 *   ... new OpenAITeacher({ baseURL: fake.url, ... }) ...; fake.calls.count; await fake.close();
 *
 * The default "ok" reply is derived from the prompt so a real loop can run: a question-writing
 * prompt (one that asks for `<question>` markers) gets a new problem of the task's family (math:
 * two numbers; game24: a solvable puzzle; logic: a True/False/Unknown or lettered question); an
 * answer prompt gets a worked answer in the requested format ("a + b = c\n#### c", `\boxed{c}`,
 * `Answer: <expression> = 24`, `Answer: <label>`); a judge prompt gets `Score: N` (1..10) or
 * `Verdict: A|B`. Replies vary with a hash of the request.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeBehaviour =
  | { kind: "ok"; latencyMs?: number }
  | { kind: "content"; content: string; finishReason?: string; latencyMs?: number }
  | { kind: "status"; status: number; retryAfter?: string; retryAfterMs?: number; message?: string; latencyMs?: number }
  /** Never answers (the client must time out). */
  | { kind: "hang" }
  /** An answer with no `<question>` block and no final result. */
  | { kind: "malformed"; latencyMs?: number }
  /** Half of the ok answer with `finish_reason: "length"`. */
  | { kind: "truncated"; latencyMs?: number }
  /** 200 with a body that is not JSON. */
  | { kind: "garbage"; latencyMs?: number }
  /** 200 headers and half a body, then the connection is reset (undici: "terminated"). */
  | { kind: "reset-mid-body"; latencyMs?: number }
  /** 200 headers and part of a body, then nothing: the body stalls until the client gives up. */
  | { kind: "stall-after-headers"; latencyMs?: number };

export interface FakeCall {
  n: number;
  kind: FakeBehaviour["kind"];
  status: number;
  model: string;
  /** Last user message. */
  prompt: string;
  body: Record<string, unknown>;
}

export interface FakeOpenAIOptions {
  /** Latency of every reply unless a behaviour sets its own. Default 0. */
  latencyMs?: number;
  /** Behaviour when nothing is scripted. Default ok. */
  default?: FakeBehaviour;
  /** Keep each call's body in `calls.log`. Default true (benches turn it off). */
  keepLog?: boolean;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`. */
  url: string;
  /** Live counters: completed + failed chat calls, and their log. */
  calls: { count: number; log: FakeCall[] };
  /** Chat requests being served right now / the most at once. */
  readonly inFlight: number;
  readonly maxConcurrent: number;
  /** Behaviours for the next calls, in order (then the default). */
  script(...behaviours: FakeBehaviour[]): void;
  /** Behaviours for the next calls whose last user message matches `pattern` (checked before `script`). */
  when(pattern: RegExp | string, ...behaviours: FakeBehaviour[]): void;
  /** Replaces the default behaviour. */
  setBehaviour(behaviour: FakeBehaviour): void;
  /** Clears counts, log, max concurrency, scripts and rules. */
  reset(): void;
  close(): Promise<void>;
}

const GAME24 = [
  { nums: [1, 2, 3, 4], solution: "(1 + 2 + 3) * 4" },
  { nums: [2, 3, 4, 5], solution: "(5 + 3 - 2) * 4" },
  { nums: [3, 3, 8, 8], solution: "8 / (3 - 8 / 3)" },
  { nums: [1, 5, 5, 5], solution: "(5 - 1 / 5) * 5" },
  { nums: [4, 4, 10, 10], solution: "(10 * 10 - 4) / 4" },
];

/** Starts the server; resolves once it listens. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let fallback: FakeBehaviour = options.default ?? { kind: "ok" };
  const keepLog = options.keepLog ?? true;
  let queue: FakeBehaviour[] = [];
  let rules: Array<{ pattern: RegExp | string; queue: FakeBehaviour[] }> = [];
  const calls = { count: 0, log: [] as FakeCall[] };
  let inFlight = 0;
  let maxConcurrent = 0;
  const hanging = new Set<ServerResponse>();

  const pick = (prompt: string): FakeBehaviour => {
    for (const rule of rules) {
      const hit = typeof rule.pattern === "string" ? prompt.includes(rule.pattern) : rule.pattern.test(prompt);
      if (hit && rule.queue.length > 0) return rule.queue.shift()!;
    }
    return queue.shift() ?? fallback;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => send(res, 500, { error: { message: String(error), type: "server_error", param: null, code: null } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/v1/models") {
      return send(res, 200, { object: "list", data: [{ id: "fake-teacher", object: "model", owned_by: "fake" }] });
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error", param: null, code: "not_found" } });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(res, 400, { error: { message: "body is not JSON", type: "invalid_request_error", param: null, code: null } });
    }
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role: string; content: string }>) : [];
    const prompt = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const behaviour = pick(prompt);
    const n = ++calls.count;
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) inFlight--;
      done = true;
    };
    res.on("close", finish);
    const status = behaviour.kind === "status" ? behaviour.status : behaviour.kind === "hang" ? 0 : 200;
    if (keepLog) calls.log.push({ n, kind: behaviour.kind, status, model: String(body.model), prompt, body });
    if (behaviour.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    const latency = behaviour.latencyMs ?? options.latencyMs ?? 0;
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (behaviour.kind === "status") {
      const headers: Record<string, string> = {};
      if (behaviour.retryAfter !== undefined) headers["retry-after"] = behaviour.retryAfter;
      if (behaviour.retryAfterMs !== undefined) headers["retry-after-ms"] = String(behaviour.retryAfterMs);
      const type = behaviour.status === 429 ? "rate_limit_error" : behaviour.status >= 500 ? "server_error" : "invalid_request_error";
      return send(res, behaviour.status, { error: { message: behaviour.message ?? `fake ${behaviour.status}`, type, param: null, code: null } }, headers);
    }
    if (behaviour.kind === "garbage") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{this is not json");
      return;
    }
    if (behaviour.kind === "reset-mid-body" || behaviour.kind === "stall-after-headers") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
      res.write('{"id": "chatcmpl-fake", "choices": [');
      if (behaviour.kind === "reset-mid-body") setTimeout(() => res.socket?.destroy(), 20);
      else {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
      }
      return;
    }
    const hash = createHash("sha256").update(JSON.stringify(body)).digest();
    let content: string;
    let finishReason = "stop";
    if (behaviour.kind === "content") {
      content = behaviour.content;
      finishReason = behaviour.finishReason ?? "stop";
    } else if (behaviour.kind === "malformed") {
      content = "Sure! I think it is probably seven, more or less.";
    } else {
      content = okReply(prompt, hash);
      if (behaviour.kind === "truncated") {
        content = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
        finishReason = "length";
      }
    }
    const promptTokens = Math.ceil(messages.reduce((k, m) => k + String(m.content).length, 0) / 4);
    const completionTokens = finishReason === "length" && typeof body.max_tokens === "number" ? body.max_tokens : Math.ceil(content.length / 4);
    send(res, 200, {
      id: `chatcmpl-fake-${n}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: String(body.model),
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finishReason, logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    get inFlight() {
      return inFlight;
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    script: (...b) => void queue.push(...b),
    when: (pattern, ...b) => void rules.push({ pattern, queue: b }),
    setBehaviour: (b) => void (fallback = b),
    reset() {
      calls.count = 0;
      calls.log.length = 0;
      maxConcurrent = inFlight;
      queue = [];
      rules = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A plausible reply derived from the prompt (see the file comment). */
export function okReply(prompt: string, hash: Uint8Array): string {
  const a = 2 + (hash[0]! % 40);
  const b = 2 + (hash[1]! % 40);
  // judges (lib/teacher/judge-templates.ts): a score or a referee verdict
  if (/`Score: N`/.test(prompt)) return `Score: ${1 + (hash[3]! % 10)}`;
  if (/`Verdict: A`/.test(prompt)) return `Verdict: ${hash[4]! % 2 === 0 ? "A" : "B"}`;
  if (prompt.includes("<question>")) {
    if (/make 24/i.test(prompt)) return `<question>${GAME24[hash[2]! % GAME24.length]!.nums.join(" ")}</question>`;
    if (/Answer: <label>|answer options/i.test(prompt)) {
      const tfu = /Answer:\s*(True|False|Unknown)/i.test(prompt);
      const name = ["Tom", "Ada", "Lin", "Sam"][hash[2]! % 4];
      return tfu
        ? `<question>All cats are animals. ${name} is a cat. Is the statement "${name} is an animal" True, False, or Unknown?</question>`
        : `<question>All cats are animals. ${name} is a cat. What follows? (A) ${name} is an animal (B) ${name} is a dog (C) nothing</question>`;
    }
    return `<question>Sam has ${a} marbles and finds ${b} more. How many marbles does Sam have now?</question>`;
  }
  const problem = prompt.match(/Problem:\n([\s\S]*?)\n\nWrite only the solution\./)?.[1] ?? prompt;
  if (/make 24|= 24`/.test(prompt)) {
    const nums = (problem.match(/\d+/g) ?? []).map(Number).sort((x, y) => x - y).join(",");
    const known = GAME24.find((g) => [...g.nums].sort((x, y) => x - y).join(",") === nums);
    return `Try combining the numbers.\nAnswer: ${known ? known.solution : problem.trim().split(/\s+/).join(" + ")} = 24`;
  }
  if (/Answer: <label>/.test(prompt)) {
    return `Every cat is an animal, so the statement follows.\nAnswer: ${/True, False, or Unknown/.test(problem) ? "True" : "A"}`;
  }
  const nums = (problem.match(/\d+/g) ?? []).map(Number);
  const [x, y] = nums.length >= 2 ? [nums[0]!, nums[1]!] : [a, b];
  if (prompt.includes("\\boxed")) return `Adding, ${x} + ${y} = ${x + y}, so the answer is \\boxed{${x + y}}.`;
  if (prompt.includes("####")) return `${x} + ${y} = ${x + y}\n#### ${x + y}`;
  return `Fake reply (${x}, ${y}).`;
}
