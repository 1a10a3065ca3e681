/**
 * One student server per GPU: which GPU each of `run --workers N`'s servers gets, as the
 * CUDA_VISIBLE_DEVICES it is started with (each server then sees one device, `cuda:0`).
 */
import { execFileSync } from "node:child_process";

/**
 * The GPUs this process may use: CUDA_VISIBLE_DEVICES when set (indices or UUIDs), else the
 * indices nvidia-smi lists, else none (a machine without an NVIDIA driver).
 */
export function visibleGpus(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env.CUDA_VISIBLE_DEVICES;
  if (given !== undefined) return given.split(",").map((s) => s.trim()).filter((s) => s !== "" && s !== "-1");
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=index", "--format=csv,noheader"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] });
    return out.split("\n").map((s) => s.trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * The CUDA_VISIBLE_DEVICES value of each of `workers` servers, or null for CPU servers (no GPU
 * visible and none asked for). `gpus` is `--gpus`: a comma-separated list of the visible GPUs to
 * use (all visible ones when absent).
 * @throws Error, one line, when `gpus` is malformed or names a GPU that is not visible, or when
 * more servers are asked for than there are GPUs to give them.
 * @example assignGpus(2, "0,2", ["0", "1", "2", "3"]) // ["0", "2"]
 * @example assignGpus(2, undefined, []) // null
 */
export function assignGpus(workers: number, gpus: string | undefined, visible: readonly string[]): string[] | null {
  let ids: string[];
  if (gpus === undefined) {
    if (visible.length === 0) return null;
    ids = [...visible];
  } else {
    ids = gpus.split(",").map((s) => s.trim());
    if (ids.some((s) => !/^(\d+|GPU-[0-9a-fA-F-]+|MIG-[0-9a-zA-Z/-]+)$/.test(s))) throw new Error(`--gpus must be comma-separated GPU indices such as 0,2,3 (got "${gpus}")`);
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new Error(`--gpus names GPU ${id} twice`);
      seen.add(id);
    }
    // without a driver to ask (a CPU machine, a test), the list is taken as given
    const unknown = visible.length > 0 ? ids.filter((id) => !visible.includes(id)) : [];
    if (unknown.length > 0) throw new Error(`--gpus ${gpus}: GPU ${unknown.join(", ")} is not visible here (visible: ${visible.join(", ")})`);
  }
  if (workers > ids.length) {
    throw new Error(`--workers ${workers} asks for ${workers} student servers, one GPU each, and ${gpus !== undefined ? `--gpus gives ${ids.length}` : `this machine has ${ids.length} visible`} (${ids.join(", ")}); ask for at most ${ids.length} workers`);
  }
  return ids.slice(0, workers);
}
