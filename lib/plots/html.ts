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

/**
 * A standalone, offline HTML page showing one or more figures (plotly.js inlined, no CDN), e.g.
 * for `--out` folders and notebook fallbacks.
 */
export function figuresHtml(title: string, figures: Figure[]): string {
  const divs = figures.map((_, i) => `<div id="fig${i}" style="width:100%;max-width:960px;height:540px"></div>`).join("\n");
  const calls = figures
    .map((f, i) => `Plotly.newPlot("fig${i}", ${JSON.stringify(f.data).replace(/</g, "\\u003c")}, ${JSON.stringify(f.layout).replace(/</g, "\\u003c")}, {responsive: true});`)
    .join("\n");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script>${plotlyBundle()}</script></head>
<body style="font-family:system-ui,sans-serif">
<h2>${escapeHtml(title)}</h2>
${divs}
<script>${calls}</script>
</body></html>
`;
}
