/**
 * Teacher client throughput against the ideal, on the fake server.
 *
 *   npm run build && node dist/bench/teacher-throughput.js [latencyMs=50] [waves=20]
 *
 * The fake OpenAI server (test/fake-openai) runs in a worker thread with a fixed latency. For 16,
 * 64 and 256 requests in flight, N = inFlight * waves chat calls (distinct, so all miss the cache)
 * go through the teacher's full path (cache lookup and store write, limiter, retry loop, openai
 * client). Ideal throughput = inFlight / latency. Printed beside it: a raw `fetch` loop at the same
 * concurrency measured in the same run (the HTTP floor of this machine), the ratios, and the
 * per-call overhead = inFlight / achieved - latency (ms a call spends above the server's latency).
 * Last, sequential calls with zero latency give the per-call cost of the client against raw fetch.
 */
import { startInWorker } from "./stubs/worker.js";
import { OpenAITeacher } from "../lib/teacher/openai-teacher.js";
import { templateFor } from "../lib/tasks/registry.js";
import { MemoryCallStore } from "../test/teacher/helpers/memory-store.js";

/** The fake server in a worker thread, so its work does not share the client's event loop. */
const fakeInWorker = (latencyMs: number) => startInWorker("teacher", { latencyMs });

async function pool(n: number, inFlight: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

const body = (i: number) =>
  JSON.stringify({ model: "bench", messages: [{ role: "user", content: `Rate answer ${i}: 3 + 4 = 7` }], temperature: 0, max_tokens: 16 });

async function rawFetch(url: string, n: number, inFlight: number): Promise<number> {
  return pool(n, inFlight, async (i) => {
    const r = await fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer x" }, body: body(i) });
    await r.json();
  });
}

async function teacherCalls(url: string, n: number, inFlight: number, client: "fetch" | "openai" = "fetch"): Promise<number> {
  const t = new OpenAITeacher({ baseURL: url, model: "bench", template: templateFor("gsm8k"), store: new MemoryCallStore(), maxInFlight: inFlight, timeoutMs: 60_000, client });
  const seconds = await pool(n, inFlight, (i) =>
    t.chat([{ role: "user", content: `Rate answer ${i}: 3 + 4 = 7` }], { templateVersion: "bench/v1", temperature: 0, maxTokens: 16, nonce: i }),
  );
  if (t.usage().paid.calls !== n) throw new Error(`expected ${n} paid calls, got ${t.usage().paid.calls}`);
  return seconds;
}

async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? 50);
  const waves = Number(process.argv[3] ?? 20);
  const fake = await fakeInWorker(latencyMs);
  try {
    await teacherCalls(fake.url, 64, 16); // warm-up (JIT, connections)
    await rawFetch(fake.url, 64, 16);
    console.log(`teacher throughput, fake server latency ${latencyMs} ms, ${waves} waves per level`);
    console.log("teacher: the default client (plain fetch); sdk: client \"openai\" (the official client), same path otherwise");
    console.log("in-flight  calls   ideal/s  fetch/s  teacher/s  teacher/ideal  teacher/fetch  sdk/s  sdk/fetch  overhead ms/call (fetch, teacher)");
    for (const inFlight of [16, 64, 256]) {
      const n = inFlight * waves;
      const ideal = inFlight / (latencyMs / 1000);
      const f = n / (await rawFetch(fake.url, n, inFlight));
      const t = n / (await teacherCalls(fake.url, n, inFlight));
      const sdk = n / (await teacherCalls(fake.url, n, inFlight, "openai"));
      const over = (rate: number) => ((inFlight / rate) * 1000 - latencyMs).toFixed(2);
      console.log(
        `${String(inFlight).padStart(9)}  ${String(n).padStart(5)}  ${ideal.toFixed(0).padStart(7)}  ${f.toFixed(0).padStart(7)}  ${t.toFixed(0).padStart(9)}  ${(t / ideal).toFixed(3).padStart(13)}  ${(t / f).toFixed(3).padStart(13)}  ${sdk.toFixed(0).padStart(5)}  ${(sdk / f).toFixed(3).padStart(9)}  ${over(f)}, ${over(t)}`,
      );
    }
  } finally {
    await fake.stop();
  }
  if (process.argv.includes("--memory")) await memory(latencyMs);
  const zero = await fakeInWorker(0);
  try {
    const n = 500;
    await teacherCalls(zero.url, 50, 1);
    const f = ((await rawFetch(zero.url, n, 1)) / n) * 1000;
    const t = ((await teacherCalls(zero.url, n, 1)) / n) * 1000;
    console.log(`sequential, zero latency, ${n} calls: fetch ${f.toFixed(3)} ms/call, teacher ${t.toFixed(3)} ms/call, client overhead ${(t - f).toFixed(3)} ms/call (x${(t / f).toFixed(2)})`);
  } finally {
    await zero.stop();
  }
}

/** Heap after 10k, 50k and 100k calls at 256 in flight through one teacher whose store keeps nothing (the client's own memory). */
async function memory(latencyMs: number): Promise<void> {
  const fake = await fakeInWorker(latencyMs);
  const nothing = { getTeacherCall: () => null, putTeacherCall: () => undefined, putTeacherCalls: () => undefined };
  const t = new OpenAITeacher({ baseURL: fake.url, model: "bench", template: templateFor("gsm8k"), store: nothing, maxInFlight: 256, timeoutMs: 60_000 });
  const heap = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 1e6;
  };
  const out: string[] = [];
  let done = 0;
  try {
    for (const upTo of [10_000, 50_000, 100_000]) {
      await pool(upTo - done, 256, (i) => t.chat([{ role: "user", content: `Rate answer ${done + i}: 3 + 4 = 7` }], { templateVersion: "bench/v1", temperature: 0, maxTokens: 16, nonce: done + i }));
      done = upTo;
      out.push(`${upTo / 1000}k calls: ${heap().toFixed(1)} MB`);
    }
  } finally {
    await fake.stop();
  }
  console.log(`heap after (node --expose-gc for exact figures): ${out.join(", ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
