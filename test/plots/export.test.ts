import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { exportFigures, stableSvgIds } from "../../lib/plots/export.js";
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

  test("PNG and SVG through Chromium, HTML standalone", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const files = await exportFigures([{ name: "curves", figure: curves }, { name: "heat", figure: heat }], dir, { formats: ["png", "svg", "html"] });
    assert.deepEqual(files.map((f) => `${f.name}.${f.format}`), ["curves.png", "curves.svg", "curves.html", "heat.png", "heat.svg", "heat.html"]);
    const png = readFileSync(join(dir, "curves.png"));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
    assert.equal(png.readUInt32BE(16), 900); // IHDR width
    assert.equal(png.readUInt32BE(20), 540); // IHDR height
    const svg = readFileSync(join(dir, "curves.svg"), "utf8");
    assert.match(svg, /^<svg/);
    assert.ok(svg.includes("Curves under test"));
    assert.ok(readFileSync(join(dir, "heat.svg"), "utf8").includes("Heat map under test"));
    const html = readFileSync(join(dir, "curves.html"), "utf8");
    assert.match(html, /<title>Curves under test<\/title>/);
    assert.ok(!/<script[^>]+src=/.test(html), "plotly is inlined, no CDN");
  });

  test("the same figure gives the same SVG bytes", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const a = await exportFigures([{ name: "a", figure: heat }], join(dir, "1"), { formats: ["svg"], width: 600, height: 400 });
    const b = await exportFigures([{ name: "a", figure: heat }], join(dir, "2"), { formats: ["svg"], width: 600, height: 400 });
    assert.equal(readFileSync(a[0]!.path, "utf8"), readFileSync(b[0]!.path, "utf8"));
  });

  test("HTML alone needs no browser; a missing Chromium is named with the fix", async () => {
    const files = await exportFigures([{ name: "only", figure: curves }], join(dir, "html"), { formats: ["html"], chromiumPath: "/nonexistent/chromium" });
    assert.equal(files.length, 1);
    await assert.rejects(
      exportFigures([{ name: "x", figure: curves }], join(dir, "none"), { formats: ["png"], chromiumPath: "/nonexistent/chromium" }),
      /no Chromium at \/nonexistent\/chromium; install it with `apt-get install -y chromium`/,
    );
  });

  test("names must be file-name safe and unique", async () => {
    await assert.rejects(exportFigures([{ name: "a b", figure: curves }], dir, { formats: ["html"] }), /figure name "a b" is not file-name safe/);
    await assert.rejects(exportFigures([{ name: "a", figure: curves }, { name: "a", figure: heat }], dir, { formats: ["html"] }), /"a" appears twice/);
  });

  test("stableSvgIds renames ids and their references in order", () => {
    const svg = `<svg><defs id="x9f"><clipPath id="clip3ab"/></defs><g clip-path="url(#clip3ab)"/><use href="#x9f"/></svg>`;
    assert.equal(stableSvgIds(svg), `<svg><defs id="id0"><clipPath id="id1"/></defs><g clip-path="url(#id1)"/><use href="#id0"/></svg>`);
  });
});
