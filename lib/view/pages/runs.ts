/** The first page: every run (a page of them, filtered by text) and their learning curves together. */
import { budgetLabel, type RunStatusEntry } from "../../results/status.js";
import { figureDiv, html, int, pct, usd } from "../html.js";
import { runCurvesFigure, type RunCurve } from "../figures.js";
import { a, pager, type Built, type ViewContext } from "./context.js";

const PAGE = 50;
/** A static export lists every run on its one page (it filters them in the browser). */
const ALL = 100_000;

export function runsPage(ctx: ViewContext, q: string, offset: number): Built {
  const limit = ctx.static ? ALL : PAGE;
  const page = ctx.data.runs(q, offset, limit);
  const items = ctx.only ? page.items.filter((r) => ctx.only!.has(r.id)) : page.items;
  const total = ctx.only ? items.length : page.total;
  const filter = ctx.static
    ? html`<p><input type="search" data-filter="runs" placeholder="filter runs" aria-label="filter runs"></p>`
    : html`<form method="get" action="/"><input type="search" name="q" value="${q}" placeholder="filter runs (name, method, status...)" aria-label="filter runs"> <button>filter</button>${q ? html` <a href="/">clear</a>` : ""}</form>`;
  const rows = items.map((r) => runRow(ctx, r));
  const curves: RunCurve[] = items.map((r) => ({
    runId: r.id,
    method: r.method,
    points: r.iterations.map((it) => ({
      iteration: it.iteration, samples: it.samples, accuracy: it.accuracy,
      href: ctx.link(it.iteration >= 1 ? { page: "iteration", run: r.id, iteration: it.iteration } : { page: "run", run: r.id }) ?? "",
    })),
  }));
  const drawn = curves.some((c) => c.points.length > 0);
  const body = html`<h1>Runs <span class="muted">(${total}${q ? html` matching “${q}”` : ""})</span></h1>
${filter}
${drawn ? figureDiv("curves", runCurvesFigure(curves, items.length < total ? "Test accuracy vs synthetic samples (the runs listed)" : undefined), { clickable: true, height: 440 }) : html`<p class="muted">No evaluated iteration yet.</p>`}
<p class="muted">A point opens that iteration of its run.</p>
${pager(ctx, offset, limit, total, (o) => ({ page: "runs", ...(q ? { q } : {}), offset: o }))}
<table id="runs"><thead><tr><th>run</th><th>method</th><th>task</th><th class="n">seed</th><th>status</th><th class="n">iterations</th><th class="n">samples</th><th>budget</th><th class="n">teacher tokens</th><th class="n">cost</th><th class="n">final accuracy</th></tr></thead>
<tbody>${rows}</tbody></table>
${pager(ctx, offset, limit, total, (o) => ({ page: "runs", ...(q ? { q } : {}), offset: o }))}`;
  return { status: 200, title: "Runs", body, figures: drawn };
}

function runRow(ctx: ViewContext, r: RunStatusEntry): ReturnType<typeof html> {
  const method = r.config.method === "static" ? "static" : `${r.config.method ?? "active"}: ${r.config.criterion ?? "?"}`;
  return html`<tr><td>${a(ctx, { page: "run", run: r.id }, r.id)}</td><td>${method}</td><td>${r.config.task ?? "?"}</td>
<td class="n">${r.config.seed ?? "?"}</td><td>${r.status}${r.error ? html` <span class="bad" title="${r.error}">!</span>` : ""}</td>
<td class="n">${r.iterationsDone}</td><td class="n">${int(r.samples)}${r.failed ? html` <span class="muted">(+${r.failed} failed)</span>` : ""}</td>
<td>${budgetLabel(r.config.budget)}</td><td class="n">${int(r.teacherTokens)}</td><td class="n">${usd(r.costUsd)}</td><td class="n">${pct(r.accuracy)}</td></tr>`;
}
