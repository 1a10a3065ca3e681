import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "./types.js";
import { figuresHtml, plotlyBundle } from "./html.js";
import { withoutTitle } from "./layout.js";

export type ExportFormat = "png" | "svg" | "html" | "pdf";

const FORMATS: readonly ExportFormat[] = ["png", "svg", "html", "pdf"];

/** The file HTML figures load plotly.js from, written once next to them. */
export const SHARED_PLOTLY = "plotly.min.js";
/** The page that links every figure of an export with HTML. */
export const INDEX_PAGE = "index.html";

export interface ExportOptions {
  /** Which files to write per figure: png, svg, html, pdf. Default ["png", "svg", "html"]. */
  formats?: ExportFormat[];
  /** Figure size in CSS pixels (PNG, SVG, PDF page; the HTML figure's box). Defaults 900 x 540. */
  width?: number;
  height?: number;
  /** PNG pixel ratio, e.g. 2 or 3 for print (2 gives 1800 x 1080 pixels by default). Default 1. */
  scale?: number;
  /** Keep each figure's title (default true); false leaves it out of every format, for a paper whose caption says it. */
  title?: boolean;
  /** The index page (written with HTML): its heading, extra links (e.g. findings.json) and notes (e.g. skipped figures). */
  index?: { title?: string; links?: ReadonlyArray<{ href: string; text: string }>; notes?: readonly string[] };
  /** Chromium binary. Default: env ACTIVESYNTH_CHROMIUM, else /usr/bin/chromium. */
  chromiumPath?: string;
}

/** One written file: a figure in one format, or (with HTML) the shared plotly.js ("js") and the index page. */
export interface ExportedFile {
  name: string;
  format: ExportFormat | "js";
  path: string;
  bytes: number;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The Chromium binary exportFigures would use (option, ACTIVESYNTH_CHROMIUM, /usr/bin/chromium). */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.ACTIVESYNTH_CHROMIUM ?? "/usr/bin/chromium";
}

const positive = (what: string, v: number | undefined, fallback: number, max: number) => {
  const x = v ?? fallback;
  if (!(Number.isFinite(x) && x > 0 && x <= max)) throw new Error(`exportFigures: ${what} must be a number in (0, ${max}] (got ${String(v)})`);
  return x;
};

/**
 * Writes each figure to `outDir` as `<name>.png`, `<name>.svg`, `<name>.pdf` (rendered by
 * plotly.js in a headless Debian Chromium driven by playwright-core: one browser, plotly loaded
 * once from node_modules, then one `Plotly.toImage({data, layout})` per figure and image format,
 * which plots it once in a hidden div; the PDF is Chromium's print of the figure's SVG on a page
 * of the figure's size, so its text and lines stay vector; no network, no browser download) and
 * `<name>.html` (interactive; needs no browser to write). The HTML pages load plotly.js from one
 * `plotly.min.js` written next to them (about 4.8 MB once, instead of inlined in every page), and
 * `index.html` links every figure in every format written (with the PNGs as thumbnails).
 *
 * `scale` multiplies the PNG's pixels (2: 1800 x 1080 for the default size); `title: false`
 * drops the figures' titles (the index keeps them).
 *
 * Determinism: plotly names clip paths and gradients with random ids; the SVG's ids are rewritten
 * to their order of appearance, so the same figure gives the same SVG bytes; the PDF's creation
 * and modification dates are fixed for the same reason. PNGs are deterministic for a given
 * Chromium and font set.
 *
 * Names must be file-name safe (letters, digits, `.`, `_`, `-`); with HTML, "index" and
 * "plotly.min" are taken. Returns the files written, in figure order then format order, then
 * (with HTML) plotly.min.js and index.html.
 *
 * Cost (bench/figure-export.ts, 2 shared cores under load): browser + page + plotly 4-6 s once,
 * then about 50 ms per SVG and 300 ms per PNG (29 and 77 ms on an idle machine); one browser for all figures is 6-9x faster than a browser per figure.
 *
 * @throws {Error} naming the missing Chromium path and `apt-get install -y chromium`
 * @throws {Error} "exportFigures: figure name \"a b\" is not file-name safe"
 * Usage: await exportFigures([{ name: "curves", figure: learningCurvesFigure(series) }], "out", { formats: ["png", "pdf"], scale: 3 })
 *   // [{ name: "curves", format: "png", path: "out/curves.png", bytes: 241234 }, { name: "curves", format: "pdf", ... }]
 */
export async function exportFigures(
  figures: ReadonlyArray<{ name: string; figure: Figure }>,
  outDir: string,
  options: ExportOptions = {},
): Promise<ExportedFile[]> {
  const formats = options.formats ?? ["png", "svg", "html"];
  for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`exportFigures: unknown format "${String(f)}" (png, svg, html or pdf)`);
  const html = formats.includes("html");
  const seen = new Set<string>();
  for (const { name } of figures) {
    if (!NAME.test(name)) throw new Error(`exportFigures: figure name "${name}" is not file-name safe (letters, digits, ".", "_", "-")`);
    if (seen.has(name)) throw new Error(`exportFigures: figure name "${name}" appears twice`);
    if (html && (name === "index" || name === "plotly.min")) throw new Error(`exportFigures: figure name "${name}" is taken by ${name === "index" ? INDEX_PAGE : SHARED_PLOTLY}`);
    seen.add(name);
  }
  const width = positive("width", options.width, 900, 10000);
  const height = positive("height", options.height, 540, 10000);
  const scale = positive("scale", options.scale, 1, 10);
  const keepTitle = options.title ?? true;
  mkdirSync(outDir, { recursive: true });
  const written: ExportedFile[] = [];
  const write = (name: string, format: ExportedFile["format"], content: string | Buffer, file = `${name}.${format}`) => {
    const path = join(outDir, file);
    writeFileSync(path, content);
    written.push({ name, format, path, bytes: Buffer.byteLength(content) });
  };
  const images = formats.filter((f): f is "png" | "svg" | "pdf" => f !== "html");
  const renderer = images.length > 0 && figures.length > 0 ? await openRenderer(chromiumPath(options.chromiumPath)) : null;
  try {
    for (const { name, figure: original } of figures) {
      const figure = keepTitle ? original : withoutTitle(original);
      for (const format of formats) {
        if (format === "html") {
          write(name, "html", figuresHtml(titleOf(original) ?? name, [figure], { plotlySrc: SHARED_PLOTLY, width, height, back: { href: INDEX_PAGE, text: "all figures" } }));
        } else if (format === "pdf") {
          write(name, "pdf", stablePdfDates(await renderer!.pdf(figure, width, height)));
        } else {
          const url = await renderer!.render(figure, format, width, height, format === "png" ? scale : 1);
          write(name, format, format === "png" ? decodePng(url) : stableSvgIds(decodeSvg(url)));
        }
      }
    }
  } finally {
    await renderer?.close();
  }
  if (html) {
    write("plotly.min", "js", plotlyBundle(), SHARED_PLOTLY);
    write("index", "html", indexPage(figures, formats, options.index ?? {}));
  }
  return written;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The index page: every figure's title with links to its files, the PNG (when written) as a thumbnail. */
function indexPage(figures: ReadonlyArray<{ name: string; figure: Figure }>, formats: readonly ExportFormat[], index: NonNullable<ExportOptions["index"]>): string {
  const title = index.title ?? "Figures";
  const links = (index.links ?? []).map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join("\n");
  const notes = (index.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join("\n");
  const items = figures.map(({ name, figure }) => {
    const t = titleOf(figure) ?? name;
    const files = formats.map((f) => `<a href="${escapeHtml(name)}.${f}">${f.toUpperCase()}</a>`).join(" · ");
    const main = formats.includes("html") ? `${escapeHtml(name)}.html` : `${escapeHtml(name)}.${formats[0]}`;
    const thumb = formats.includes("png") ? `<a href="${main}"><img src="${escapeHtml(name)}.png" alt="${escapeHtml(t)}" loading="lazy" style="width:300px;border:1px solid #ddd"></a><br>` : "";
    return `<li style="display:inline-block;vertical-align:top;width:320px;margin:0 12px 18px 0">${thumb}<a href="${main}"><b>${escapeHtml(t)}</b></a><br><small>${escapeHtml(name)}: ${files}</small></li>`;
  }).join("\n");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;margin:24px">
<h1>${escapeHtml(title)}</h1>
${links ? `<ul>\n${links}\n</ul>\n` : ""}<ul style="list-style:none;padding:0">
${items}
</ul>
${notes ? `<h2>Not drawn</h2>\n<ul>\n${notes}\n</ul>\n` : ""}</body></html>
`;
}

/** No Chromium binary where the export looked for one (PNG and SVG need it; HTML does not). */
export class NoChromiumError extends Error {
  override readonly name = "NoChromiumError";
  constructor(readonly executablePath: string) {
    super(`exportFigures: no Chromium at ${executablePath}; install it with \`apt-get install -y chromium\` or set ACTIVESYNTH_CHROMIUM (or chromiumPath) to a Chromium binary`);
  }
}

interface Renderer {
  render(figure: Figure, format: "png" | "svg", width: number, height: number, scale: number): Promise<string>;
  /** The figure as a one-page PDF of its size (Chromium's print of its SVG). */
  pdf(figure: Figure, width: number, height: number): Promise<Buffer>;
  close(): Promise<void>;
}

async function openRenderer(executablePath: string): Promise<Renderer> {
  if (!existsSync(executablePath)) {
    throw new NoChromiumError(executablePath);
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="fig"></div></body></html>`);
    await page.addScriptTag({ content: plotlyBundle() });
    let printPage: Awaited<ReturnType<typeof browser.newPage>> | null = null;
    const render: Renderer["render"] = async (figure, format, width, height, scale) => {
      return page.evaluate(async ({ figure, format, width, height, scale }) => {
        const P = (globalThis as unknown as { Plotly: PlotlyApi }).Plotly;
        const layout = { ...figure.layout, width, height };
        // Fixed trace uids: plotly otherwise draws random ones into the SVG's class names.
        const data = figure.data.map((trace, i) => ({ uid: `t${i}`, ...trace }));
        return P.toImage({ data, layout, config: { staticPlot: true } }, { format, width, height, scale });
      }, { figure: JSON.parse(JSON.stringify(figure)) as Figure, format, width, height, scale });
    };
    return {
      render,
      async pdf(figure, width, height) {
        const svg = stableSvgIds(decodeSvg(await render(figure, "svg", width, height, 1)));
        printPage ??= await browser.newPage();
        const size = `${width}px ${height}px`;
        await printPage.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>@page{size:${size};margin:0}` +
          `html,body{margin:0;padding:0;width:${width}px;height:${height}px;overflow:hidden}svg{display:block}</style></head><body>${svg}</body></html>`);
        return printPage.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, margin: { top: "0", right: "0", bottom: "0", left: "0" }, pageRanges: "1" });
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

interface PlotlyApi {
  toImage(figure: string | { data: unknown; layout: unknown; config: unknown }, options: { format: string; width: number; height: number; scale: number }): Promise<string>;
}

function decodePng(url: string): Buffer {
  const comma = url.indexOf(",");
  return Buffer.from(url.slice(comma + 1), "base64");
}

function decodeSvg(url: string): string {
  const comma = url.indexOf(",");
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/**
 * Rewrites the ids in an SVG (and every reference to them) to `id0`, `id1`, ... in order of first
 * definition, so plotly's random clip-path ids do not change the bytes between runs.
 */
export function stableSvgIds(svg: string): string {
  const ids: string[] = [];
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(m[1]!)) ids.push(m[1]!);
  if (ids.length === 0) return svg;
  const rename = new Map(ids.map((id, i) => [id, `id${i}`]));
  const pattern = new RegExp(ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).sort((a, b) => b.length - a.length).join("|"), "g");
  return svg.replace(pattern, (id) => rename.get(id)!);
}

function titleOf(figure: Figure): string | null {
  const t = (figure.layout.title as { text?: string } | undefined)?.text;
  return typeof t === "string" ? t.replace(/<br>.*$/s, "").replace(/<[^>]+>/g, "") : null;
}

/**
 * The PDF with its creation and modification dates (Chromium writes the time of printing) set to
 * a fixed date of the same length, so the same figure gives the same PDF bytes (the byte offsets
 * of the cross-reference table do not move).
 */
export function stablePdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:([0-9]{14})([^)]*)\)/g, (_, key: string, digits: string, rest: string) =>
    `/${key} (D:${"20000101000000".slice(0, digits.length)}${rest.replace(/[0-9]/g, "0")})`);
  return fixed === text ? pdf : Buffer.from(fixed, "latin1");
}
