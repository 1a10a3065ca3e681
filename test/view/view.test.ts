// `activesynth view` in a real browser (playwright-core driving Debian's Chromium) over a small
// real store (test/view/store-fixture.ts: loss and random runs of the loop with the tiny student
// and the fake OpenAI teacher, plus a hostile seed and run): click a run, an iteration, a seed, a
// child, a point of a learning curve, and check what each view shows; markup from the store shows
// as text; a path or id that does not exist is a 404 page; the page fetches nothing from outside;
// the static export opens from files and links the same way. A screenshot of each view goes to
// out/view-screenshots/ (look at them).
//   npm run build && node --test dist/test/view/
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { openStore } from "../../lib/store/index.js";
import { startViewServer, type ViewServer } from "../../lib/view/server.js";
import { exportStaticView } from "../../lib/view/static.js";
import { fromRoot } from "../../lib/util/paths.js";
import { tempDir } from "../helpers/temp-dir.js";
import { killGroup, runCliProcess, spawnCli } from "../helpers/cli.js";
import { buildViewStore, RUNS, XSS_ID, XSS_QUESTION, XSS_RUN } from "./store-fixture.js";

const CHROMIUM = process.env.ACTIVESYNTH_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = fromRoot("out", "view-screenshots");
const tmp = tempDir("activesynth-view-");
let db: string;
let server: ViewServer;
let browser: Browser;
let page: Page;
/** Every URL the page asked for (nothing may come from outside the server). */
const requested: string[] = [];
/** Errors thrown by the page's scripts. */
const pageErrors: string[] = [];

const shot = async (name: string) => {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};
/** Waits until every figure of the page is drawn (figureDiv marks it). */
const figuresDrawn = async () => {
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".figure")).every((f) => f.getAttribute("data-drawn") === "1"), undefined, { timeout: 20_000 });
};
const cellTexts = async (selector: string) => page.$$eval(selector, (cells) => cells.map((c) => (c.textContent ?? "").trim()));

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium; ACTIVESYNTH_CHROMIUM overrides the path)`);
  mkdirSync(SHOTS, { recursive: true });
  db = await buildViewStore(tmp.dir);
  server = await startViewServer({ db });
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("request", (r) => void requested.push(r.url()));
  page.on("pageerror", (e) => void pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  tmp.cleanup();
});

describe("the served pages, clicked through", () => {
  test("runs: every run with method, status, spend and accuracy; the curves drawn; a filter", async () => {
    const res = await page.goto(`${server.url}/`);
    assert.equal(res?.status(), 200);
    await figuresDrawn();
    const runs = await cellTexts("#runs tbody tr td:first-child");
    assert.deepEqual(runs, [...RUNS, XSS_RUN]);
    const loss = await cellTexts("#runs tbody tr:first-child td");
    assert.equal(loss[1], "active: loss");
    assert.equal(loss[4], "finished");
    assert.equal(loss[6], "40");
    assert.equal(loss[7], "40 samples");
    assert.match(loss[9]!, /^\$\d/);
    assert.match(loss[10]!, /^\d+\.\d%$/);
    assert.equal(await page.locator("#curves .scatterlayer .trace").count(), 3, "a curve per evaluated run");
    await shot("1-runs");
    await page.fill("main form input[name=q]", "random");
    await Promise.all([page.waitForURL(/\/\?q=random$/), page.press("main form input[name=q]", "Enter")]);
    assert.deepEqual(await cellTexts("#runs tbody tr td:first-child"), ["view-random"]);
  });

  test("a point of a learning curve opens that run's iteration", async () => {
    await page.goto(`${server.url}/?q=view-loss`);
    await figuresDrawn();
    // the last point of the loss run's curve: iteration 2
    const points = page.locator("#curves .scatterlayer .trace .points path");
    const box = await points.last().boundingBox();
    assert.ok(box, "the point is drawn");
    await Promise.all([page.waitForURL(/\/run\/view-loss\/iteration\/2$/), page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)]);
    assert.match(await page.locator("h1").innerText(), /view-loss: iteration 2/);
  });

  test("a run: its iterations with accuracy, samples, spend and the kinds selected", async () => {
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForURL(/\/run\/view-loss$/), page.click('#runs a:text-is("view-loss")')]);
    await figuresDrawn();
    assert.equal(await page.locator("h1").innerText(), "Run view-loss");
    const ts = await cellTexts("#iterations tbody tr td:first-child");
    assert.deepEqual(ts, ["0 (base)", "1", "2"]);
    const it1 = await cellTexts("#iterations tbody tr:nth-child(2) td");
    assert.equal(it1[1], "20", "samples after iteration 1");
    assert.match(it1[2]!, /^\d+\.\d%$/);
    assert.equal(it1[5], "10", "seeds selected");
    assert.match(it1[6]!, /(add|sub|addsub|mul) \d+/);
    assert.equal(it1[7], "20 / 20", "generated ok / tried");
    await shot("2-run");
  });

  test("an iteration: the selected seeds with score, rank and kind, sortable, and the pool's scores", async () => {
    await Promise.all([page.waitForURL(/\/run\/view-loss\/iteration\/1$/), page.click('#iterations a:text-is("1")')]);
    await figuresDrawn();
    assert.equal(await page.locator("#pool .trace.bars").count(), 2, "the rest of the pool and the selected seeds");
    assert.deepEqual(await cellTexts("#selected tbody tr td:first-child"), Array.from({ length: 10 }, (_, i) => String(i)));
    const byRank = (await cellTexts("#selected tbody tr td:nth-child(4)")).map(Number);
    assert.deepEqual(byRank, [...byRank].sort((x, y) => y - x), "loss selection: rank order is score order, highest first");
    await shot("3-iteration");
    // sort by score, lowest first: two clicks on the header (the first sorts highest first)
    await Promise.all([page.waitForURL(/sort=score&dir=desc/), page.click("#selected th >> text=score (loss)")]);
    await Promise.all([page.waitForURL(/sort=score&dir=asc/), page.click("#selected th >> text=score (loss)")]);
    const asc = (await cellTexts("#selected tbody tr td:nth-child(4)")).map(Number);
    assert.deepEqual(asc, [...byRank].reverse());
    await Promise.all([page.waitForURL(/sort=kind/), page.click("#selected th >> text=kind")]);
    const kinds = await cellTexts("#selected tbody tr td:nth-child(3)");
    assert.deepEqual(kinds, [...kinds].sort());
  });

  test("a seed: question, gold answer, the student at each checkpoint, its children and their grades", async () => {
    await page.goto(`${server.url}/run/view-loss/iteration/1`);
    const seedId = (await cellTexts("#selected tbody tr:first-child td:nth-child(2)"))[0]!;
    await Promise.all([page.waitForURL(/\/run\/view-loss\/example\//), page.click(`#selected a:text-is("${seedId}")`)]);
    const store = openStore(db, { readonly: true });
    const seed = store.getExample(seedId)!;
    const children = store.getExamples({ source: "synthetic", runId: "view-loss" }).filter((e) => e.parentId === seedId);
    store.close();
    assert.equal(await page.locator("#question").innerText(), seed.question);
    assert.equal(await page.locator("#gold").innerText(), seed.answer);
    // the base (t = 0) answered and scored the pool when it chose iteration 1's seeds
    const base = await cellTexts("#checkpoints tbody tr:first-child td");
    assert.equal(base[0], "0");
    assert.match(base[3]!, /^[✓✗]$/);
    assert.ok(base.slice(4).some((v) => /^\d+\.\d{4}$/.test(v)), `a score: ${base.join(" | ")}`);
    assert.equal(children.length, 2);
    assert.deepEqual(await cellTexts("#children tbody tr td:nth-child(4)"), children.map((c) => c.question));
    for (const grade of await cellTexts("#children tbody tr td:nth-child(7)")) assert.match(grade, /^[✓✗]$/, "each child graded");
    const spend = await cellTexts("#children tbody tr td:last-child");
    for (const s of spend) assert.match(s, /^2 · \d+ · \$0\.\d+$/, "two teacher calls per child, with tokens and cost");
    await shot("4-seed");
  });

  test("a child: its parent, and the teacher calls behind it with tokens and cost", async () => {
    await Promise.all([page.waitForURL(/\/run\/view-loss\/example\/view-loss%2Ft1%2F/), page.click("#children tbody tr:first-child td:nth-child(2) a")]);
    assert.match(await page.locator("h1").innerText(), /^Synthetic sample view-loss\/t1\//);
    const calls = await page.$$eval("#calls tbody tr:nth-child(odd)", (rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? "").trim())));
    assert.equal(calls.length, 2, "the question call and the answer call");
    assert.match(calls[0]![0]!, /question$/);
    assert.match(calls[1]![0]!, /answer$/);
    for (const c of calls) {
      assert.equal(c[1], "fake-teacher");
      assert.ok(Number(c[3]!.replace(/,/g, "")) > 0 && Number(c[4]!.replace(/,/g, "")) > 0, "prompt and completion tokens");
      assert.match(c[5]!, /^\$0\.\d{4}$/);
    }
    await shot("5-child");
    await Promise.all([page.waitForURL(/\/run\/view-loss\/example\/arith/), page.click("dd a >> nth=1")]);
    assert.match(await page.locator("h1").innerText(), /^Seed /);
  });

  test("search finds questions, and an id", async () => {
    await page.goto(`${server.url}/`);
    await page.fill("header input[name=q]", "How many");
    await Promise.all([page.waitForURL(/\/search\?q=How\+many/), page.press("header input[name=q]", "Enter")]);
    assert.equal(await page.locator("#hits tbody tr").count(), 50, "a page of 50");
    await Promise.all([page.waitForURL(/after=\d+/), page.click("text=next ›")]);
    assert.ok(await page.locator("#hits tbody tr").count() > 0);
    await shot("6-search");
  });

  test("markup in a store shows as text and never runs", async () => {
    for (const url of [`${server.url}/`, `${server.url}/run/${encodeURIComponent(XSS_RUN)}`, `${server.url}/run/${encodeURIComponent(XSS_RUN)}/iteration/1`,
      `${server.url}/run/${encodeURIComponent(XSS_RUN)}/example/${encodeURIComponent(XSS_ID)}`, `${server.url}/example/${encodeURIComponent(XSS_ID)}`, `${server.url}/search?q=${encodeURIComponent("<script>")}`]) {
      const res = await page.goto(url);
      assert.equal(res?.status(), 200, url);
      await page.waitForTimeout(100);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, `nothing ran on ${url}`);
      assert.equal(await page.locator("main img").count(), 0, `no <img> made on ${url}`);
      // the only scripts are the figures' own (a store's text is JSON inside them, "<" as \u003c)
      const scripts = await page.$$eval("main script", (list) => list.map((s) => s.textContent ?? ""));
      for (const code of scripts) {
        assert.match(code, /^\(function \(\) \{ var el = document\.getElementById\("\w+"\);/, `a figure's script on ${url}`);
        assert.doesNotMatch(code, /<(img|script)/i, `no markup inside a figure's script on ${url}`);
      }
    }
    await page.goto(`${server.url}/run/${encodeURIComponent(XSS_RUN)}/example/${encodeURIComponent(XSS_ID)}`);
    assert.equal(await page.locator("#question").innerText(), XSS_QUESTION);
    await shot("7-injection");
    await page.goto(`${server.url}/run/${encodeURIComponent(XSS_RUN)}/iteration/1`);
    assert.match(await page.locator("#selected tbody").innerText(), /<script>window\.__pwned = 1<\/script>/);
    await page.goto(`${server.url}/`);
    assert.ok((await cellTexts("#runs tbody tr td:first-child")).includes(XSS_RUN));
  });

  test("what does not exist is a 404 page, never a stack trace; the server is read-only", async () => {
    for (const path of ["/nope", "/run/nope", "/run/view-loss/iteration/99", "/run/view-loss/iteration/x", "/example/nope", "/run/nope/example/x",
      "/run/view-loss/example/nope", "/run/%E0%A4%A", "/run/view-loss/iteration/1/extra", "/assets/other.js"]) {
      const res = await fetch(server.url + path);
      const body = await res.text();
      assert.equal(res.status, 404, path);
      assert.match(body, /<h1>Not found<\/h1>/, path);
      assert.doesNotMatch(body, /\n\s+at |Error:/, `no stack trace on ${path}`);
    }
    const post = await fetch(`${server.url}/`, { method: "POST", body: "x" });
    assert.equal(post.status, 405);
  });

  test("the page fetched nothing from outside the server, and no script failed", () => {
    assert.ok(requested.length > 0);
    const outside = requested.filter((u) => !u.startsWith(server.url + "/"));
    assert.deepEqual(outside, []);
    assert.deepEqual(pageErrors, []);
  });

  test("a run written while the view is open shows on the next load (the store is shared, not locked)", async () => {
    const writer = openStore(db);
    try {
      writer.upsertRun({ id: "written-meanwhile", name: "written-meanwhile", config: { name: "written-meanwhile", task: "arith", method: "static", criterion: "random", seed: 3 } });
    } finally {
      writer.close();
    }
    await page.goto(`${server.url}/?q=meanwhile`);
    assert.deepEqual(await cellTexts("#runs tbody tr td:first-child"), ["written-meanwhile"]);
  });
});

describe("static export", () => {
  test("the same pages as files: runs, a run, an iteration, a seed and a child, linked, with the figures drawn offline", async () => {
    const out = tmp.path("static");
    const files = exportStaticView(db, out, { runs: ["view-loss"] });
    const store = openStore(db, { readonly: true });
    const seeds = new Set(store.listSelections("view-loss").map((s) => s.exampleId)).size;
    const children = store.getExamples({ source: "synthetic", runId: "view-loss" }).length;
    store.close();
    // index, the run, 2 iterations, the selected seeds, their children, plotly.min.js
    assert.equal(files.length, 1 + 1 + 2 + seeds + children + 1);
    assert.ok(readdirSync(out).includes("plotly.min.js"));
    const seen: string[] = [];
    const onRequest = (r: { url(): string }) => void seen.push(r.url());
    page.on("request", onRequest);
    try {
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await figuresDrawn();
      assert.deepEqual(await cellTexts("#runs tbody tr td:first-child"), ["view-loss"]);
      await page.fill("input[data-filter]", "nothing-matches");
      assert.equal(await page.locator("#runs tbody tr:visible").count(), 0, "the filter hides rows in the browser");
      await page.fill("input[data-filter]", "");
      await page.click('#runs a:text-is("view-loss")');
      await figuresDrawn();
      await page.click('#iterations a:text-is("2")');
      await figuresDrawn();
      assert.match(await page.locator("h1").innerText(), /view-loss: iteration 2/);
      // sort by score in the browser: the first click sorts lowest first, the second highest first
      await page.click("#selected th >> text=score (loss)");
      await page.click("#selected th >> text=score (loss)");
      const scores = (await cellTexts("#selected tbody tr td:nth-child(4)")).map(Number);
      assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
      await shot("8-static-iteration");
      await page.click("#selected tbody tr:first-child td:nth-child(2) a");
      assert.match(await page.locator("h1").innerText(), /^Seed /);
      await page.click("#children tbody tr:first-child td:nth-child(2) a");
      assert.match(await page.locator("h1").innerText(), /^Synthetic sample view-loss\/t2\//);
      assert.equal(await page.locator("#calls tbody tr:nth-child(odd)").count(), 2);
    } finally {
      page.off("request", onRequest);
    }
    assert.deepEqual(seen.filter((u) => !u.startsWith("file://")), [], "nothing fetched from a network");
  });
});

describe("the command", () => {
  test("view --db serves on 127.0.0.1 at a free port it prints; --out writes files; bad input is one line", async () => {
    const { child, done } = spawnCli(["view", "--db", db]);
    try {
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      for (let i = 0; i < 100 && !/http:\/\/127\.0\.0\.1:\d+\//.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      assert.ok(url, out);
      const res = await fetch(`${url}run/view-random`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<h1>Run view-random<\/h1>/);
    } finally {
      killGroup(child);
      await done;
    }
    const written = await runCliProcess(["view", "--db", db, "--out", tmp.path("static-cli")]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /^wrote \d+ page\(s\) and plotly\.min\.js to /);
    const missing = await runCliProcess(["view", "--db", tmp.path("missing.sqlite")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^activesynth view: --db: no store at /);
    const badPort = await runCliProcess(["view", "--db", db, "--port", "http"]);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /^activesynth view: --port: expected a port number/);
    const badRun = await runCliProcess(["view", "--db", db, "--out", tmp.path("x"), "--runs", "nope"]);
    assert.equal(badRun.code, 2);
    assert.match(badRun.stderr, /--runs: unknown run "nope"/);
  });
});
