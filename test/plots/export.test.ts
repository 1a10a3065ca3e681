import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { exportFigures, stablePdfDates, stableSvgIds } from "../../lib/plots/export.js";
import { figuresHtml, plotlyBundle } from "../../lib/plots/html.js";
import { winrateFigure } from "../../lib/plots/winrate-figure.js";
import { learningCurvesFigure } from "../../lib/plots/learning-curves.js";
import { winrateMatrix } from "../../lib/stats/index.js";
import { tempDir } from "./fixture-store.js";

const CHROMIUM = process.env.ACTIVESYNTH_CHROMIUM ?? "/usr/bin/chromium";
// Chromium is part of the test set-up (scripts/setup.sh): without it these tests fail, naming it
const noChromium = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

const curves = learningCurvesFigure(
  [{ method: "loss", x: [0, 100, 200], mean: [0.5, 0.6, 0.7], lo: [0.45, 0.55, 0.65], hi: [0.55, 0.65, 0.75] }, { method: "random", x: [0, 100, 200], mean: [0.5, 0.55, 0.6] }],
  { title: "Curves under test", efficiency: { accuracy: 0.6, xActive: 100, xBaseline: 200, label: "loss: 50% of the data" } },
);
const heat = winrateFigure(winrateMatrix([
  { dataset: "d", model: "m", seed: 0, method: "loss", curve: [{ x: 1, accuracy: 0.6 }] },
  { dataset: "d", model: "m", seed: 0, method: "random", curve: [{ x: 1, accuracy: 0.5 }] },
], { rule: "final" }), { title: "Heat map under test" });

describe("exportFigures", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir("activesynth-export-")));
  after(() => cleanup());

  test("PNG and SVG through Chromium; HTML pages share one plotly.min.js; index.html links every figure", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const files = await exportFigures([{ name: "curves", figure: curves }, { name: "heat", figure: heat }], dir, { formats: ["png", "svg", "html"] });
    assert.deepEqual(files.map((f) => basename(f.path)), ["curves.png", "curves.svg", "curves.html", "heat.png", "heat.svg", "heat.html", "plotly.min.js", "index.html"]);
    const png = readFileSync(join(dir, "curves.png"));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
    assert.equal(png.readUInt32BE(16), 900); // IHDR width
    assert.equal(png.readUInt32BE(20), 540); // IHDR height
    const svg = readFileSync(join(dir, "curves.svg"), "utf8");
    assert.match(svg, /^<svg/);
    assert.ok(svg.includes("Curves under test"));
    assert.ok(readFileSync(join(dir, "heat.svg"), "utf8").includes("Heat map under test"));
    const plotly = readFileSync(join(dir, "plotly.min.js"), "utf8");
    assert.equal(plotly, plotlyBundle());
    for (const name of ["curves", "heat"]) {
      const html = readFileSync(join(dir, `${name}.html`), "utf8");
      assert.equal([...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]).join(), "plotly.min.js", "one relative script src to the shared copy");
      assert.ok(html.length < 50_000 && !html.includes(plotly.slice(0, 2000)), `${name}.html does not inline plotly (${html.length} bytes)`);
      assert.ok(html.includes(`href="index.html"`));
    }
    assert.match(readFileSync(join(dir, "curves.html"), "utf8"), /<title>Curves under test<\/title>/);
    const index = readFileSync(join(dir, "index.html"), "utf8");
    for (const f of ["curves.html", "curves.png", "curves.svg", "heat.html", "heat.png", "heat.svg"]) assert.ok(index.includes(`href="${f}"`), `index links ${f}`);
    assert.ok(index.includes(`<img src="curves.png"`) && index.includes("Curves under test"));
    // a standalone page (reports) still inlines plotly
    assert.ok(figuresHtml("x", [curves]).includes(plotly.slice(0, 2000)));
  });

  test("--scale multiplies the PNG's pixels; PDF is one page of the figure's size; title: false drops the title", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const out = join(dir, "print");
    const files = await exportFigures([{ name: "curves", figure: curves }], out, { formats: ["png", "pdf", "svg"], width: 600, height: 400, scale: 3, title: false });
    assert.deepEqual(files.map((f) => basename(f.path)), ["curves.png", "curves.pdf", "curves.svg"], "no index or plotly.min.js without HTML");
    const png = readFileSync(join(out, "curves.png"));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1800, 1200]); // 600 x 400 CSS px at scale 3
    const pdf = readFileSync(join(out, "curves.pdf"));
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    const text = pdf.toString("latin1");
    assert.equal([...text.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length, 1, "one page");
    // 600 x 400 CSS px = 450 x 300 pt (Chromium rounds to 0.01 pt)
    const box = text.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/)!;
    assert.ok(Math.abs(Number(box[1]) - 450) < 1 && Math.abs(Number(box[2]) - 300) < 1, box[0]);
    assert.doesNotMatch(text, /\/CreationDate \(D:(?!20000101000000)/, "the print date is fixed");
    const svg = readFileSync(join(out, "curves.svg"), "utf8");
    assert.ok(!svg.includes("Curves under test"), "no title");
    assert.ok(svg.includes("test accuracy"), "the rest is drawn");
    // the same figure gives the same PDF bytes
    const again = await exportFigures([{ name: "curves", figure: curves }], join(dir, "print2"), { formats: ["pdf"], width: 600, height: 400, title: false });
    assert.ok(readFileSync(again[0]!.path).equals(pdf));
  });

  test("the same figure gives the same SVG bytes", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const a = await exportFigures([{ name: "a", figure: heat }], join(dir, "1"), { formats: ["svg"], width: 600, height: 400 });
    const b = await exportFigures([{ name: "a", figure: heat }], join(dir, "2"), { formats: ["svg"], width: 600, height: 400 });
    assert.equal(readFileSync(a[0]!.path, "utf8"), readFileSync(b[0]!.path, "utf8"));
  });

  test("HTML alone needs no browser; a missing Chromium is named with the fix", async () => {
    const files = await exportFigures([{ name: "only", figure: curves }], join(dir, "html"), { formats: ["html"], chromiumPath: "/nonexistent/chromium" });
    assert.deepEqual(files.map((f) => f.format), ["html", "js", "html"]); // the page, plotly.min.js, index.html
    await assert.rejects(
      exportFigures([{ name: "x", figure: curves }], join(dir, "none"), { formats: ["pdf"], chromiumPath: "/nonexistent/chromium" }),
      /no Chromium at \/nonexistent\/chromium; install it with `apt-get install -y chromium`/,
    );
  });

  test("names must be file-name safe, unique and not the index's; sizes positive", async () => {
    await assert.rejects(exportFigures([{ name: "a b", figure: curves }], dir, { formats: ["html"] }), /figure name "a b" is not file-name safe/);
    await assert.rejects(exportFigures([{ name: "a", figure: curves }, { name: "a", figure: heat }], dir, { formats: ["html"] }), /"a" appears twice/);
    await assert.rejects(exportFigures([{ name: "index", figure: curves }], dir, { formats: ["html"] }), /figure name "index" is taken by index\.html/);
    await assert.rejects(exportFigures([{ name: "a", figure: curves }], dir, { formats: ["html"], scale: 0 }), /scale must be a number in \(0, 10\] \(got 0\)/);
    await assert.rejects(exportFigures([{ name: "a", figure: curves }], dir, { formats: ["gif" as "png"] }), /unknown format "gif" \(png, svg, html or pdf\)/);
  });

  test("stablePdfDates fixes the dates without moving a byte", () => {
    const pdf = Buffer.from("%PDF-1.4\n<</CreationDate (D:20251202181500+01'00')\n/ModDate (D:20251202181501+01'00')>>\n", "latin1");
    const fixed = stablePdfDates(pdf);
    assert.equal(fixed.length, pdf.length);
    assert.equal(fixed.toString("latin1"), "%PDF-1.4\n<</CreationDate (D:20000101000000+00'00')\n/ModDate (D:20000101000000+00'00')>>\n");
  });

  test("stableSvgIds renames ids and their references in order", () => {
    const svg = `<svg><defs id="x9f"><clipPath id="clip3ab"/></defs><g clip-path="url(#clip3ab)"/><use href="#x9f"/></svg>`;
    assert.equal(stableSvgIds(svg), `<svg><defs id="id0"><clipPath id="id1"/></defs><g clip-path="url(#id1)"/><use href="#id0"/></svg>`);
  });
});
