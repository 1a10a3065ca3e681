import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fromRoot } from "../../lib/util/paths.js";

/**
 * A real Ray cluster on this machine for tests: a head and worker nodes, each started with its own
 * `ray start` (own temp dir, own logical CPUs, a custom resource `node<i>`). Stopped by process id,
 * never with `ray stop` (which would also stop any other Ray cluster on the machine): each
 * `ray start` runs in a process group of its own, and the processes its raylet starts (workers,
 * actors, their children) are found through /proc.
 */
export interface LocalRayCluster {
  /** HOST:PORT of the head's GCS. */
  address: string;
  nodes: { tempDir: string; pgid: number; nodeId: string }[];
  /** Kills every process of node i at once (SIGKILL): its raylet, agents, workers and their children. */
  killNode(i: number): number[];
  stop(): void;
}

const PY = () => execFileSync("bash", [fromRoot("scripts", "python.sh")], { encoding: "utf8" }).trim();

/** Whether the student server's interpreter has ray (the `ray` extra). */
export function rayInstalled(): boolean {
  return spawnSync(PY(), ["-c", "import ray"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function rayStart(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const ray = join(dirname(PY()), "ray");
  // detached: the daemons it leaves keep its process group, which is its pid
  const child = spawn(ray, ["start", ...args, "--disable-usage-stats"], { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve(child.pid!) : reject(new Error(`ray start ${args.join(" ")} failed (${code}):\n${out}`))));
  });
}

/** Every process whose parent chain reaches one of `roots` (from /proc), roots excluded. */
function descendants(roots: number[]): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = new Set<number>();
  let frontier = new Set(roots);
  while (frontier.size > 0) {
    const next = new Set<number>();
    for (const [pid, ppid] of parent) if (frontier.has(ppid) && !out.has(pid)) (out.add(pid), next.add(pid));
    frontier = next;
  }
  return [...out];
}

/** Processes of process group `pgid` (from /proc). */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The raylet of a node started with `tempDir`, and the node id it was given (from its command line). */
function raylet(tempDir: string): { pid: number; nodeId: string } | null {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (cmd[0]?.endsWith("/raylet") && cmd.some((a) => a.startsWith(`--raylet_socket_name=${tempDir}/`))) {
        const id = cmd.find((a) => a.startsWith("--node_id="));
        return { pid: Number(name), nodeId: id ? id.slice("--node_id=".length) : "" };
      }
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

function kill(pids: number[]): number[] {
  const killed: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}

/**
 * Starts a head (`cpus[0]` CPUs) and one worker node per further entry, every one bound to
 * 127.0.0.1 where Ray lets it choose (`--node-ip-address`; Ray itself may report the machine's
 * address as the node IP and listens on all interfaces for its own gRPC ports).
 */
export async function startLocalRayCluster(cpus: number[], env: NodeJS.ProcessEnv = {}): Promise<LocalRayCluster> {
  const root = mkdtempSync("/tmp/asray-"); // short: Ray's socket paths must stay under 107 bytes
  const port = await freePort();
  const fullEnv = { ...process.env, RAY_USAGE_STATS_ENABLED: "0", ...env };
  const nodes: LocalRayCluster["nodes"] = [];
  const cluster: LocalRayCluster = {
    address: `127.0.0.1:${port}`,
    nodes,
    killNode(i) {
      const node = nodes[i]!;
      const r = raylet(node.tempDir);
      return kill([...groupMembers(node.pgid), ...(r ? [r.pid, ...descendants([r.pid])] : [])]);
    },
    stop() {
      for (let i = nodes.length - 1; i >= 0; i--) cluster.killNode(i);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < cpus.length; i++) {
      const tempDir = join(root, String(i));
      const common = ["--node-ip-address", "127.0.0.1", "--num-cpus", String(cpus[i]), "--num-gpus", "0", "--temp-dir", tempDir, "--resources", JSON.stringify({ [`node${i}`]: 1 })];
      const args = i === 0 ? ["--head", "--port", String(port), "--include-dashboard", "false", ...common] : ["--address", cluster.address, ...common];
      const pgid = await rayStart(args, fullEnv);
      nodes.push({ tempDir, pgid, nodeId: raylet(tempDir)?.nodeId ?? "" });
    }
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return cluster;
}
