import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../lib/cli/main.js";
import { buildFixtureStore, tempDir } from "../plots/fixture-store.js";

// Chromium is part of the test set-up (scripts/setup.sh): without it these tests fail, naming it
const noChromium = existsSync(process.env.ACTIVESYNTH_CHROMIUM ?? "/usr/bin/chromium") ? false : "no Chromium (apt-get install -y chromium)";

/** Runs the CLI capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    const code = await runCli(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("activesynth figures", () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = tempDir("activesynth-cli-figures-"));
    buildFixtureStore(join(dir, "plain.sqlite")).close();
    buildFixtureStore(join(dir, "rich.sqlite"), { syntheticScores: true }).close();
  });
  after(() => cleanup());

  test("writes every supported figure and says why the others are skipped", async () => {
    const out = join(dir, "out-html");
    const r = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", out, "--formats", "html"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^skipped ordering-deltas: no synthetic sample has both a student score/m);
    assert.match(r.out, /^skipped fidelity: /m);
    const pages = [
      "learning-curves-arith.html", "score-histogram-loss-s0.html", "score-histogram-loss-s1.html",
      "selections-loss-s0.html", "selections-loss-s1.html", "selections-random-s0.html", "selections-random-s1.html",
      "selections-static-s0.html", "winrate.html",
    ];
    assert.deepEqual(readdirSync(out).sort(), ["findings.json", "index.html", ...pages.slice(0, 1), "plotly.min.js", ...pages.slice(1)].sort());
    assert.ok(r.out.includes(join(out, "winrate.html")));
    assert.match(r.out, /wrote 11 file\(s\) for 9 figure\(s\)/);
    // one shared plotly.js: every page loads it by a relative src and none inlines it
    const shared = statSync(join(out, "plotly.min.js")).size;
    assert.ok(shared > 1_000_000, `plotly.min.js is ${shared} bytes`);
    for (const page of pages) {
      const html = readFileSync(join(out, page), "utf8");
      assert.ok(html.includes(`<script src="plotly.min.js"></script>`), page);
      assert.ok(html.length < shared / 20, `${page} is ${html.length} bytes`);
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    for (const page of pages) assert.ok(index.includes(`href="${page}"`), `index.html links ${page}`);
    assert.ok(index.includes(`href="findings.json"`));
    assert.match(index, /ordering-deltas: no synthetic sample has both/, "the index says what was not drawn and why");
    // the accuracy axis is zoomed to the curves (fixture accuracies 0.25-1) unless --full-axis
    const yRange = (html: string) => JSON.parse(html.match(/"yaxis":\{[^]*?"range":(\[[^\]]+\])/)![1]!) as [number, number];
    const zoomed = yRange(readFileSync(join(out, "learning-curves-arith.html"), "utf8"));
    assert.ok(zoomed[0] > 0.1 && zoomed[0] < 0.25, `bottom ${zoomed[0]}: just under the lowest accuracy (0.25)`);
    const full = join(dir, "out-full");
    assert.equal((await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", full, "--formats", "html", "--full-axis"])).code, 0);
    assert.deepEqual(yRange(readFileSync(join(full, "learning-curves-arith.html"), "utf8")), [-0.02, 1.02]);
  });

  test("--formats png,pdf with --scale, --width, --height and --no-title", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const out = join(dir, "out-print");
    const r = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", out, "--runs", "loss-s0,random-s0", "--formats", "png,pdf,svg",
      "--scale", "2", "--width", "700", "--height", "420", "--no-title"]);
    assert.equal(r.code, 0, r.err);
    const png = readFileSync(join(out, "learning-curves-arith.png"));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1400, 840]); // 700 x 420 at scale 2, from the IHDR header
    const pdf = readFileSync(join(out, "learning-curves-arith.pdf"));
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.ok(!readFileSync(join(out, "winrate.svg"), "utf8").includes("Pairwise win rates"), "--no-title");
    assert.ok(!readdirSync(out).includes("index.html"), "no index without HTML");
  });

  test("--runs and all four paper figures as PNG and SVG", async () => {
    assert.equal(noChromium, false, `${noChromium}: bash scripts/setup.sh installs it`);
    const out = join(dir, "out-img");
    const r = await cli(["figures", "--db", join(dir, "rich.sqlite"), "--out", out, "--runs", "loss-s0,random-s0", "--formats", "png,svg"]);
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes("skipped"), r.out);
    const files = readdirSync(out).sort();
    for (const name of ["learning-curves-arith", "winrate", "ordering-deltas-arith", "fidelity-loss", "selections-loss-s0", "score-histogram-loss-s0", "selections-random-s0"]) {
      assert.ok(files.includes(`${name}.png`) && files.includes(`${name}.svg`), `${name} in ${files.join(", ")}`);
    }
    assert.equal(files.length, 14 + 1, "the figures and findings.json");
    // the four findings, each a number with its interval
    const findings = JSON.parse(readFileSync(join(out, "findings.json"), "utf8")) as Array<{ figure: string; value: number | null; lower: number; upper: number; text: string }>;
    assert.deepEqual([...new Set(findings.map((f) => f.figure))], ["fig2", "fig3", "fig3", "fig5", "fig4"].filter((f, i, a) => a.indexOf(f) === i));
    for (const f of findings.filter((x) => x.value !== null)) {
      assert.ok(f.lower <= f.value! + 1e-9 && f.value! <= f.upper + 1e-9, `${f.text}: value inside its interval`);
      assert.ok(r.out.includes(f.text), `printed: ${f.text}`);
    }
    const fig3 = findings.filter((f) => f.figure === "fig3");
    assert.equal(fig3.length, 2, "first and final iteration");
    assert.match(fig3[0]!.text, /first iteration/);
    assert.match(r.out, /The paper's findings on these runs/);
    assert.ok(readFileSync(join(out, "winrate.svg"), "utf8").includes("Pairwise win rates"));
  });

  test("usage errors exit 2 with one line", async () => {
    assert.equal((await cli(["figures", "--out", dir])).code, 2);
    const missing = await cli(["figures", "--db", join(dir, "nope.sqlite"), "--out", dir]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--db: no store at/);
    const bad = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", dir, "--formats", "png,gif"]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--formats: unknown format "gif" \(png, svg, html, pdf\)/);
    const scale = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", dir, "--scale", "0"]);
    assert.equal(scale.code, 2);
    assert.match(scale.err, /--scale: expected a number from 0\.25 to 10 \(got "0"\)/);
    const width = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", dir, "--width", "wide"]);
    assert.match(width.err, /--width: expected a number from 100 to 10000 \(got "wide"\)/);
    const runs = await cli(["figures", "--db", join(dir, "plain.sqlite"), "--out", dir, "--runs", "ghost"]);
    assert.equal(runs.code, 2);
    assert.match(runs.err, /--runs: unknown run\(s\): ghost/);
  });
});
