/**
 * Runs a bench stub in a worker thread, so that its work does not share the measured process's
 * event loop: `startInWorker("student" | "teacher", options)` resolves to its URL.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startStubStudent } from "./student.js";
import { startFakeOpenAI } from "../../test/fake-openai/server.js";

export interface StubHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startInWorker(kind: "student" | "teacher", options: Record<string, unknown> = {}): Promise<StubHandle> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { kind, options } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return { url, stop: async () => void (await worker.terminate()) };
}

if (!isMainThread && parentPort) {
  const { kind, options } = workerData as { kind: string; options: Record<string, unknown> };
  if (kind === "student") {
    const stub = await startStubStudent(options);
    parentPort.postMessage(stub.url);
  } else {
    const fake = await startFakeOpenAI({ latencyMs: Number(options.latencyMs ?? 50), keepLog: false });
    parentPort.postMessage(fake.url);
  }
}
