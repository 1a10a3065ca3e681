/** What every page builder gets (the store and how to link), what it returns, and the bits pages share. */
import type { ExampleRow } from "../../store/types.js";
import { getTask } from "../../tasks/registry.js";
import { kindColor } from "../../plots/palette.js";
import type { ViewData } from "../queries.js";
import type { Route } from "../routes.js";
import { html, raw, type Html } from "../html.js";

export interface ViewContext {
  data: ViewData;
  /** The href of a page, or null when it is not there (a static export writes no search page). */
  link(route: Route): string | null;
  /** A static export: every row on one page, tables sort and filter in the browser. */
  static: boolean;
  /** The runs a static export was asked for (the runs page lists only these); all when absent. */
  only?: ReadonlySet<string>;
}

/** A built page: its status (404 for what the store does not hold), title and body. */
export interface Built {
  status: number;
  title: string;
  body: Html;
  /** The page draws figures (then it loads plotly.js). */
  figures?: boolean;
}

/** A link to a page, or the bare text where the page is not there. */
export function a(ctx: ViewContext, route: Route, text: string | Html, attrs: Html | string = ""): Html {
  const href = ctx.link(route);
  return href === null ? html`${text}` : html`<a href="${href}"${attrs ? raw(" ") : ""}${attrs}>${text}</a>`;
}

/** The trail of pages above this one. */
export function crumbs(ctx: ViewContext, trail: Array<[Route, string] | string>): Html {
  const parts = trail.map((t) => (typeof t === "string" ? html`<span>${t}</span>` : a(ctx, t[0], t[1])));
  return html`<nav class="crumbs">${parts.map((p, i) => (i ? html` › ${p}` : p))}</nav>`;
}

export function notFound(what: string): Built {
  return { status: 404, title: "Not found", body: html`<h1>Not found</h1><p>${what}</p><p><a href="/">All runs</a></p>` };
}

/** A square in the kind's colour (palette.ts) before its name. */
export function kind(name: string | undefined): Html {
  const k = name ?? "(none)";
  return html`<span class="kn"><span class="kind" style="background:${kindColor(k)}"></span>${k}</span>`;
}

/** Whether an answer is right for the example, by the task's grader (null when it cannot be graded). */
export function gradeOf(example: ExampleRow, answer: string): boolean | null {
  try {
    return getTask(example.task).grade(answer, example).correct;
  } catch {
    return null;
  }
}

/** ✓ right, ✗ wrong, – not answered (or not gradable). */
export function mark(correct: boolean | null | undefined): Html {
  if (correct === true) return html`<span class="ok" title="right">✓</span>`;
  if (correct === false) return html`<span class="bad" title="wrong">✗</span>`;
  return html`<span class="muted" title="no stored answer">–</span>`;
}

/** Previous and next links of a paged list. */
export function pager(ctx: ViewContext, offset: number, limit: number, total: number, at: (offset: number) => Route): Html {
  if (total <= limit) return html``;
  const prev = offset > 0 ? a(ctx, at(Math.max(0, offset - limit)), "‹ previous") : "";
  const next = offset + limit < total ? a(ctx, at(offset + limit), "next ›") : "";
  return html`<div class="pager">${prev} ${next} <span class="muted">${offset + 1}–${Math.min(total, offset + limit)} of ${total}</span></div>`;
}
