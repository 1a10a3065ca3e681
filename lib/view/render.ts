/** A route to its page, wrapped in the page shell: what the server answers and the static export writes. */
import { page } from "./html.js";
import type { Route } from "./routes.js";
import { notFound, type Built, type ViewContext } from "./pages/context.js";
import { runsPage } from "./pages/runs.js";
import { runPage } from "./pages/run.js";
import { iterationPage } from "./pages/iteration.js";
import { examplePage } from "./pages/example.js";
import { searchPage } from "./pages/search.js";

export function build(ctx: ViewContext, route: Route): Built {
  switch (route.page) {
    case "runs":
      return runsPage(ctx, route.q ?? "", route.offset ?? 0);
    case "run":
      return runPage(ctx, route.run);
    case "iteration":
      return iterationPage(ctx, route.run, route.iteration, route.sort ?? "rank", route.dir ?? (route.sort === "score" || route.sort === "children" ? "desc" : "asc"), route.offset ?? 0);
    case "example":
      return examplePage(ctx, route.id, route.run);
    case "search":
      return searchPage(ctx, route.q, route.after ?? 0);
  }
}

export interface ShellOptions {
  /** Where pages load plotly.js from. */
  plotlySrc: string;
  /** The runs page's href, and the search form's action (none in a static export). */
  home: string;
  search?: string;
}

/** The whole HTML of a built page. */
export function shell(ctx: ViewContext, built: Built, options: ShellOptions): string {
  return page({
    title: built.title,
    store: ctx.data.name,
    home: options.home,
    ...(options.search !== undefined ? { search: options.search } : {}),
    ...(built.figures ? { plotlySrc: options.plotlySrc } : {}),
    static: ctx.static,
  }, built.body);
}

export { notFound };
