/**
 * Rich output in tslab notebooks: figures, tables, markdown and progress that updates in place.
 * The only importer of tslab, loaded lazily at the first display, so the library works outside a
 * kernel (there every helper prints plain text to stdout instead).
 *
 *   import { showFigure, showTable, loopProgress } from "activesynth";
 *   await showFigure(learningCurvesFigure(series));
 */
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "../plots/types.js";
import type { LoopEvent, LoopListener } from "../loop/events.js";
import { plotlyBundle } from "../plots/html.js";
import { exportFigures, chromiumPath } from "../plots/export.js";
import {
  figureBundle, markdownBundle, progressBundle, progressText, tableBundle,
  type MimeBundle, type ProgressState, type TableOptions,
} from "./bundles.js";

type WriteDisplayData = (content: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } }, update?: boolean) => void;

let tslabJupyter: { lastWriteDisplayData: WriteDisplayData | null } | null | undefined;

/** tslab's display writer of the cell being executed when this process is a tslab kernel, else null. */
function writer(): WriteDisplayData | null {
  if (tslabJupyter === undefined) {
    try {
      // the running kernel's own module instance: tslab is CommonJS and the require cache is shared
      // only when the kernel has loaded it already: outside a kernel tslab (and zeromq) never load
      const require = createRequire(import.meta.url);
      const path = require.resolve("tslab/dist/jupyter.js");
      tslabJupyter = require.cache[path] ? (require(path) as { lastWriteDisplayData: WriteDisplayData | null }) : null;
    } catch {
      tslabJupyter = null;
    }
  }
  // tslab sets a new writer for each executed cell
  return tslabJupyter?.lastWriteDisplayData ?? null;
}

/** True inside a running tslab kernel (rich output), false elsewhere (plain text on stdout). */
export function inKernel(): boolean {
  return writer() !== null;
}

/**
 * Displays a mime bundle in the current cell; with `displayId`, a later call with the same id and
 * `update: true` replaces it in place. Outside a kernel prints its text/plain part.
 */
export function showBundle(bundle: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const write = writer();
  if (!write) {
    if (!options.update) console.log(String(bundle["text/plain"] ?? ""));
    return;
  }
  write({ data: bundle, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
}

export interface ShowFigureOptions {
  width?: number;
  height?: number;
  /**
   * A static PNG inside the HTML fallback, for viewers that run no scripts (GitHub), rendered by
   * headless Chromium (about 1-2 s). Default: env ACTIVESYNTH_NOTEBOOK_STATIC ("png" or "none"),
   * else "png" when Chromium is installed.
   */
  static?: "png" | "none";
}

let plotlyShipped = false;
let figureCount = 0;

/** Where the HTML fallback gets plotly.js: env ACTIVESYNTH_NOTEBOOK_PLOTLY, "inline" (default) or "none". */
function plotlyMode(): "inline" | "none" {
  return process.env.ACTIVESYNTH_NOTEBOOK_PLOTLY === "none" ? "none" : "inline";
}

async function staticPng(figure: Figure, width: number, height: number): Promise<Uint8Array | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-fig-"));
  try {
    const [file] = await exportFigures([{ name: "figure", figure }], dir, { formats: ["png"], width, height });
    return readFileSync(file!.path);
  } catch (error) {
    console.error(`showFigure: no static PNG (${(error as Error).message.split("\n")[0]})`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Displays a plotly figure as a mime bundle (see `figureBundle`): interactive where the frontend
 * renders plotly, an HTML fallback elsewhere. plotly.js is inlined once per kernel (the first
 * figure of a notebook) unless ACTIVESYNTH_NOTEBOOK_PLOTLY=none. Outside a kernel prints a line.
 *
 * Usage: await showFigure(learningCurvesFigure(series), { height: 420 })
 */
export async function showFigure(figure: Figure, options: ShowFigureOptions = {}): Promise<void> {
  const width = options.width ?? 900;
  const height = options.height ?? 500;
  if (!inKernel()) {
    showBundle(figureBundle(figure));
    return;
  }
  const mode = options.static ?? (process.env.ACTIVESYNTH_NOTEBOOK_STATIC === "none" ? "none" : process.env.ACTIVESYNTH_NOTEBOOK_STATIC === "png" || existsSync(chromiumPath()) ? "png" : "none");
  const png = mode === "png" ? await staticPng(figure, width, height) : undefined;
  const inline = plotlyMode() === "inline" && !plotlyShipped;
  if (inline) plotlyShipped = true;
  figureCount += 1;
  showBundle(figureBundle(figure, { width, height, ...(png !== undefined ? { png } : {}), ...(inline ? { plotlySource: plotlyBundle() } : {}), id: `activesynth-fig-${figureCount}` }));
}

/** Displays rows (objects) or an HTML table string (e.g. `frameHtml(df)`); see `tableBundle`. */
export function showTable(rows: ReadonlyArray<object> | string, options: TableOptions = {}): void {
  showBundle(tableBundle(rows, options));
}

/** Displays markdown (computed prose: numbers from the run, phrased on them). */
export function showMarkdown(md: string): void {
  showBundle(markdownBundle(md));
}

/** A progress display that updates in place. */
export interface Progress {
  /** Sets the counts and note; redraws at most every `intervalMs` (the last state always shows at `finish`). */
  update(done?: number, total?: number, note?: string): void;
  /** Draws the final state, marked done. */
  finish(note?: string): void;
}

let progressCount = 0;

/**
 * A progress line under the current cell, updated in place (a display id with
 * update_display_data), so long cells show where they are. Outside a kernel prints only the final
 * line. Redraws are throttled to one per `intervalMs` (default 300).
 *
 * Usage: const p = progress("scoring"); for (...) p.update(i, n); p.finish();
 */
export function progress(label: string, options: { intervalMs?: number } = {}): Progress {
  const interval = options.intervalMs ?? 300;
  const displayId = `activesynth-progress-${process.pid}-${++progressCount}`;
  const state: ProgressState = { label };
  let shown = false;
  let last = 0;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && shown && now - last < interval) return;
    last = now;
    if (!inKernel()) return;
    showBundle(progressBundle(state), { displayId, update: shown });
    shown = true;
  };
  return {
    update(done, total, note) {
      if (done !== undefined) state.done = done;
      if (total !== undefined) state.total = total;
      if (note !== undefined) state.note = note;
      draw(false);
    },
    finish(note) {
      if (note !== undefined) state.note = note;
      state.finished = true;
      if (inKernel()) draw(true);
      else console.log(progressText(state));
    },
  };
}

/**
 * A LoopListener (for runPool/runExperiment's `onEvent`) that shows one in-place progress line
 * per run: the current iteration and step, then the accuracy after each iteration. Log events
 * are ignored unless `logs` is set.
 *
 * Usage: await runPool(configs, { store, parts, onEvent: loopProgress() })
 */
export function loopProgress(options: { logs?: boolean } = {}): LoopListener {
  const bars = new Map<string, { bar: Progress; iterations: number; last: string }>();
  const get = (runId: string) => {
    let entry = bars.get(runId);
    if (!entry) bars.set(runId, (entry = { bar: progress(runId), iterations: 0, last: "" }));
    return entry;
  };
  return (event: LoopEvent) => {
    switch (event.type) {
      case "run-start": {
        const entry = get(event.runId);
        entry.iterations = event.iterations;
        entry.bar.update(event.resumedFrom, event.iterations, event.resumedFrom > 0 ? `resumed at iteration ${event.resumedFrom}` : "starting");
        break;
      }
      case "step": {
        const entry = get(event.runId);
        const counts = event.done !== undefined && event.total !== undefined ? ` ${event.done}/${event.total}` : "";
        entry.bar.update(undefined, undefined, `${entry.last}iteration ${event.iteration}: ${event.step}${counts}`);
        break;
      }
      case "iteration-end": {
        const entry = get(event.runId);
        entry.last = `acc ${(event.accuracy * 100).toFixed(1)}% at ${event.samples} samples${event.cached ? " (cached)" : ""}; `;
        entry.bar.update(event.iteration + 1, entry.iterations || undefined, entry.last);
        break;
      }
      case "run-end":
        get(event.runId).bar.finish(`${get(event.runId).last}${event.cached ? "read from the store" : "finished"}`);
        break;
      case "log":
        if (options.logs) console.log(`${event.runId}: ${event.message}`);
        break;
    }
  };
}
