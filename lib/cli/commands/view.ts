import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { startViewServer } from "../../view/server.js";
import { exportStaticView } from "../../view/static.js";

export const viewCommand: Command = {
  summary: "browse a store in a browser: runs, iterations, seeds, children (read-only)",
  usage: `usage: activesynth view --db FILE [--port N] [--host ADDR] [--open]
       activesynth view --db FILE --out DIR [--runs ID,ID]

Serves read-only pages over the store, from the runs down to one seed's children:
  /                            every run (method, status, spend against budget, final accuracy),
                               filtered by text, with their learning curves (a point opens an iteration)
  /run/RUN                     a run's iterations: accuracy, samples, spend, what was selected by kind
  /run/RUN/iteration/T         the seeds iteration T selected (score, rank, kind; sortable) next to the
                               pool's scores under the checkpoint that chose them
  /run/RUN/example/ID          a seed: question, gold answer, the student's answer and scores at each
                               checkpoint, the children the teacher wrote from it and the calls behind them
  /search?q=TEXT               questions containing TEXT
Ids are percent-encoded in the path; every page has its own URL to paste into a notebook.

The store is opened read-only: a running experiment can keep writing to it.

  --port N        port to listen on (default: a free one, printed)
  --host ADDR     address to bind (default 127.0.0.1: this machine only)
  --open          open the runs page in the browser (xdg-open or open), where there is one
  --out DIR       write the pages as files that open with no server (index.html, one page per run,
                  iteration, selected seed and child, and plotly.min.js); no search there
  --runs LIST     with --out: only these runs (ids, comma-separated)`,
  options: {
    db: { type: "string" }, port: { type: "string" }, host: { type: "string" }, open: { type: "boolean" },
    out: { type: "string" }, runs: { type: "string" },
  },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const out = values.out as string | undefined;
    const runs = (values.runs as string | undefined)?.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (out !== undefined) {
      if (values.port !== undefined || values.host !== undefined || values.open) throw new UsageError("--out writes files: --port, --host and --open serve pages; give one or the other");
      let files: string[];
      try {
        files = exportStaticView(db, out, runs && runs.length ? { runs } : {});
      } catch (error) {
        if (/^unknown run /.test((error as Error).message)) throw new UsageError(`--runs: ${(error as Error).message}`);
        throw storeProblem(error);
      }
      console.log(`wrote ${files.length - 1} page(s) and plotly.min.js to ${out}; open ${out}/index.html`);
      return 0;
    }
    if (runs !== undefined) throw new UsageError("--runs goes with --out (the server shows every run, filtered on its page)");
    const portText = values.port as string | undefined;
    const port = portText === undefined ? 0 : Number(portText);
    if (portText !== undefined && (!/^\d+$/.test(portText) || port > 65535)) throw new UsageError(`--port: expected a port number from 0 to 65535 (got "${portText}")`);
    const host = (values.host as string | undefined) ?? "127.0.0.1";
    let server;
    try {
      server = await startViewServer({ db, host, port });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === "EADDRINUSE") throw new UsageError(`--port: ${port} is in use on ${host}; give another, or leave --port out for a free one`);
      if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND") throw new UsageError(`--host: cannot bind ${host} (${e.code})`);
      throw storeProblem(error);
    }
    console.log(`activesynth view: ${server.url}/ (read-only view of ${db}; Ctrl-C stops it)`);
    if (values.open) openBrowser(`${server.url}/`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  },
};

/** A store the view cannot open read-only (written by a newer activesynth, or one that needs migrating) as a usage error naming --db. */
function storeProblem(error: unknown): unknown {
  const message = (error as Error).message ?? "";
  return /needs migrating|is newer than this activesynth|store file does not exist/.test(message) ? new UsageError(`--db: ${message}`) : error;
}

/** Opens `url` in the desktop's browser when there is one; says so when there is none. */
function openBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(opener, [url], { stdio: "ignore", detached: true });
  child.once("error", () => console.log(`activesynth view: no browser to open here (${opener} not found); open ${url} yourself`));
  child.unref();
}
