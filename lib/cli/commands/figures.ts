import { openCliStore } from "../open-store.js";
import { existsSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { UnknownRunError } from "../../store/errors.js";
import { selectRuns, storeFigures } from "../../figures/index.js";
import { paperFindings, type Finding } from "../../figures/findings.js";
import { exportFigures, NoChromiumError, type ExportFormat } from "../../plots/export.js";

const FORMATS: ExportFormat[] = ["png", "svg", "html", "pdf"];
const DEFAULT_FORMATS: ExportFormat[] = ["png", "svg", "html"];

export const figuresCommand: Command = {
  summary: "regenerate every figure the store supports (PNG, SVG, HTML, PDF)",
  usage: `usage: activesynth figures --db FILE --out DIR [--runs ID,ID] [--formats png,svg,html,pdf]
                           [--width PX] [--height PX] [--scale N] [--no-title] [--full-axis]

Writes, for the selected runs (all by default): learning curves per task with the efficiency
lines (Figure 4), the pairwise winrate heat map over (task, model, seed) cells with 2 or more
methods (Figure 5), ordering deltas (Figure 3) and fidelity (Figure 2) when the store holds
scores of synthetic samples, and per run the seeds selected per iteration and the score
histogram of the last selection. A figure the store cannot support is listed with the reason.
Then prints the paper's four findings as numbers with 95% intervals (Fig 2 dataset-level rho,
Fig 3 ordering deltas at the first and final iteration, Fig 5 win rates of loss, Fig 4
data-efficiency of loss over static and random) and writes them to DIR/findings.json.

  --formats LIST  any of png, svg, html, pdf (default png,svg,html). HTML pages share one
                  DIR/plotly.min.js, and DIR/index.html links every figure.
  --width PX, --height PX
                  figure size in CSS pixels (default 900 x 540; the PDF page has this size)
  --scale N       PNG pixel ratio, e.g. 2 or 3 for print (default 1: 900 x 540 pixels)
  --no-title      leave the titles out (for a paper, whose caption says what they said)
  --full-axis     accuracy axes span 0-100% (default: zoomed to the data, with round ticks)

PNG, SVG and PDF need Chromium (apt-get install -y chromium; ACTIVESYNTH_CHROMIUM overrides the
path); HTML does not.`,
  options: {
    db: { type: "string" }, out: { type: "string" }, runs: { type: "string" }, formats: { type: "string" },
    width: { type: "string" }, height: { type: "string" }, scale: { type: "string" },
    "no-title": { type: "boolean" }, "full-axis": { type: "boolean" },
  },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const outDir = values.out as string | undefined;
    if (!outDir) throw new UsageError("--out DIR is required");
    const formats = list(values.formats as string | undefined) ?? DEFAULT_FORMATS;
    for (const f of formats) if (!FORMATS.includes(f as ExportFormat)) throw new UsageError(`--formats: unknown format "${f}" (png, svg, html, pdf)`);
    const width = number("--width", values.width as string | undefined, 100, 10000);
    const height = number("--height", values.height as string | undefined, 100, 10000);
    const scale = number("--scale", values.scale as string | undefined, 0.25, 10);
    const accuracyRange = values["full-axis"] === true ? "full" as const : "data" as const;
    const runs = list(values.runs as string | undefined);
    const store = openCliStore(db, { readonly: true });
    let set;
    let findings: Finding[];
    try {
      try {
        set = storeFigures(store, { ...(runs !== undefined ? { runs } : {}), accuracyRange });
        findings = paperFindings(store, selectRuns(store, runs));
      } catch (error) {
        if (error instanceof UnknownRunError) throw new UsageError(`--runs: ${error.message}`);
        throw error;
      }
    } finally {
      store.close();
    }
    for (const s of set.skipped) console.log(`skipped ${s.name}: ${s.reason}`);
    let files;
    try {
      files = await exportFigures(set.figures, outDir, {
        formats: formats as ExportFormat[],
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
        ...(scale !== undefined ? { scale } : {}),
        title: values["no-title"] !== true,
        index: {
          title: `Figures of ${basename(db)}`,
          links: [{ href: "findings.json", text: "the paper's findings on these runs (findings.json)" }],
          notes: set.skipped.map((s) => `${s.name}: ${s.reason}`),
        },
      });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof NoChromiumError) throw new UsageError(`${message}; or pass --formats html`);
      if (/^exportFigures: (width|height|scale) /.test(message)) throw new UsageError(message);
      throw error;
    }
    for (const f of files) console.log(f.path);
    writeFileSync(join(outDir, "findings.json"), JSON.stringify(findings, null, 2) + "\n");
    console.log(`wrote ${files.length} file(s) for ${set.figures.length} figure(s) to ${outDir}`);
    console.log("\nThe paper's findings on these runs (95% bootstrap intervals; also in findings.json):");
    for (const f of findings) console.log(`  ${f.text}`);
    return 0;
  },
};

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  return items.length > 0 ? items : undefined;
}

/** A numeric option in [min, max], or undefined when absent. */
function number(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag}: expected a number from ${min} to ${max} (got "${value}")`);
  return n;
}
