import { test } from "node:test";
import assert from "node:assert/strict";
import { inBlocks, pipelined } from "../../lib/util/pipeline.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("pipelined starts steps in order, never more than inFlight at once, and waits for all", async () => {
  const started: number[] = [];
  const done: number[] = [];
  let open = 0;
  let most = 0;
  await pipelined(9, 3, async (i) => {
    started.push(i);
    most = Math.max(most, ++open);
    await sleep(i % 2 === 0 ? 15 : 1); // later steps may end first
    open--;
    done.push(i);
  });
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(most, 3);
  assert.deepEqual([...done].sort((a, b) => a - b), started);
  assert.notDeepEqual(done, started, "steps did overlap");
});

test("a failing step: no step starts after it, the running ones end, the first failure in order is thrown", async () => {
  const started: number[] = [];
  const ended: number[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on("unhandledRejection", onUnhandled);
  try {
    await assert.rejects(
      pipelined(20, 2, async (i) => {
        started.push(i);
        if (i === 3) throw new Error("step 3 failed");
        if (i === 4) throw new Error("step 4 failed too");
        await sleep(i === 2 ? 30 : 2);
        ended.push(i);
      }),
      /step 3 failed/,
    );
    await sleep(20);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  assert.deepEqual(started, [0, 1, 2, 3], "nothing started after the failure");
  assert.ok(ended.includes(2), "the step running when 3 failed was let end");
  assert.deepEqual(unhandled, []);
});

test("inBlocks hands consecutive blocks with their offsets, the last one short", async () => {
  const seen: Array<[number, number[]]> = [];
  await inBlocks(Array.from({ length: 10 }, (_, i) => i), 4, async (block, offset) => void seen.push([offset, block]));
  assert.deepEqual(seen, [[0, [0, 1, 2, 3]], [4, [4, 5, 6, 7]], [8, [8, 9]]]);
  let calls = 0;
  await inBlocks([], 4, async () => void calls++);
  assert.equal(calls, 0);
});
