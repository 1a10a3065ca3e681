import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fromRoot } from "../util/paths.js";

export interface StudentServerOptions {
  backend?: "tiny" | "hf";
  model?: string;
  host?: string;
  /** 0 (default) lets the server pick a free port. */
  port?: number;
  checkpointDir?: string;
  apiKey?: string | undefined;
  threads?: number;
  /** Extra command-line flags. */
  args?: string[];
  /** Extra environment (e.g. OPENBLAS_NUM_THREADS). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the ready line. */
  startTimeoutMs?: number;
  /** Receives the server's stderr lines (logs); dropped when absent. */
  onLog?: (line: string) => void;
}

export interface StudentServerHandle {
  url: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

const READY = /^activesynth-server ready (http:\/\/\S+)/;

/**
 * Starts the bundled student server (gpu-server/start.sh) as a child process and resolves once it
 * prints its ready line. The child is killed when this process exits.
 */
export async function startStudentServer(options: StudentServerOptions = {}): Promise<StudentServerHandle> {
  const args = [fromRoot("gpu-server", "start.sh"), "--backend", options.backend ?? "tiny", "--host", options.host ?? "127.0.0.1", "--port", String(options.port ?? 0)];
  if (options.model) args.push("--model", options.model);
  if (options.checkpointDir) args.push("--checkpoint-dir", options.checkpointDir);
  if (options.threads) args.push("--threads", String(options.threads));
  if (options.args) args.push(...options.args);
  // the server exits when this process is gone, even after a kill -9 that skips the exit handler
  if (!args.includes("--parent-pid")) args.push("--parent-pid", String(process.pid));
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1", ...options.env };
  if (options.apiKey) env.ACTIVESYNTH_API_KEY = options.apiKey;
  const child = spawn("bash", args, { stdio: ["ignore", "pipe", "pipe"], env });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onLog?.(line);
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the student server did not start within ${options.startTimeoutMs ?? 120_000} ms:\n${tail.join("\n")}`));
    }, options.startTimeoutMs ?? 120_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = READY.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the student server exited (${signal ?? code}) before it was ready:\n${tail.join("\n")}`));
    });
  });

  return {
    url,
    process: child,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
