/**
 * One example: its question and gold answer; as a run saw it, the student's answer and scores at
 * each of the run's checkpoints; for a seed, the children the run's teacher wrote from it (question,
 * answer, the student's grade, their scores) and the failed attempts; for a synthetic sample, its
 * parent and the teacher calls behind it with their tokens and cost. Without a run, the runs that
 * selected it.
 */
import type { ExampleRow, GenerationRow, IterationRow, RunRow, TeacherCallRow } from "../../store/types.js";
import { html, int, num, usd, type Html } from "../html.js";
import { viewKey, type StudentView } from "../queries.js";
import { a, crumbs, gradeOf, kind, mark, notFound, type Built, type ViewContext } from "./context.js";

export function examplePage(ctx: ViewContext, id: string, runId: string | undefined): Built {
  const example = ctx.data.example(id);
  if (!example) return notFound(`The store holds no example "${id}".`);
  const contextRun = runId ?? example.runId ?? undefined;
  const run = contextRun === undefined ? null : ctx.data.run(contextRun);
  if (runId !== undefined && !run) return notFound(`The store holds no run "${runId}".`);
  const head = html`<h1>${example.source === "synthetic" ? "Synthetic sample" : example.source === "seed" ? "Seed" : `Example (${example.source})`} <code>${example.id}</code></h1>
<dl><dt>task</dt><dd>${example.task}</dd><dt>kind</dt><dd>${kind(example.kind)}</dd>
${example.source === "synthetic" ? html`<dt>written by</dt><dd>${example.runId ? a(ctx, { page: "run", run: example.runId }, example.runId) : "?"}, iteration ${example.iteration ?? "?"}, sample ${example.sampleIndex ?? "?"}</dd>
<dt>from the seed</dt><dd>${example.parentId ? a(ctx, { page: "example", id: example.parentId, ...(example.runId ? { run: example.runId } : {}) }, example.parentId) : "?"}</dd>` : ""}</dl>
<h2>Question</h2><pre id="question">${example.question}</pre>
<h2>Gold answer</h2><pre id="gold">${example.answer}</pre>`;
  if (!run) {
    const picks = ctx.data.selectionsOf(example.id);
    const rows = picks.map((p) => html`<tr><td>${a(ctx, { page: "example", id: example.id, run: p.runId }, p.runId)}</td><td class="n">${a(ctx, { page: "iteration", run: p.runId, iteration: p.iteration }, String(p.iteration))}</td><td class="n">${p.rank}</td><td class="n">${num(p.score, 4)}</td></tr>`);
    const body = html`${crumbs(ctx, [[{ page: "runs" }, "runs"], example.id])}${head}
<h2>Selected by</h2>${picks.length ? html`<table><thead><tr><th>run</th><th class="n">iteration</th><th class="n">rank</th><th class="n">score</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No run selected it.</p>`}`;
    return { status: 200, title: example.id, body };
  }
  const iterations = ctx.data.iterations(run.id);
  const models = iterations.map((i) => i.model);
  const children = example.source === "synthetic" ? [] : ctx.data.children(example.id, run.id);
  const view = ctx.data.studentView(models, [example.id, ...children.map((c) => c.id)]);
  const picks = ctx.data.selectionsOf(example.id).filter((p) => p.runId === run.id);
  const generations = example.source === "synthetic" ? [] : ctx.data.generationsFrom(run.id, example.id);
  const parts: Html[] = [checkpointsTable(example, iterations, view)];
  if (example.source !== "synthetic") {
    parts.push(html`<h2>Selected in this run</h2>${picks.length
      ? html`<p>${picks.map((p) => html`${a(ctx, { page: "iteration", run: run.id, iteration: p.iteration }, `iteration ${p.iteration}`)} (rank ${p.rank}, score ${num(p.score, 4)}) `)}</p>`
      : html`<p class="muted">Never selected by ${run.id}.</p>`}`);
    parts.push(childrenSection(ctx, run, children, generations, iterations, view));
  } else {
    const generation = ctx.data.generationsFrom(run.id, example.parentId ?? "").find((g) => g.iteration === example.iteration && g.sampleIndex === example.sampleIndex);
    if (generation) parts.push(html`<h2>Generation</h2><p>${generation.calls} teacher call(s), ${int(generation.promptTokens)} prompt + ${int(generation.completionTokens)} completion tokens, ${usd(generation.costUsd)}</p>`);
    parts.push(callsSection(ctx.data.teacherCalls(callKeys(example))));
  }
  const body = html`${crumbs(ctx, [[{ page: "runs" }, "runs"], [{ page: "run", run: run.id }, run.id], example.id])}${head}${parts}`;
  return { status: 200, title: example.id, body };
}

/** The teacher call keys a synthetic sample's meta names (question, then answer). */
function callKeys(e: ExampleRow): string[] {
  const keys = (e.meta as { keys?: unknown } | undefined)?.keys;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : [];
}

/** The student's answer, its grade and the scores at each checkpoint of the run that has any. */
function checkpointsTable(example: ExampleRow, iterations: IterationRow[], view: StudentView): Html {
  const criteria = [...new Set(iterations.flatMap((it) => [...(view.scores.get(viewKey(it.model, example.id))?.keys() ?? [])]))].sort();
  const rows = iterations.map((it) => {
    const answer = view.answers.get(viewKey(it.model, example.id));
    const scores = view.scores.get(viewKey(it.model, example.id));
    if (answer === undefined && !scores) return html``;
    return html`<tr><td class="n">${it.iteration}</td><td><code>${it.model}</code></td><td><span class="text">${answer ?? "–"}</span></td>
<td class="n">${answer === undefined ? mark(null) : mark(gradeOf(example, answer))}</td>${criteria.map((c) => html`<td class="n">${num(scores?.get(c), 4)}</td>`)}</tr>`;
  });
  const any = rows.some((r) => r.text !== "");
  return html`<h2>The student at each checkpoint</h2>
<p class="muted">Checkpoint t is the model trained in iteration t (t = 0: the base); a checkpoint answers and scores the pool when it chooses the next iteration's seeds.</p>
${any ? html`<table id="checkpoints"><thead><tr><th class="n">t</th><th>checkpoint</th><th>answer</th><th class="n">right</th>${criteria.map((c) => html`<th class="n">${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No checkpoint of this run stored an answer or a score for it.</p>`}`;
}

/** The children the run's teacher wrote from a seed, by iteration, and the attempts that failed. */
function childrenSection(ctx: ViewContext, run: RunRow, children: ExampleRow[], generations: GenerationRow[], iterations: IterationRow[], view: StudentView): Html {
  const failed = generations.filter((g) => g.status === "failed");
  if (children.length === 0 && failed.length === 0) return html`<h2>Children</h2><p class="muted">The teacher wrote nothing from it in this run.</p>`;
  const modelAt = new Map(iterations.map((i) => [i.iteration, i.model]));
  const attempt = new Map(generations.map((g) => [`${g.iteration}/${g.sampleIndex}`, g]));
  const criteria = [...new Set(children.flatMap((c) => [...(view.scores.get(viewKey(modelAt.get((c.iteration ?? 1) - 1) ?? "", c.id))?.keys() ?? [])]))].sort();
  const rows = children.map((c) => {
    // the checkpoint that chose the seed (the previous iteration's) answers and scores its children
    const chooser = modelAt.get((c.iteration ?? 1) - 1) ?? "";
    const answer = view.answers.get(viewKey(chooser, c.id));
    const scores = view.scores.get(viewKey(chooser, c.id));
    const g = attempt.get(`${c.iteration}/${c.sampleIndex}`);
    return html`<tr><td class="n">${c.iteration ?? "?"}</td><td class="n">${a(ctx, { page: "example", id: c.id, run: run.id }, String(c.sampleIndex ?? "?"))}</td><td>${kind(c.kind)}</td>
<td><span class="text">${c.question}</span></td><td><span class="text">${c.answer}</span></td>
<td><span class="text">${answer ?? "–"}</span></td><td class="n">${answer === undefined ? mark(null) : mark(gradeOf(c, answer))}</td>
${criteria.map((k) => html`<td class="n">${num(scores?.get(k), 4)}</td>`)}
<td class="n">${g ? html`${g.calls} · ${int(g.promptTokens + g.completionTokens)} · ${usd(g.costUsd)}` : "–"}</td></tr>`;
  });
  const failedRows = failed.map((g) => html`<tr><td class="n">${g.iteration}</td><td class="n">${g.sampleIndex}</td><td>${g.reason ?? "failed"}</td><td class="n">${g.calls}</td><td class="n">${int(g.promptTokens + g.completionTokens)}</td><td class="n">${usd(g.costUsd)}</td></tr>`);
  return html`<h2>Children <span class="muted">(${children.length}${failed.length ? `, ${failed.length} failed` : ""})</span></h2>
<p class="muted">What the teacher wrote from this seed. The student's answer, its grade (✓ right, ✗ wrong) and the scores are the checkpoint's that chose the seed, before it trained on them; the teacher's calls, tokens and cost are the generation's (a sample opens its calls).</p>
${children.length ? html`<table id="children"><thead><tr><th class="n">t</th><th class="n">sample</th><th>kind</th><th>question</th><th>teacher's answer</th><th>student's answer</th><th class="n">right</th>${criteria.map((k) => html`<th class="n">${k}</th>`)}<th class="n">calls · tokens · cost</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
${failed.length ? html`<h3>Failed attempts</h3><table><thead><tr><th class="n">iteration</th><th class="n">sample</th><th>reason</th><th class="n">calls</th><th class="n">tokens</th><th class="n">cost</th></tr></thead><tbody>${failedRows}</tbody></table>` : ""}`;
}

/** The teacher calls behind a sample: what was asked and answered, with tokens, cost and latency. */
function callsSection(calls: TeacherCallRow[]): Html {
  if (calls.length === 0) return html`<h2>Teacher calls</h2><p class="muted">No stored call (a procedural teacher writes without one).</p>`;
  const rows = calls.map((c) => {
    const req = c.request as { templateVersion?: string; body?: { messages?: Array<{ role?: string; content?: string }> } } | null;
    const res = c.response as { choices?: Array<{ message?: { content?: string } }> } | null;
    const messages = req?.body?.messages ?? [];
    const reply = res?.choices?.[0]?.message?.content ?? "";
    return html`<tr><td>${req?.templateVersion ?? c.purpose ?? "?"}</td><td>${c.model}</td><td>${c.status}${c.error ? html` <span class="bad">${c.error}</span>` : ""}</td>
<td class="n">${int(c.promptTokens)}</td><td class="n">${int(c.completionTokens)}</td><td class="n">${usd(c.costUsd)}</td><td class="n">${int(c.latencyMs)} ms</td></tr>
<tr><td colspan="7"><details><summary>prompt and reply</summary>${messages.map((m) => html`<b>${m.role ?? "?"}</b><pre>${m.content ?? ""}</pre>`)}<b>reply</b><pre>${reply}</pre></details></td></tr>`;
  });
  return html`<h2>Teacher calls</h2><table id="calls"><thead><tr><th>template</th><th>model</th><th>status</th><th class="n">prompt tokens</th><th class="n">completion tokens</th><th class="n">cost</th><th class="n">latency</th></tr></thead><tbody>${rows}</tbody></table>`;
}
