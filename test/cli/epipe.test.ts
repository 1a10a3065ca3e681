// `activesynth export ... | head`: the reader closes the pipe early; the command stops quietly
// (exit 0, no EPIPE stack trace on stderr).
//   node --test dist/test/cli/epipe.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { openStore } from "../../lib/store/index.js";
import { fromRoot } from "../../lib/util/paths.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";

test("export into a pipe the reader closes after the first chunk: exit 0, no stack trace", async () => {
  const tmp = tempDir("activesynth-epipe-");
  const db = tmp.path("big.sqlite");
  const store = openStore(db);
  const config = smallArithConfig({ name: "big" });
  store.upsertRun({ id: "big", name: "big", config });
  // about 3 MB of JSONL: far more than a pipe buffer
  store.putExamples(Array.from({ length: 10_000 }, (_, i) => ({
    id: `big/t1/s${i}/0`, task: "arith", question: `Tom has ${i} apples. He buys 3 more. How many apples does he have now? `.repeat(3),
    answer: `${i} + 3 = ${i + 3} #### ${i + 3}`, source: "synthetic" as const, runId: "big", iteration: 1, parentId: null, sampleIndex: 0,
  })));
  store.close();
  try {
    const child = spawn(process.execPath, [fromRoot("bin", "activesynth.js"), "export", "--db", db, "--run", "big"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy(); // like `head -1` exiting
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /);
  } finally {
    tmp.cleanup();
  }
});
