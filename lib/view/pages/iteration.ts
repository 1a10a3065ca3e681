/**
 * One iteration of a run: the seeds it selected (score, rank, kind, what the teacher made of them,
 * whether the student answered them right before and after this iteration's training), sortable
 * and paged, next to the pool's scores under the checkpoint that chose them.
 */
import { methodOf } from "../../results/curves.js";
import { clip, figureDiv, html, int, num, pct, type Html } from "../html.js";
import { poolScoresFigure } from "../figures.js";
import { viewKey } from "../queries.js";
import type { Route, SortKey } from "../routes.js";
import { a, crumbs, gradeOf, kind, mark, notFound, pager, type Built, type ViewContext } from "./context.js";

const PAGE = 100;
const ALL = 1_000_000;

export function iterationPage(ctx: ViewContext, runId: string, t: number, sort: SortKey, dir: "asc" | "desc", offset: number): Built {
  const run = ctx.data.run(runId);
  if (!run) return notFound(`The store holds no run "${runId}".`);
  const total = ctx.data.selectionCount(run.id, t);
  const after = ctx.data.iteration(run.id, t);
  const before = ctx.data.iteration(run.id, t - 1);
  if (total === 0 && !after) return notFound(`Run "${run.id}" has no iteration ${t} (nothing selected or evaluated).`);
  const method = methodOf(run.config);
  const criterion = run.config.criterion;
  const limit = ctx.static ? ALL : PAGE;
  const seeds = ctx.data.selectionPage(run.id, t, sort, dir, offset, limit);
  const chooser = before?.model ?? null; // the checkpoint that scored the pool and chose these seeds
  const trained = after?.model ?? null;
  const view = ctx.data.studentView([chooser, trained].filter((m): m is string => m !== null), seeds.map((s) => s.exampleId));
  const answerMark = (model: string | null, s: (typeof seeds)[number]) => {
    if (model === null || !s.example) return mark(null);
    const answer = view.answers.get(viewKey(model, s.exampleId));
    return answer === undefined ? mark(null) : html`<span title="${answer}">${mark(gradeOf(s.example, answer))}</span>`;
  };
  const here = (o: Partial<Extract<Route, { page: "iteration" }>>): Route => ({ page: "iteration", run: run.id, iteration: t, sort, dir, ...o });
  const header = (key: SortKey | null, label: string, numeric = false): Html => {
    const cls = numeric ? "n" : "";
    if (key === null) return html`<th class="${cls}">${label}</th>`;
    if (ctx.static) return html`<th class="${cls}" data-sortable="1">${label}</th>`;
    const active = key === sort;
    const next = active && dir === "asc" ? "desc" : active ? "asc" : key === "score" || key === "children" ? "desc" : "asc";
    return html`<th class="${cls}${active ? " sorted" : ""}"${active ? html` data-dir="${dir === "asc" ? "▲" : "▼"}"` : ""}>${a(ctx, here({ sort: key, dir: next, offset: 0 }), label)}</th>`;
  };
  const rows = seeds.map((s) => html`<tr><td class="n" data-v="${s.rank}">${s.rank}</td>
<td>${a(ctx, { page: "example", id: s.exampleId, run: run.id }, s.exampleId)}</td>
<td data-v="${s.example?.kind ?? ""}">${kind(s.example?.kind)}</td><td class="n" data-v="${s.score ?? ""}">${num(s.score, 4)}</td>
<td><span class="text">${clip(s.example?.question ?? "(not in the store)")}</span></td>
<td class="n" data-v="${s.ok}">${s.ok} / ${s.generations}</td>
<td class="n">${answerMark(chooser, s)}</td><td class="n">${answerMark(trained, s)}</td></tr>`);
  // the pool's scores under the checkpoint that chose (active runs whose criterion stores scores)
  let figure: Html = html`<p class="muted">No pool scores: ${method === "static" || criterion === "random" ? `${method} selection scores no seed` : `no ${criterion} scores stored for the checkpoint that chose`}.</p>`;
  let drawn = false;
  if (chooser !== null && method !== "static" && ctx.data.hasScores(chooser, criterion)) {
    const pool = ctx.data.poolScores(chooser, criterion);
    figure = figureDiv("pool", poolScoresFigure(pool, ctx.data.selectedScores(run.id, t), { method, criterion, model: chooser }), { height: 380 });
    drawn = true;
  }
  const its = ctx.data.iterations(run.id).map((i) => i.iteration).filter((i) => i >= 1);
  const prev = its.filter((i) => i < t).at(-1);
  const next = its.find((i) => i > t);
  const body = html`${crumbs(ctx, [[{ page: "runs" }, "runs"], [{ page: "run", run: run.id }, run.id], `iteration ${t}`])}
<h1>${run.id}: iteration ${t}</h1>
<p>${prev !== undefined ? a(ctx, { page: "iteration", run: run.id, iteration: prev }, `‹ iteration ${prev}`) : ""} ${next !== undefined ? a(ctx, { page: "iteration", run: run.id, iteration: next }, `iteration ${next} ›`) : ""}</p>
<dl><dt>selected</dt><dd>${int(total)} seeds by ${method === "static" ? "static (uniform) selection" : `${criterion} (${run.config.selection ?? "top"})`}</dd>
<dt>chosen by</dt><dd><code>${chooser ?? "?"}</code> (iteration ${t - 1}: accuracy ${pct(before?.accuracy)})</dd>
<dt>trained</dt><dd><code>${trained ?? "not yet"}</code>${after ? html` (accuracy ${pct(after.accuracy)} after ${int(after.samples)} samples)` : ""}</dd></dl>
<div class="cols"><div>${figure}</div></div>
<h2>Selected seeds</h2>
<p class="muted">before: the student's answer under the checkpoint that chose the seed; after: under the one trained in this iteration (✓ right, ✗ wrong, – not stored). ${ctx.static ? "Click a header to sort." : "Headers sort."}</p>
${pager(ctx, offset, limit, total, (o) => here({ offset: o }))}
<table id="selected"><thead><tr>${header("rank", "rank", true)}${header("id", "seed")}${header("kind", "kind")}${header("score", `score (${criterion})`, true)}${header(null, "question")}${header("children", "children ok / tried", true)}${header(null, "before", true)}${header(null, "after", true)}</tr></thead>
<tbody>${rows}</tbody></table>
${pager(ctx, offset, limit, total, (o) => here({ offset: o }))}`;
  return { status: 200, title: `${run.id} iteration ${t}`, body, figures: drawn };
}
