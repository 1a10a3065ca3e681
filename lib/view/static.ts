/**
 * The viewer's pages as files that open with no server (a paper's supplementary material, a CI
 * artefact): `index.html` (the runs), each run, each of its iterations, each seed it selected and
 * each child its teacher wrote, in one folder with one `plotly.min.js` beside them. Links point
 * at the files; a page that is not written (search, another run's view of a seed it never
 * selected) is not linked. Tables hold every row and sort and filter in the browser.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { plotlyBundle } from "../plots/html.js";
import { SHARED_PLOTLY } from "../plots/export.js";
import { ViewData } from "./queries.js";
import { staticFile, type Route } from "./routes.js";
import { build, shell } from "./render.js";
import type { ViewContext } from "./pages/context.js";

export interface StaticExportOptions {
  /** Only these runs (ids); default all. */
  runs?: readonly string[];
  /** Called after each page written (progress). */
  onPage?: (file: string, done: number, total: number) => void;
}

/** Every page reachable from the runs page, as routes (runs, iterations, selected seeds, their children). */
function reachable(data: ViewData, runs: readonly string[] | undefined): Route[] {
  const routes: Route[] = [{ page: "runs" }];
  const all = data.runs("", 0, 1_000_000).items.filter((r) => !runs || runs.includes(r.id));
  for (const run of all) {
    routes.push({ page: "run", run: run.id });
    const ts = new Set([...data.iterations(run.id).map((i) => i.iteration), ...data.selectedByKind(run.id).map((k) => k.iteration)]);
    for (const t of [...ts].filter((x) => x >= 1).sort((a, b) => a - b)) {
      routes.push({ page: "iteration", run: run.id, iteration: t });
      for (const s of data.selectionPage(run.id, t, "rank", "asc", 0, 1_000_000)) {
        routes.push({ page: "example", id: s.exampleId, run: run.id });
        for (const c of data.children(s.exampleId, run.id)) routes.push({ page: "example", id: c.id, run: run.id });
      }
    }
  }
  return routes;
}

/** Writes the pages of the store at `db` into `outDir`; returns the files written (pages, then plotly.min.js). */
export function exportStaticView(db: string, outDir: string, options: StaticExportOptions = {}): string[] {
  const data = new ViewData(db);
  try {
    if (options.runs) for (const r of options.runs) if (!data.run(r)) throw new Error(`unknown run "${r}"`);
    const routes = reachable(data, options.runs);
    const files = new Map<string, Route>();
    for (const r of routes) {
      const f = staticFile(r);
      if (f !== null && !files.has(f)) files.set(f, r);
    }
    const ctx: ViewContext = {
      data,
      static: true,
      ...(options.runs ? { only: new Set(options.runs) } : {}),
      link: (route) => {
        const f = staticFile(route);
        return f !== null && files.has(f) ? f : null;
      },
    };
    mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    let done = 0;
    for (const [file, route] of files) {
      const built = build(ctx, route);
      writeFileSync(join(outDir, file), shell(ctx, built, { plotlySrc: SHARED_PLOTLY, home: "index.html" }));
      written.push(join(outDir, file));
      options.onPage?.(file, ++done, files.size);
    }
    writeFileSync(join(outDir, SHARED_PLOTLY), plotlyBundle());
    written.push(join(outDir, SHARED_PLOTLY));
    return written;
  } finally {
    data.close();
  }
}
