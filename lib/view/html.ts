/**
 * HTML for the store viewer, escaped by construction: `html` is a tagged template whose every
 * interpolated value is escaped unless it is already `Html` (built by `html` itself, or `raw` for
 * markup this module writes). A question holding `<script>` or `<img onerror=...>` from a store
 * therefore always shows as text. JSON put in a `<script>` goes through `scriptJson`.
 *
 *   html`<td>${example.question}</td>`          // escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 */
import { escapeHtml } from "../notebook/bundles.js";
import type { Figure } from "../plots/types.js";

/** Markup that is safe to put in a page as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Markup written by this module's callers from constants (never text from a store). */
export const raw = (text: string): Html => new Html(text);

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function render(value: Part): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return (value as readonly Part[]).map(render).join("");
  return escapeHtml(String(value));
}

/** The tagged template: interpolations are escaped (arrays joined, null/undefined/false empty). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** JSON that is safe inside a `<script>` element (no `</script>` can close it early). */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/**
 * Text from a store as plotly shows it: plotly reads a few HTML tags and entities in trace names
 * and titles, so `<`, `>` and `&` go in as entities and show as typed.
 */
export const plotlyText = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A number with fixed decimals, "–" for null, NaN and infinities. */
export function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

/** A fraction as a percentage with one decimal ("–" when absent). */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : `${(100 * value).toFixed(1)}%`;
}

/** Dollars: 4 decimals below one cent, else 2. */
export function usd(value: number): string {
  return value === 0 ? "$0" : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** An integer with thousands separators. */
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");

/** Text cut to `n` characters with an ellipsis (for table cells; the full text is on the example's page). */
export const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A plotly figure in a div, drawn by the page's plotly.js. With `clickable`, a click on a point
 * whose `customdata` is a link follows it (the learning curves open a run's iteration).
 */
export function figureDiv(id: string, figure: Figure, options: { height?: number; clickable?: boolean } = {}): Html {
  const height = options.height ?? 420;
  const click = options.clickable
    ? `el.on("plotly_click", function (e) { var p = e.points && e.points[0]; if (p && typeof p.customdata === "string") location.href = p.customdata; });`
    : "";
  return raw(`<div id="${id}" class="figure" style="height:${height}px"></div>
<script>(function () { var el = document.getElementById("${id}"); if (!window.Plotly) { el.textContent = "plotly.js did not load"; return; }
Plotly.newPlot(el, ${scriptJson(figure.data)}, ${scriptJson(figure.layout)}, {responsive: true, displaylogo: false}).then(function () { ${click} el.setAttribute("data-drawn", "1"); }); })();</script>`);
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2933; background: #fff; }
header { background: #243b53; color: #fff; padding: 8px 20px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; } header .store { opacity: .75; font-size: 13px; }
header form { margin-left: auto; } header input { padding: 3px 6px; width: 240px; }
main { padding: 12px 20px 40px; max-width: 1280px; }
nav.crumbs { font-size: 14px; margin: 4px 0 10px; color: #52606d; }
h1 { font-size: 22px; margin: 6px 0 12px; } h2 { font-size: 17px; margin: 22px 0 8px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f7fa; white-space: nowrap; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th a { color: inherit; } th.sorted::after { content: attr(data-dir); color: #829ab1; padding-left: 3px; }
th[data-sortable] { cursor: pointer; }
pre, .text { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: #f5f7fa; padding: 6px 8px; margin: 4px 0; border-radius: 4px; }
td .text { background: none; padding: 0; margin: 0; }
.ok { color: #18794e; font-weight: 600; } .bad { color: #c62828; font-weight: 600; } .muted { color: #7b8794; }
.kn { white-space: nowrap; } .kind { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
.figure { width: 100%; max-width: 1000px; } .pager { margin: 8px 0; font-size: 14px; } .pager a { margin-right: 12px; }
.cols { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; } .cols > div { flex: 1 1 460px; min-width: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; font-size: 14px; margin: 6px 0; } dt { color: #52606d; } dd { margin: 0; }
details { margin: 4px 0; } summary { cursor: pointer; }
.child { border: 1px solid #e4e7eb; border-radius: 6px; padding: 8px 10px; margin: 8px 0; } .child h3 { font-size: 14px; margin: 0 0 4px; }
`;

/** Client-side helpers for exported pages (no server): filter a table's rows by text, sort a table by a column. */
const STATIC_SCRIPT = `
document.querySelectorAll("input[data-filter]").forEach(function (input) {
  var rows = document.querySelectorAll("#" + input.getAttribute("data-filter") + " tbody tr");
  input.addEventListener("input", function () { var q = input.value.toLowerCase(); rows.forEach(function (r) { r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none"; }); });
});
document.querySelectorAll("th[data-sortable]").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], i = Array.prototype.indexOf.call(th.parentNode.children, th);
    var dir = th.getAttribute("data-dir") === "▲" ? -1 : 1;
    table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted"); h.removeAttribute("data-dir"); });
    th.classList.add("sorted"); th.setAttribute("data-dir", dir > 0 ? "▲" : "▼");
    var key = function (r) { var c = r.children[i]; var v = c.getAttribute("data-v"); if (v === null) v = c.textContent; var x = parseFloat(v); return isNaN(x) ? v : x; };
    Array.prototype.slice.call(body.rows).sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; }).forEach(function (r) { body.appendChild(r); });
  });
});`;

export interface PageOptions {
  title: string;
  /** The store's file name, shown in the header. */
  store: string;
  /** Where plotly.js is loaded from; absent on pages without figures. */
  plotlySrc?: string;
  /** Link to the runs page and the search form's action (absent in a static export: no search there). */
  home: string;
  search?: string;
  /** Whether the page is a file of a static export (then tables filter and sort in the browser). */
  static: boolean;
}

/** A whole page: header with the store's name and the search box, then `body`. */
export function page(options: PageOptions, body: Html): string {
  const plotly = options.plotlySrc !== undefined ? html`<script src="${options.plotlySrc}"></script>` : "";
  const search = options.search !== undefined
    ? html`<form action="${options.search}" method="get" role="search"><input type="search" name="q" placeholder="search questions" aria-label="search questions"></form>`
    : "";
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · activesynth view</title>
<style>${raw(STYLE)}</style>
${plotly}</head>
<body>
<header><a href="${options.home}"><b>activesynth view</b></a><span class="store">${options.store}</span>${search}</header>
<main>
${body}
</main>
${options.static ? raw(`<script>${STATIC_SCRIPT}</script>`) : ""}
</body></html>
`.text;
}
