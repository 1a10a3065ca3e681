import { spawn, type ChildProcess } from "node:child_process";
import { fromRoot } from "../../lib/util/paths.js";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Path of the `activesynth` command (bin/activesynth.js). */
export const CLI = fromRoot("bin", "activesynth.js");

/**
 * Starts `node bin/activesynth.js ...args` in its own process group (detached), so that
 * `killGroup` also reaches the student server it starts. Output is collected.
 */
export function spawnCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? fromRoot(),
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the command to its end. */
export function runCliProcess(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/** SIGKILLs a detached child's whole process group (the CLI and the server it started); no error when gone. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
