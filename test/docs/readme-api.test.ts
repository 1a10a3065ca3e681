import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { fromRoot } from "../../lib/util/paths.js";
import { buildFixtureStore, tempDir } from "../plots/fixture-store.js";

test("the README's 'library in ten lines' runs as written (on a real store with the demo's run names)", async () => {
  const readme = readFileSync(fromRoot("README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The library in ten lines"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, "the section has a js block");
  assert.ok(code.split("\n").filter((l) => l.trim()).length <= 10, "ten lines at most");
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, "demo.sqlite");
    const store = buildFixtureStore(path);
    for (const r of store.listRuns()) store.upsertRun({ id: `demo-${r.id}`, name: `demo-${r.id}`, config: r.config });
    // the fixture's runs under the demo's names: copy their rows with a SQL statement per table
    store.close();
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(path);
    for (const table of ["selections", "iterations", "evaluations", "generations"]) db.exec(`UPDATE ${table} SET run_id = 'demo-' || run_id WHERE run_id NOT LIKE 'demo-%'`);
    db.exec("UPDATE examples SET run_id = 'demo-' || run_id WHERE run_id IS NOT NULL AND run_id NOT LIKE 'demo-%'");
    db.exec("DELETE FROM runs WHERE id NOT LIKE 'demo-%'");
    db.close();
    const api = pathToFileURL(fromRoot("dist", "lib", "index.js")).href;
    const program = code.replace(/from "activesynth"/, `from ${JSON.stringify(api)}`).replace(".activesynth/demo.sqlite", path);
    const logged: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logged.push(args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "));
    try {
      const file = join(dir, "snippet.mjs");
      (await import("node:fs")).writeFileSync(file, program);
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
    }
    const text = logged.join("\n");
    assert.match(text, /loss reaches random's final accuracy/);
    assert.match(text, /kind: 'mul'/, "selectionCounts printed the loss run's picks");
    assert.match(text, /demo-static-s0/, "runsFrame printed the runs");
  } finally {
    cleanup();
  }
});
