import { startStudentServer, type StudentServerHandle, type StudentServerOptions } from "../../lib/student/spawn.js";
import { tempDir } from "./temp-dir.js";

export interface TinyServer {
  url: string;
  checkpointDir: string;
  handle: StudentServerHandle;
  /** Stops the server and removes its checkpoint directory. */
  stop(): Promise<void>;
}

/**
 * Starts the real tiny student server (one CPU thread) on a free port with a fresh checkpoint
 * directory. Use in a `before` hook and stop it in `after`.
 */
export async function startTinyServer(options: Omit<StudentServerOptions, "checkpointDir"> = {}): Promise<TinyServer> {
  const tmp = tempDir("activesynth-ckpt-");
  try {
    const handle = await startStudentServer({ threads: 1, ...options, checkpointDir: tmp.dir });
    return {
      url: handle.url,
      checkpointDir: tmp.dir,
      handle,
      async stop() {
        await handle.stop();
        tmp.cleanup();
      },
    };
  } catch (error) {
    tmp.cleanup();
    throw error;
  }
}
