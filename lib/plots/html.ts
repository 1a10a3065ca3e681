import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Figure } from "./types.js";

let plotlySource: string | null = null;

/** The plotly.js bundle's source (read once from node_modules). */
export function plotlyBundle(): string {
  if (plotlySource === null) {
    const require = createRequire(import.meta.url);
    plotlySource = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  }
  return plotlySource;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface FiguresHtmlOptions {
  /**
   * Where the page loads plotly.js from: absent, the bundle is inlined (a standalone page, about
   * 4.8 MB); a (relative) URL such as "plotly.min.js", a `<script src>` to a copy next to the page
   * (how `exportFigures` writes a folder of pages that share one copy).
   */
  plotlySrc?: string;
  /** Each figure's box in CSS pixels (it still shrinks to the window's width). Defaults 960 x 540. */
  width?: number;
  height?: number;
  /** A link to put above the figures, e.g. back to the folder's index page. */
  back?: { href: string; text: string };
  /** Show the page title as a heading above the figures. Default: true for a standalone page, false with `plotlySrc`. */
  heading?: boolean;
}

/**
 * An offline HTML page showing one or more figures (no CDN): plotly.js inlined (standalone, for
 * reports) or loaded from `plotlySrc` (a folder of pages sharing one copy).
 */
export function figuresHtml(title: string, figures: Figure[], options: FiguresHtmlOptions = {}): string {
  const width = options.width ?? 960;
  const height = options.height ?? 540;
  const divs = figures.map((_, i) => `<div id="fig${i}" style="width:100%;max-width:${width}px;height:${height}px"></div>`).join("\n");
  const calls = figures
    .map((f, i) => `Plotly.newPlot("fig${i}", ${JSON.stringify(f.data).replace(/</g, "\\u003c")}, ${JSON.stringify(f.layout).replace(/</g, "\\u003c")}, {responsive: true});`)
    .join("\n");
  const plotly = options.plotlySrc !== undefined ? `<script src="${escapeHtml(options.plotlySrc).replace(/"/g, "&quot;")}"></script>` : `<script>${plotlyBundle()}</script>`;
  const back = options.back ? `<p><a href="${escapeHtml(options.back.href)}">${escapeHtml(options.back.text)}</a></p>\n` : "";
  const heading = (options.heading ?? options.plotlySrc === undefined) ? `<h2>${escapeHtml(title)}</h2>\n` : "";
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
${plotly}</head>
<body style="font-family:system-ui,sans-serif">
${back}${heading}${divs}
<script>${calls}</script>
</body></html>
`;
}
