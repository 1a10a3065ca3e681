/**
 * A stub student server for benchmarks: the wire of the real one (gpu-server/README.md) on
 * loopback, answering at once. Completions answer "#### 0"; /v1/score gives each item a loss from
 * a hash of its text (stable, spread out); embeddings are hashed unit vectors; a fine-tuning job
 * succeeds when it is created. What a benchmark measures against it is the loop's own time.
 *
 *   const stub = await startStubStudent({ dim: 64 }); ... await stub.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubStudent {
  url: string;
  /** Requests answered, by path. */
  counts: Map<string, number>;
  stop(): Promise<void>;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
}

export interface StubStudentOptions {
  /** Embedding size. Default 64. */
  dim?: number;
  /** Stands for the GPU: each POST that computes (completions, score, embeddings, a fine-tuning job) waits this long. Default 0. */
  latencyMs?: number;
  /** One computing request at a time, the others queued (the real server's compute lock). Default false: all wait at once. */
  serial?: boolean;
  /** Dies (drops the connection and stops listening) on this score call. */
  die?: { afterScoreCalls: number };
}

export async function startStubStudent(options: StubStudentOptions = {}): Promise<StubStudent> {
  const dim = options.dim ?? 64;
  const counts = new Map<string, number>();
  const models = new Set(["tiny", "stub"]);
  let jobs = 0;
  let gpu: Promise<unknown> = Promise.resolve(); // the queue of computing requests when `serial`
  const send = (res: ServerResponse, status: number, value: unknown) => {
    const text = JSON.stringify(value);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    counts.set(path.replace(/\/ftjob-\d+/, "/:job"), (counts.get(path.replace(/\/ftjob-\d+/, "/:job")) ?? 0) + 1);
    if (options.die && path === "/v1/score" && (counts.get(path) ?? 0) > options.die.afterScoreCalls) {
      req.socket.destroy(); // a server that dies mid-run
      server.close();
      return;
    }
    const b = req.method === "POST" ? await body(req) : {};
    const computes = req.method === "POST" && /^\/v1\/(completions|score|embeddings|fine_tuning\/jobs)$/.test(path);
    if (computes && options.latencyMs) {
      const wait = () => new Promise((r) => setTimeout(r, options.latencyMs));
      if (options.serial) await (gpu = gpu.then(wait));
      else await wait();
    }
    if (path === "/health") return send(res, 200, { status: "ok", backend: "stub" });
    if (path === "/v1/models") return send(res, 200, { object: "list", data: [...models].map((id) => ({ id, object: "model" })) });
    if (path === "/v1/completions") {
      const prompts = b.prompt as string[];
      return send(res, 200, { choices: prompts.map((_, index) => ({ index, text: " #### 0", finish_reason: "stop" })) });
    }
    if (path === "/v1/score") {
      const items = b.items as { prompt: string; completion: string }[];
      return send(res, 200, { data: items.map((it, index) => {
        const v = hash(it.prompt + it.completion);
        return { index, mean_nll: 4 * v, sum_nll: 20 * v, tokens: 5, mean_entropy: 2 * v, mean_margin: 1 - v };
      }) });
    }
    if (path === "/v1/embeddings") {
      const input = b.input as string[];
      return send(res, 200, { data: input.map((text, index) => {
        const e = Array.from({ length: dim }, (_, j) => hash(`${j}:${text}`) - 0.5);
        const n = Math.hypot(...e);
        return { index, embedding: e.map((x) => x / n) };
      }) });
    }
    if (path === "/v1/files") return send(res, 200, { id: `file-${jobs}`, object: "file" });
    if (path === "/v1/fine_tuning/jobs" && req.method === "POST") {
      const id = `ftjob-${++jobs}`;
      const model = `ft:stub:${String(b.suffix ?? "x")}:${id}`;
      models.add(model);
      return send(res, 200, { id, status: "succeeded", fine_tuned_model: model, trained_tokens: 0 });
    }
    const job = /^\/v1\/fine_tuning\/jobs\/(ftjob-\d+)(\/events)?$/.exec(path);
    if (job) {
      if (job[2]) return send(res, 200, { data: [] });
      const model = [...models].find((m) => m.endsWith(`:${job[1]}`));
      return send(res, 200, { id: job[1], status: "succeeded", fine_tuned_model: model, trained_tokens: 0 });
    }
    send(res, 404, { error: { message: `stub student: no route ${req.method} ${path}` } });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
