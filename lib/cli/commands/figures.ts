import { openCliStore } from "../open-store.js";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "../main.js";
import { UsageError } from "../errors.js";
import { UnknownRunError } from "../../store/errors.js";
import { selectRuns, storeFigures } from "../../figures/index.js";
import { paperFindings, type Finding } from "../../figures/findings.js";
import { exportFigures, NoChromiumError, type ExportFormat } from "../../plots/export.js";

const FORMATS: ExportFormat[] = ["png", "svg", "html"];

export const figuresCommand: Command = {
  summary: "regenerate every figure the store supports (PNG, SVG, HTML)",
  usage: `usage: activesynth figures --db FILE --out DIR [--runs ID,ID] [--formats png,svg,html]

Writes, for the selected runs (all by default): learning curves per task with the efficiency
lines (Figure 4), the pairwise winrate heat map over (task, model, seed) cells with 2 or more
methods (Figure 5), ordering deltas (Figure 3) and fidelity (Figure 2) when the store holds
scores of synthetic samples, and per run the seeds selected per iteration and the score
histogram of the last selection. A figure the store cannot support is listed with the reason.
Then prints the paper's four findings as numbers with 95% intervals (Fig 2 dataset-level rho,
Fig 3 ordering deltas at the first and final iteration, Fig 5 win rates of loss, Fig 4
data-efficiency of loss over static and random) and writes them to DIR/findings.json.
PNG and SVG need Chromium (apt-get install -y chromium; ACTIVESYNTH_CHROMIUM overrides the path);
HTML does not.`,
  options: { db: { type: "string" }, out: { type: "string" }, runs: { type: "string" }, formats: { type: "string" } },
  async run(values) {
    const db = values.db as string | undefined;
    if (!db) throw new UsageError("--db FILE is required");
    if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
    const outDir = values.out as string | undefined;
    if (!outDir) throw new UsageError("--out DIR is required");
    const formats = list(values.formats as string | undefined) ?? FORMATS;
    for (const f of formats) if (!FORMATS.includes(f as ExportFormat)) throw new UsageError(`--formats: unknown format "${f}" (png, svg, html)`);
    const runs = list(values.runs as string | undefined);
    const store = openCliStore(db, { readonly: true });
    let set;
    let findings: Finding[];
    try {
      try {
        set = storeFigures(store, runs !== undefined ? { runs } : {});
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
      files = await exportFigures(set.figures, outDir, { formats: formats as ExportFormat[] });
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof NoChromiumError) throw new UsageError(`${message}; or pass --formats html`);
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
