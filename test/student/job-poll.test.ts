// Polling a fine-tuning job survives a server that cannot be reached for a moment (a paused or
// overloaded machine): against a node:http stub of the jobs endpoint, fetches that fail to connect
// are retried with a growing wait, the job's result comes back, and only a server unreachable for
// more than `pollRetries` polls in a row gives the job up.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/student/job-poll.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StudentClient } from "../../lib/student/client.js";
import { StudentConnectionError } from "../../lib/student/errors.js";

let server: Server;
let url = "";
let polls = 0;
before(async () => {
  server = createServer((req, res) => {
    polls++;
    const done = polls >= 3;
    res.setHeader("content-type", "application/json");
    if (req.url?.includes("/events")) return res.end(JSON.stringify({ object: "list", data: [] }));
    res.end(JSON.stringify({ id: "ftjob-1", object: "fine_tuning.job", status: done ? "succeeded" : "running", fine_tuned_model: done ? "ft:m:1" : null, trained_tokens: 42 }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

/** A fetch that fails to connect on the calls numbered in `down` (1-based), like undici's "fetch failed". */
function flaky(down: Set<number>): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      calls++;
      if (down.has(calls)) throw new TypeError("fetch failed");
      return fetch(input, init);
    }) as typeof fetch,
    calls: () => calls,
  };
}

test("a job whose server is unreachable for two polls still comes back, every poll retried", async () => {
  polls = 0;
  const f = flaky(new Set([2, 3]));
  const client = new StudentClient({ baseURL: url, fetch: f.fetch, pollMs: 5, pollRetries: 3 });
  const result = await client.waitForJob("ftjob-1");
  assert.deepEqual(result, { jobId: "ftjob-1", model: "ft:m:1", trainedTokens: 42 });
  assert.equal(f.calls(), 5); // 3 polls reached the stub, 2 failed on the way
  assert.equal(polls, 3);
});

test("a server unreachable for more polls in a row than pollRetries loses the job with a connection error", async () => {
  polls = 0;
  const f = flaky(new Set([2, 3, 4]));
  const client = new StudentClient({ baseURL: url, fetch: f.fetch, pollMs: 5, pollRetries: 2 });
  await assert.rejects(client.waitForJob("ftjob-1"), (e: unknown) => e instanceof StudentConnectionError && /cannot reach the student server at .*ftjob-1: fetch failed/.test((e as Error).message));
  assert.equal(f.calls(), 4); // one poll, then the failing one and its 2 retries
});
