/**
 * The one set-up cell of the worked notebooks (notebooks/): finds the notebook store and the
 * student checkpoints, opens the store, checks that the quick demo's runs are in it, and starts a
 * tiny student server on demand, stopped by `close()` in the notebook's last cell.
 *
 *   import { notebookSetup } from "activesynth";
 *   const nb = notebookSetup();                         // read-only, the demo runs required
 *   const student = await nb.student();                 // a StudentClient of a tiny server
 *   ...
 *   await nb.close();                                   // stops the server, closes the store
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { demoConfigs } from "../experiment/demo.js";
import type { RunConfig } from "../experiment/config.js";
import { selectRuns, type RunInfo } from "../figures/common.js";
import { methodOf } from "../results/curves.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/types.js";
import { StudentClient } from "../student/client.js";
import { startStudentServer, type StudentServerHandle, type StudentServerOptions } from "../student/spawn.js";

/** Where the notebooks find their store when ACTIVESYNTH_NOTEBOOK_DB is unset (relative to the working directory: notebooks/). */
export const NOTEBOOK_DB_DEFAULT = "../.activesynth/notebooks.sqlite";
/** Where the notebooks find the student checkpoints when ACTIVESYNTH_CHECKPOINTS is unset (relative to the working directory). */
export const NOTEBOOK_CHECKPOINTS_DEFAULT = "../.activesynth/checkpoints";

export interface NotebookSetupOptions {
  /** Open the store without writing (default true). Notebooks that run or score runs pass false. */
  readonly?: boolean;
  /**
   * Require the quick demo's runs, finished, in the store (default true); throws a
   * {@link MissingDemoRunsError} naming the command that makes them otherwise.
   */
  needDemoRuns?: boolean;
  /** The store file; default env ACTIVESYNTH_NOTEBOOK_DB, else {@link NOTEBOOK_DB_DEFAULT}. */
  db?: string;
  /** The checkpoint directory; default env ACTIVESYNTH_CHECKPOINTS, else {@link NOTEBOOK_CHECKPOINTS_DEFAULT}. */
  checkpointDir?: string;
}

/** What the set-up cell hands the notebook. Paths are for passing on, not for printing. */
export interface NotebookSetup {
  /** The notebook store, open (read-only unless asked otherwise). */
  readonly store: Store;
  /** The store file, absolute. */
  readonly dbPath: string;
  /** The student checkpoint directory, absolute (what `runPool`'s `server.checkpointDir` wants). */
  readonly checkpointDir: string;
  /** The quick demo's run configs, `demoConfigs({ quick: true })`: loss, random and static, seed 0. */
  readonly demoConfigs: RunConfig[];
  /** The quick demo's runs that the store holds finished, in the store's order (all of them when `needDemoRuns`). */
  readonly demoRuns: RunInfo[];
  /**
   * The demo run of a method ("loss", "random" or "static").
   * @throws {MissingDemoRunsError} when the store lacks it
   */
  demoRun(method: string): RunInfo;
  /**
   * The notebook's student: starts a tiny student server on the checkpoint directory at the first
   * call (a free port, 2 threads unless `threads` says otherwise) and returns a client of it; later
   * calls return the same client. `close()` stops the server; a call after it starts a new one.
   */
  student(options?: Pick<StudentServerOptions, "threads" | "startTimeoutMs">): Promise<StudentClient>;
  /** Stops the student server, if one runs (the next `student()` starts another). */
  stopStudent(): Promise<void>;
  /** Stops the student server and closes the store: the notebook's last cell. */
  close(): Promise<void>;
}

/** The command that builds the notebook store with the quick demo (as scripts/notebooks.sh runs it; its report goes next to the store). */
export function demoCommand(dbPath: string, checkpointDir: string): string {
  return `npx activesynth demo --quick --db "${dbPath}" --out "${join(dirname(dbPath), "notebooks-out")}" --checkpoint-dir "${checkpointDir}"`;
}

/** The notebook store lacks (some of) the quick demo's finished runs; the message says how to make them. */
export class MissingDemoRunsError extends Error {
  override readonly name = "MissingDemoRunsError";
  /** The command that makes the runs. */
  readonly command: string;
  constructor(readonly runs: readonly string[], readonly dbPath: string, checkpointDir: string, why?: string) {
    const command = demoCommand(dbPath, checkpointDir);
    super(
      `the notebook store ${dbPath} ${why ?? `lacks the quick demo's finished run(s) ${runs.join(", ")}`}. ` +
        `Make them with \`${command}\` (a few minutes on 2 cores), or from the repository with ` +
        "`bash scripts/test-notebooks.sh` or `npm run notebooks`, which run it; then run this cell again.",
    );
    this.command = command;
  }
}

/**
 * Opens the notebook store and checks the quick demo's runs are in it: the shared first cell of
 * every notebook in notebooks/. Paths come from `options`, else the environment
 * (ACTIVESYNTH_NOTEBOOK_DB, ACTIVESYNTH_CHECKPOINTS, as scripts/test-notebooks.sh and
 * scripts/notebooks.sh set them), else `../.activesynth/` next to the notebooks.
 * @throws {MissingDemoRunsError} when `needDemoRuns` (the default) and the store file or one of
 * the quick demo's finished runs is missing; also when the store is opened read-only and its file is missing
 *
 * Usage: const nb = notebookSetup({ readonly: false, needDemoRuns: false });
 */
export function notebookSetup(options: NotebookSetupOptions = {}): NotebookSetup {
  const readonly = options.readonly ?? true;
  const needDemoRuns = options.needDemoRuns ?? true;
  const dbPath = resolve(options.db ?? process.env.ACTIVESYNTH_NOTEBOOK_DB ?? NOTEBOOK_DB_DEFAULT);
  const checkpointDir = resolve(options.checkpointDir ?? process.env.ACTIVESYNTH_CHECKPOINTS ?? NOTEBOOK_CHECKPOINTS_DEFAULT);
  const configs = demoConfigs({ quick: true });
  const names = configs.map((c) => c.name);
  if ((readonly || needDemoRuns) && !existsSync(dbPath)) {
    throw new MissingDemoRunsError(names, dbPath, checkpointDir, "does not exist");
  }
  const store = openStore(dbPath, { readonly });
  let demoRuns: RunInfo[];
  try {
    const finished = names.filter((n) => store.getRun(n)?.status === "finished");
    if (needDemoRuns && finished.length < names.length) {
      throw new MissingDemoRunsError(names.filter((n) => !finished.includes(n)), dbPath, checkpointDir);
    }
    demoRuns = finished.length > 0 ? selectRuns(store, finished) : [];
  } catch (error) {
    store.close();
    throw error;
  }

  let server: Promise<{ handle: StudentServerHandle; client: StudentClient }> | null = null;
  let closed = false;
  const stopStudent = async () => {
    const running = server;
    server = null;
    if (running) await (await running.catch(() => null))?.handle.stop();
  };
  return {
    store,
    dbPath,
    checkpointDir,
    demoConfigs: configs,
    demoRuns,
    demoRun(method: string): RunInfo {
      const run = demoRuns.find((r) => r.method === method);
      if (!run) {
        const name = configs.find((c) => methodOf(c) === method)?.name ?? `the ${method} run`;
        throw new MissingDemoRunsError([name], dbPath, checkpointDir);
      }
      return run;
    },
    async student(opts = {}) {
      if (!server) {
        const starting = startStudentServer({ checkpointDir, threads: opts.threads ?? 2, ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}) })
          .then((handle) => ({ handle, client: new StudentClient({ baseURL: handle.url }) }));
        server = starting;
        // a failed start is not kept: the next call tries again
        starting.catch(() => { if (server === starting) server = null; });
      }
      return (await server).client;
    },
    stopStudent,
    async close() {
      await stopStudent();
      if (!closed) {
        closed = true;
        store.close();
      }
    },
  };
}
