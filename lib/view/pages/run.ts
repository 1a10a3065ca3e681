/** One run: what it is, its curve, what each iteration selected by kind, and its iterations. */
import { budgetLabel } from "../../results/status.js";
import { figureDiv, html, int, pct, usd } from "../html.js";
import { runCurvesFigure, runSelectionsFigure } from "../figures.js";
import { a, crumbs, kind, notFound, type Built, type ViewContext } from "./context.js";

export function runPage(ctx: ViewContext, runId: string): Built {
  const run = ctx.data.run(runId);
  if (!run) return notFound(`The store holds no run "${runId}".`);
  const s = ctx.data.status(run);
  const iterations = ctx.data.iterations(run.id);
  const byKind = ctx.data.selectedByKind(run.id);
  const generations = ctx.data.generationsByIteration(run.id);
  const iterationRoute = (t: number) => ({ page: "iteration" as const, run: run.id, iteration: t });
  const selectedIn = (t: number) => byKind.filter((k) => k.iteration === t);
  // iterations that selected (t >= 1) but have no evaluation yet still get a row
  const ts = [...new Set([...iterations.map((i) => i.iteration), ...byKind.map((k) => k.iteration)])].sort((x, y) => x - y);
  const rows = ts.map((t) => {
    const it = iterations.find((i) => i.iteration === t);
    const g = generations.get(t);
    const picked = selectedIn(t);
    const total = picked.reduce((n, k) => n + k.count, 0);
    return html`<tr><td class="n">${t >= 1 ? a(ctx, iterationRoute(t), String(t)) : "0 (base)"}</td>
<td class="n">${it ? int(it.samples) : "–"}</td><td class="n">${it ? pct(it.accuracy) : "–"}</td>
<td class="n">${it ? int(it.teacherTokens) : "–"}</td><td class="n">${it ? usd(it.costUsd) : "–"}</td>
<td class="n">${total || "–"}</td><td>${picked.map((k) => html`${kind(k.kind)} ${k.count} `)}</td>
<td class="n">${g ? html`${int(g.ok)} / ${int(g.attempts)}` : "–"}</td><td><code>${it?.model ?? ""}</code></td></tr>`;
  });
  const c = s.config;
  const points = iterations.map((it) => ({ iteration: it.iteration, samples: it.samples, accuracy: it.accuracy, href: ctx.link(it.iteration >= 1 ? iterationRoute(it.iteration) : { page: "run", run: run.id }) ?? "" }));
  const figures = html`<div class="cols">
<div>${points.length ? figureDiv("curve", runCurvesFigure([{ runId: run.id, method: s.method, points }], "Test accuracy"), { clickable: true, height: 360 }) : html`<p class="muted">Not evaluated yet.</p>`}</div>
<div>${byKind.length ? figureDiv("selections", runSelectionsFigure(byKind, (t) => ctx.link(iterationRoute(t)) ?? "", "Seeds selected per iteration, by kind"), { clickable: true, height: 360 }) : html`<p class="muted">Nothing selected yet.</p>`}</div>
</div>`;
  const body = html`${crumbs(ctx, [[{ page: "runs" }, "runs"], run.id])}
<h1>Run ${run.id}</h1>
<dl><dt>method</dt><dd>${c.method === "static" ? "static" : `active, criterion ${c.criterion ?? "?"}`}</dd>
<dt>task</dt><dd>${c.task ?? "?"}</dd><dt>student</dt><dd>${c.baseModel ?? "?"}</dd><dt>teacher</dt><dd>${c.teacher ?? "?"}</dd>
<dt>seed</dt><dd>${c.seed ?? "?"}</dd><dt>per iteration</dt><dd>${c.perIteration ?? "?"} seeds × ${c.samplesPerSeed ?? 1} samples</dd>
<dt>status</dt><dd>${s.status}${s.error ? html` <span class="bad">${s.error}</span>` : ""}</dd>
<dt>spent</dt><dd>${int(s.samples)} samples (${int(s.failed)} failed), ${int(s.teacherTokens)} teacher tokens, ${usd(s.costUsd)}; budget ${budgetLabel(c.budget)}</dd>
<dt>final accuracy</dt><dd>${pct(s.accuracy)}</dd></dl>
${figures}
<h2>Iterations</h2>
<p class="muted">Accuracy, samples, tokens and cost are after training in that iteration (cumulative); t = 0 is the base model. An iteration opens what it selected.</p>
<table id="iterations"><thead><tr><th class="n">t</th><th class="n">samples</th><th class="n">accuracy</th><th class="n">teacher tokens</th><th class="n">cost</th><th class="n">selected</th><th>by kind</th><th class="n">generated ok / tried</th><th>checkpoint</th></tr></thead>
<tbody>${rows}</tbody></table>
<details><summary>config</summary><pre>${JSON.stringify(run.config, null, 2)}</pre></details>`;
  return { status: 200, title: `Run ${run.id}`, body, figures: points.length > 0 || byKind.length > 0 };
}
