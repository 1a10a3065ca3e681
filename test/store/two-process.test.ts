import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { openStore } from "../../lib/store/index.js";
import { tempDir } from "./helpers.js";

const openStoreUrl = new URL("../../lib/store/open-store.js", import.meta.url).href;

// The child writes 40 transactions of 25 scores each, reads the parent's meta, and prints a count.
const childScript = `
import { openStore } from ${JSON.stringify(openStoreUrl)};
const store = openStore(process.argv[1]);
for (let t = 0; t < 40; t++) {
  const rows = [];
  for (let i = 0; i < 25; i++) rows.push({ exampleId: "c" + (t * 25 + i), model: "child", criterion: "loss", value: t + i / 100 });
  store.putScores(rows);
  store.setMeta("child-progress", t);
  await new Promise((r) => setTimeout(r, 2));
}
const parentRows = store.listScores({ model: "parent" }).length;
store.close();
console.log(JSON.stringify({ done: true, parentRowsSeen: parentRows }));
`;

test("two processes write the same file at once (WAL + busy timeout)", async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, "shared.sqlite");
    const store = openStore(file);
    store.upsertRun({ id: "r", name: "shared", config: {} });

    const child = spawn(process.execPath, ["--input-type=module", "-e", childScript, file], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((res) => child.on("close", res));
    let running = true;
    void exited.then(() => (running = false));

    let t = 0;
    let childProgressSeen = -1;
    while (running || t < 40) {
      store.putScores(Array.from({ length: 25 }, (_, i) => ({ exampleId: `p${t * 25 + i}`, model: "parent", criterion: "loss", value: t })));
      const p = store.getMeta("child-progress");
      if (typeof p === "number") childProgressSeen = Math.max(childProgressSeen, p);
      t++;
      await sleep(2);
    }
    const code = await exited;
    assert.equal(code, 0, `child failed: ${err}`);
    const result = JSON.parse(out.trim());
    assert.equal(result.done, true);
    assert.ok(result.parentRowsSeen > 0, "the child saw rows the parent wrote");
    assert.equal(store.listScores({ model: "child" }).length, 1000);
    assert.equal(store.listScores({ model: "parent" }).length, t * 25);
    assert.equal(store.getMeta("child-progress"), 39);
    assert.ok(childProgressSeen >= 0, "the parent saw the child's progress while it ran");
    store.close();
  } finally {
    cleanup();
  }
});

