/** Search over the questions in the store (seeds, test items, synthetic samples), a page at a time. */
import { clip, html } from "../html.js";
import { a, kind, type Built, type ViewContext } from "./context.js";

const PAGE = 50;

export function searchPage(ctx: ViewContext, q: string, after: number): Built {
  const form = html`<form method="get" action="/search"><input type="search" name="q" value="${q}" size="50" placeholder="text in a question" aria-label="text in a question" autofocus> <button>search</button></form>`;
  if (q.trim() === "") return { status: 200, title: "Search", body: html`<h1>Search questions</h1>${form}` };
  const hits = ctx.data.search(q, after, PAGE + 1);
  const more = hits.length > PAGE;
  const shown = hits.slice(0, PAGE);
  const exact = after === 0 ? ctx.data.example(q.trim()) : null; // an id pasted in the box
  const rows = shown.map(({ example: e }) => html`<tr><td>${a(ctx, { page: "example", id: e.id, ...(e.runId ? { run: e.runId } : {}) }, e.id)}</td><td>${e.source}</td><td>${kind(e.kind)}</td>
<td>${e.runId ? a(ctx, { page: "run", run: e.runId }, e.runId) : ""}${e.iteration !== null ? ` t${e.iteration}` : ""}</td><td><span class="text">${clip(e.question, 160)}</span></td></tr>`);
  const next = more ? a(ctx, { page: "search", q, after: shown[shown.length - 1]!.rowid }, "next ›") : "";
  const body = html`<h1>Questions containing “${q}”</h1>${form}
${exact ? html`<p>The example with this id: ${a(ctx, { page: "example", id: exact.id, ...(exact.runId ? { run: exact.runId } : {}) }, exact.id)}</p>` : ""}
${shown.length ? html`<table id="hits"><thead><tr><th>example</th><th>source</th><th>kind</th><th>run</th><th>question</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No question contains it${after ? " after the ones shown" : ""}.</p>`}
<div class="pager">${after ? a(ctx, { page: "search", q }, "‹ first") : ""} ${next}</div>`;
  return { status: 200, title: `Search: ${q}`, body };
}
