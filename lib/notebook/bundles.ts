import type { Figure } from "../plots/types.js";

/** A Jupyter mime bundle: mime type -> content (strings, or JSON for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** The mime type JupyterLab, VS Code and nteract render as an interactive plotly figure. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface FigureBundleOptions {
  /** Width and height in CSS pixels of the HTML fallback (the plotly renderer sizes itself). Defaults 900 x 500. */
  width?: number;
  height?: number;
  /** plotly.js source to inline in the HTML fallback (once per notebook); absent: the fallback draws only where Plotly is already loaded. */
  plotlySource?: string;
  /** A static PNG of the figure, shown by the HTML fallback until (or instead of) the interactive figure. */
  png?: Uint8Array;
  /** The element id of the HTML fallback's div. Default "activesynth-fig". */
  id?: string;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The figure's title as plain text ("" when it has none). */
export function figureTitle(figure: Figure): string {
  const title = (figure.layout as { title?: unknown }).title;
  const text = typeof title === "string" ? title : (title as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text.replace(/<[^>]*>/g, "") : "";
}

/**
 * The mime bundle of a plotly figure: `application/vnd.plotly.v1+json` ({data, layout}) for
 * frontends with a plotly renderer, `text/html` for the rest (a div drawn by plotly.js, inlined
 * when `plotlySource` is given so it works offline; a static PNG inside the div when `png` is
 * given, for viewers that run no scripts, such as GitHub) and `text/plain`.
 *
 * The inlined plotly.js is loaded as a CommonJS module into `window.Plotly`, so a page that has
 * require.js (the classic notebook) does not capture it. Pure: no I/O.
 *
 * @example figureBundle({ data: [{ type: "bar", y: [1, 2] }], layout: { title: { text: "t" } } })["text/plain"]
 *   // "<plotly figure: t (1 trace)>"
 */
export function figureBundle(figure: Figure, options: FigureBundleOptions = {}): MimeBundle {
  const width = options.width ?? 900;
  const height = options.height ?? 500;
  const id = options.id ?? "activesynth-fig";
  const layout = { ...figure.layout, width: options.width ?? (figure.layout as { width?: number }).width, height: options.height ?? (figure.layout as { height?: number }).height };
  for (const k of ["width", "height"] as const) if (layout[k] === undefined) delete layout[k];
  const title = figureTitle(figure);
  const img = options.png
    ? `<img alt="${escapeHtml(title || "figure")}" style="max-width:100%" src="data:image/png;base64,${Buffer.from(options.png).toString("base64")}">`
    : `<p style="color:#777">(interactive figure: run the cell in Jupyter to draw it)</p>`;
  const parts = [`<div id="${escapeHtml(id)}" style="width:100%;max-width:${width}px;min-height:${height}px">${img}</div>`];
  if (options.plotlySource !== undefined) {
    parts.push(`<script>if(!window.Plotly){(function(){var module={exports:{}};\n${options.plotlySource}\n;window.Plotly=module.exports;})();}</script>`);
  }
  parts.push(
    `<script>(function(){var el=document.getElementById(${scriptJson(id)});if(!el)return;` +
      `var data=${scriptJson(figure.data)},layout=${scriptJson({ ...layout, width: undefined, height })};` +
      `function draw(){if(!window.Plotly||!window.Plotly.newPlot)return false;el.innerHTML="";window.Plotly.newPlot(el,data,layout,{responsive:true});return true;}` +
      `if(!draw()){var n=0,t=setInterval(function(){if(draw()||++n>50)clearInterval(t);},100);}})();</script>`,
  );
  const traces = figure.data.length;
  return {
    [PLOTLY_MIME]: { data: figure.data, layout },
    "text/html": parts.join("\n"),
    "text/plain": `<plotly figure${title ? `: ${title}` : ""} (${traces} trace${traces === 1 ? "" : "s"})>`,
  };
}

/** Options of `tableBundle`. */
export interface TableOptions {
  /** Digits after the point for non-integer numbers. Default 3. */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
  /** Rows shown at most (the rest are counted in a last line). Default 50. */
  maxRows?: number;
}

function cellText(value: unknown, digits: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : value.toFixed(digits);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * An HTML + plain-text table of plain rows (objects; the columns are the union of their keys in
 * first-seen order), or a ready HTML string (e.g. `frameHtml(df)`) passed through.
 *
 * @example tableBundle([{ method: "loss", accuracy: 0.5 }])["text/plain"]
 *   // "method  accuracy\nloss    0.500"
 */
export function tableBundle(table: ReadonlyArray<object> | string, options: TableOptions = {}): MimeBundle {
  if (typeof table === "string") return { "text/html": table, "text/plain": table.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim() };
  // any plain objects (typed rows such as SelectionCount included)
  const rows = table as ReadonlyArray<Record<string, unknown>>;
  const digits = options.digits ?? 3;
  const maxRows = options.maxRows ?? 50;
  const columns: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  const shown = rows.slice(0, maxRows);
  const cells = shown.map((row) => columns.map((c) => cellText(row[c], digits)));
  const more = rows.length - shown.length;
  const numeric = columns.map((c) => shown.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === "number"));
  const align = (i: number) => (numeric[i] ? "right" : "left");
  const html = [
    `<table class="activesynth-table">`,
    options.caption ? `<caption style="text-align:left">${escapeHtml(options.caption)}</caption>` : "",
    `<thead><tr>${columns.map((c, i) => `<th style="text-align:${align(i)}">${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...cells.map((r) => `<tr>${r.map((v, i) => `<td style="text-align:${align(i)}">${escapeHtml(v)}</td>`).join("")}</tr>`),
    `</tbody></table>`,
    more > 0 ? `<p>(${more} more row${more === 1 ? "" : "s"})</p>` : "",
  ].filter((s) => s !== "").join("\n");
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ").trimEnd();
  const text = [options.caption ?? "", line(columns), ...cells.map(line), more > 0 ? `(${more} more rows)` : ""].filter((s) => s !== "").join("\n");
  return { "text/html": html, "text/plain": text };
}

/** A markdown bundle (text/markdown, with the source as text/plain). */
export function markdownBundle(md: string): MimeBundle {
  return { "text/markdown": md, "text/plain": md };
}

/** The state of one progress display. */
export interface ProgressState {
  label: string;
  done?: number;
  total?: number;
  note?: string;
  finished?: boolean;
}

/** One line of progress as text: "label [#####.....] 5/10 note". */
export function progressText(state: ProgressState): string {
  const { label, done, total, note } = state;
  let bar = "";
  if (done !== undefined && total !== undefined && total > 0) {
    const filled = Math.round((Math.min(done, total) / total) * 20);
    bar = ` [${"#".repeat(filled)}${".".repeat(20 - filled)}] ${done}/${total}`;
  } else if (done !== undefined) bar = ` ${done}`;
  return `${label}${bar}${note ? ` ${note}` : ""}${state.finished ? " (done)" : ""}`;
}

/** A progress bundle: an HTML <progress> element and a text line. */
export function progressBundle(state: ProgressState): MimeBundle {
  const { done, total } = state;
  const bar = done !== undefined && total !== undefined && total > 0 ? `<progress value="${Math.min(done, total)}" max="${total}" style="width:240px"></progress> ${done}/${total}` : "";
  const html = `<div style="font-family:monospace"><b>${escapeHtml(state.label)}</b> ${bar} ${escapeHtml(state.note ?? "")}${state.finished ? " &#10003;" : ""}</div>`;
  return { "text/html": html, "text/plain": progressText(state) };
}
