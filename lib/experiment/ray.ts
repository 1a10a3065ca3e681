import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { fromRoot } from "../util/paths.js";

/** What the Ray launcher (gpu-server/activesynth_server/ray_replicas.py) reports, one JSON line each. */
export type ReplicaEvent =
  | { event: "ready"; replica: number; url: string; node_id: string; node_ip: string; pid: number; actor_pid: number; start: number }
  | { event: "down"; replica: number; url: string; error: string }
  | { event: "all-ready"; urls: string[] };

export interface RayReplicasOptions {
  /** The Ray cluster: HOST:PORT of its head (`ray start --head --port PORT`), or "auto". */
  address: string;
  replicas: number;
  /** GPUs Ray gives each replica (its CUDA_VISIBLE_DEVICES); 0 (default): CPUs only. */
  gpusPerReplica?: number;
  /** CPUs Ray reserves for each replica (default 1 without GPUs, 0 with). */
  cpusPerReplica?: number;
  /** Address the servers listen on (default: each node's IP as Ray knows it). */
  host?: string;
  /**
   * The replicas' checkpoint directory: must be one directory for all of them (shared storage
   * mounted at the same path on every node) for a run that moves to another replica to find its
   * checkpoints; made absolute here.
   */
  checkpointDir?: string;
  /** More flags for each server (--backend, --model, --threads, ...). */
  serverArgs?: string[];
  apiKey?: string;
  /** Also written by the launcher at every change: `{urls, replicas}`. */
  urlsFile?: string;
  /** Milliseconds for every replica to be ready (default 15 min: an hf model may load slowly). */
  startTimeoutMs?: number;
  /** Every event the launcher reports (a replica down, restarted at a new URL). */
  onEvent?: (event: ReplicaEvent) => void;
  /** The launcher's stderr lines (its logs; the servers' with `verbose`). */
  onLog?: (line: string) => void;
  verbose?: boolean;
}

export interface RayReplicasHandle {
  /** The replicas' URLs when they were first all up, replica i at index i. */
  urls: string[];
  /** Each replica's latest report: its URL now (a new one after Ray restarted it) and whether it is up. */
  current(): { replica: number; url: string; up: boolean; nodeId: string }[];
  process: ChildProcess;
  /** Stops the servers and the actors (the launcher exits), then resolves. */
  stop(): Promise<void>;
}

/** The interpreter of the student server (scripts/python.sh: $ACTIVESYNTH_PYTHON, else .venv). */
function serverPython(): string {
  return execFileSync("bash", [fromRoot("scripts", "python.sh")], { encoding: "utf8" }).trim();
}

/**
 * Starts `replicas` student servers as actors in a Ray cluster, through the Python launcher
 * (`python -m activesynth_server.ray_replicas`, needs `pip install 'activesynth-server[ray]'`), and
 * resolves with their URLs once every one answers. Ray restarts a replica that dies (its node
 * gone, its server crashed) wherever the cluster has room, at a new URL (`current()`, `onEvent`).
 * The launcher stops the replicas when `stop()` is called or this process exits (it watches its
 * stdin, which closes with us).
 */
export async function startRayReplicas(options: RayReplicasOptions): Promise<RayReplicasHandle> {
  const args = ["-m", "activesynth_server.ray_replicas", "--address", options.address, "--replicas", String(options.replicas), "--stdin-watch"];
  if (options.gpusPerReplica) args.push("--num-gpus-per-replica", String(options.gpusPerReplica));
  if (options.cpusPerReplica !== undefined) args.push("--num-cpus-per-replica", String(options.cpusPerReplica));
  if (options.host) args.push("--host", options.host);
  if (options.urlsFile) args.push("--urls-file", resolve(options.urlsFile));
  const startTimeoutMs = options.startTimeoutMs ?? 900_000;
  args.push("--start-timeout", String(Math.ceil(startTimeoutMs / 1000)));
  if (options.verbose) args.push("--verbose");
  args.push("--");
  if (options.checkpointDir) args.push("--checkpoint-dir", resolve(options.checkpointDir));
  args.push(...(options.serverArgs ?? []));
  const env: Record<string, string | undefined> = { ...process.env, PYTHONUNBUFFERED: "1", RAY_USAGE_STATS_ENABLED: "0" };
  if (options.apiKey) env.ACTIVESYNTH_API_KEY = options.apiKey;
  const child = spawn(serverPython(), args, { stdio: ["pipe", "pipe", "pipe"], env });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onLog?.(line);
  });
  const state = new Map<number, { replica: number; url: string; up: boolean; nodeId: string }>();
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const urls = await new Promise<string[]>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`the Ray replicas were not all ready within ${startTimeoutMs} ms:\n${tail.join("\n")}`));
    }, startTimeoutMs + 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let event: ReplicaEvent;
      try {
        event = JSON.parse(line) as ReplicaEvent;
      } catch {
        return; // not ours (a library printing to stdout)
      }
      if (event.event === "ready") state.set(event.replica, { replica: event.replica, url: event.url, up: true, nodeId: event.node_id });
      else if (event.event === "down") {
        const s = state.get(event.replica);
        if (s) s.up = false;
      } else if (event.event === "all-ready") {
        clearTimeout(timer);
        resolvePromise(event.urls);
      }
      options.onEvent?.(event);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the Ray launcher exited (${signal ?? code}) before its replicas were ready:\n${tail.join("\n")}`));
    });
  });

  return {
    urls,
    current: () => [...state.values()].sort((a, b) => a.replica - b.replica).map((s) => ({ ...s })),
    process: child,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.stdin!.end(); // the launcher stops its servers and actors, then exits
      const term = setTimeout(() => child.kill("SIGTERM"), 30_000);
      const kill = setTimeout(() => child.kill("SIGKILL"), 60_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    },
  };
}
