import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "./types.js";
import { figuresHtml, plotlyBundle } from "./html.js";

export type ExportFormat = "png" | "svg" | "html";

export interface ExportOptions {
  /** Which files to write per figure. Default ["png", "svg", "html"]. */
  formats?: ExportFormat[];
  /** Image size in CSS pixels. Defaults 900 x 540. */
  width?: number;
  height?: number;
  /** PNG pixel ratio (2 gives 1800 x 1080 pixels by default). Default 1. */
  scale?: number;
  /** Chromium binary. Default: env ACTIVESYNTH_CHROMIUM, else /usr/bin/chromium. */
  chromiumPath?: string;
}

/** One written file. */
export interface ExportedFile {
  name: string;
  format: ExportFormat;
  path: string;
  bytes: number;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The Chromium binary exportFigures would use (option, ACTIVESYNTH_CHROMIUM, /usr/bin/chromium). */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.ACTIVESYNTH_CHROMIUM ?? "/usr/bin/chromium";
}

/**
 * Writes each figure to `outDir` as `<name>.png`, `<name>.svg` (rendered by plotly.js in a
 * headless Debian Chromium driven by playwright-core: one browser, one page, plotly loaded once
 * from node_modules, then one `Plotly.toImage({data, layout})` per figure, which plots it once in
 * a hidden div (a `Plotly.react` first would render every figure twice); no network, no browser
 * download) and `<name>.html` (standalone and interactive, plotly inlined; needs no browser).
 *
 * Determinism: plotly names clip paths and gradients with random ids; the SVG's ids are rewritten
 * to their order of appearance, so the same figure gives the same SVG bytes. PNGs are
 * deterministic for a given Chromium and font set.
 *
 * Names must be file-name safe (letters, digits, `.`, `_`, `-`). Returns the files written, in
 * figure order then format order.
 *
 * Cost (bench/figure-export.ts, 2 shared cores under load): browser + page + plotly 4-6 s once,
 * then about 50 ms per SVG and 300 ms per PNG (ENVIRONMENT.md measured 29 and 77 ms on an idle
 * machine); one browser for all figures is 6-9x faster than a browser per figure.
 *
 * @throws {Error} naming the missing Chromium path and `apt-get install -y chromium`
 * @throws {Error} "exportFigures: figure name \"a b\" is not file-name safe"
 * Usage: await exportFigures([{ name: "curves", figure: learningCurvesFigure(series) }], "out", { formats: ["png"] })
 *   // [{ name: "curves", format: "png", path: "out/curves.png", bytes: 41234 }]
 */
export async function exportFigures(
  figures: ReadonlyArray<{ name: string; figure: Figure }>,
  outDir: string,
  options: ExportOptions = {},
): Promise<ExportedFile[]> {
  const formats = options.formats ?? ["png", "svg", "html"];
  for (const f of formats) if (f !== "png" && f !== "svg" && f !== "html") throw new Error(`exportFigures: unknown format "${String(f)}" (png, svg or html)`);
  const seen = new Set<string>();
  for (const { name } of figures) {
    if (!NAME.test(name)) throw new Error(`exportFigures: figure name "${name}" is not file-name safe (letters, digits, ".", "_", "-")`);
    if (seen.has(name)) throw new Error(`exportFigures: figure name "${name}" appears twice`);
    seen.add(name);
  }
  const width = options.width ?? 900;
  const height = options.height ?? 540;
  const scale = options.scale ?? 1;
  mkdirSync(outDir, { recursive: true });
  const written: ExportedFile[] = [];
  const write = (name: string, format: ExportFormat, content: string | Buffer) => {
    const path = join(outDir, `${name}.${format}`);
    writeFileSync(path, content);
    written.push({ name, format, path, bytes: Buffer.byteLength(content) });
  };
  const images = formats.filter((f): f is "png" | "svg" => f !== "html");
  const renderer = images.length > 0 && figures.length > 0 ? await openRenderer(chromiumPath(options.chromiumPath)) : null;
  try {
    for (const { name, figure } of figures) {
      for (const format of formats) {
        if (format === "html") write(name, "html", figuresHtml(titleOf(figure) ?? name, [figure]));
        else {
          const url = await renderer!.render(figure, format, width, height, scale);
          write(name, format, format === "png" ? decodePng(url) : stableSvgIds(decodeSvg(url)));
        }
      }
    }
  } finally {
    await renderer?.close();
  }
  return written;
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
    return {
      async render(figure, format, width, height, scale) {
        return page.evaluate(async ({ figure, format, width, height, scale }) => {
          const P = (globalThis as unknown as { Plotly: PlotlyApi }).Plotly;
          const layout = { ...figure.layout, width, height };
          // Fixed trace uids: plotly otherwise draws random ones into the SVG's class names.
          const data = figure.data.map((trace, i) => ({ uid: `t${i}`, ...trace }));
          return P.toImage({ data, layout, config: { staticPlot: true } }, { format, width, height, scale });
        }, { figure: JSON.parse(JSON.stringify(figure)) as Figure, format, width, height, scale });
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
