// One student server per GPU (run --workers N --gpus LIST): the assignment, its refusals, and the
// environment each spawned server really gets (read from /proc while the run goes on, no GPU needed).
//   node --test dist/test/experiment/gpus.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { assignGpus, visibleGpus } from "../../lib/experiment/gpus.js";
import { runPool } from "../../lib/experiment/pool.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import { openStore } from "../../lib/store/index.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess } from "../helpers/cli.js";

test("assignGpus: one visible GPU per server, --gpus picks them, too many servers refused", () => {
  const four = ["0", "1", "2", "3"];
  assert.deepEqual(assignGpus(4, undefined, four), four);
  assert.deepEqual(assignGpus(2, undefined, four), ["0", "1"]);
  assert.deepEqual(assignGpus(3, "0,2,3", four), ["0", "2", "3"]);
  assert.deepEqual(assignGpus(2, "3,1", four), ["3", "1"], "in the order given");
  assert.equal(assignGpus(2, undefined, []), null, "a CPU machine: no assignment");
  assert.deepEqual(assignGpus(2, "0,1", []), ["0", "1"], "no driver to ask: the list as given");
  assert.throws(() => assignGpus(4, "0,2,3", four), /^Error: --workers 4 asks for 4 student servers, one GPU each, and --gpus gives 3 \(0, 2, 3\); ask for at most 3 workers$/);
  assert.throws(() => assignGpus(5, undefined, four), /this machine has 4 visible \(0, 1, 2, 3\); ask for at most 4 workers/);
  assert.throws(() => assignGpus(1, "0,7", four), /--gpus 0,7: GPU 7 is not visible here \(visible: 0, 1, 2, 3\)/);
  assert.throws(() => assignGpus(1, "0,0", four), /--gpus names GPU 0 twice/);
  assert.throws(() => assignGpus(1, "zero", four), /--gpus must be comma-separated GPU indices such as 0,2,3 \(got "zero"\)/);
});

test("visibleGpus reads CUDA_VISIBLE_DEVICES first (empty or -1: none)", () => {
  assert.deepEqual(visibleGpus({ CUDA_VISIBLE_DEVICES: "2,3" }), ["2", "3"]);
  assert.deepEqual(visibleGpus({ CUDA_VISIBLE_DEVICES: "" }), []);
  assert.deepEqual(visibleGpus({ CUDA_VISIBLE_DEVICES: "-1" }), []);
});

test("each started server gets its own CUDA_VISIBLE_DEVICES (the real spawned processes' environment)", async () => {
  const tmp = tempDir("activesynth-gpus-");
  const store = openStore(tmp.path("gpus.sqlite"));
  try {
    const configs = ["loss", "random"].map((criterion) => smallArithConfig({ name: `gpu-${criterion}`, criterion, budget: { samples: 20 } }));
    const seen = new Map<number, string | undefined>();
    await runPool(configs, {
      store,
      parts: makePartsFactory(store),
      workers: 2,
      gpus: ["3", "1"],
      server: { checkpointDir: tmp.path("ckpt"), threads: 1 },
      onServerStart: (worker, _url, info) => {
        // the server process (start.sh execs python): its environment as the kernel holds it
        const environ = readFileSync(`/proc/${info.pid}/environ`, "utf8").split("\0");
        seen.set(worker, environ.find((e) => e.startsWith("CUDA_VISIBLE_DEVICES="))?.slice("CUDA_VISIBLE_DEVICES=".length));
        assert.equal(info.gpu, ["3", "1"][worker]);
      },
    });
    assert.deepEqual([...seen.entries()].sort(), [[0, "3"], [1, "1"]]);
    for (const c of configs) assert.equal(store.getRun(c.name)?.status, "finished");
  } finally {
    store.close();
    tmp.cleanup();
  }
});

test("run refuses more workers than GPUs, and --gpus with --url, in one line before any work", async () => {
  const tmp = tempDir("activesynth-gpus-cli-");
  try {
    const config = tmp.path("c.json");
    writeFileSync(config, JSON.stringify(smallArithConfig({ name: "g" })));
    const db = tmp.path("never.sqlite");
    for (const [args, pattern] of [
      [["--workers", "3", "--gpus", "0,1"], /^activesynth run: --workers 3 asks for 3 student servers, one GPU each, and --gpus gives 2 \(0, 1\); ask for at most 2 workers$/],
      [["--gpus", "0", "--url", "http://127.0.0.1:9"], /^activesynth run: --gpus places the servers run starts; with --url the servers are already running$/],
    ] as const) {
      // two GPUs visible, whatever this machine has
      const r = await runCliProcess(["run", "--config", config, "--db", db, ...args], { env: { CUDA_VISIBLE_DEVICES: "0,1" } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr.trim(), pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1);
    }
  } finally {
    tmp.cleanup();
  }
});
