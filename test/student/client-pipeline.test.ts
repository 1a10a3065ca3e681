// StudentClient keeps up to `inFlight` chunk requests outstanding: against a plain node:http stub
// of /v1/score and /v1/completions that answers after a random small delay (so later chunks can
// finish first), the results stay in input order, the chunks are asked in order, and no more
// than `inFlight` requests are ever open at once; a failing chunk stops the run cleanly.
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/student/client-pipeline.test.js
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StudentClient } from "../../lib/student/client.js";
import { StudentServerError } from "../../lib/student/errors.js";
import type { ScoreItem } from "../../lib/student/types.js";

const N = 95;
const CHUNK = 10;
const ITEMS: ScoreItem[] = Array.from({ length: N }, (_, i) => ({ prompt: `q${i}`, completion: ` a${i}` }));
const PROMPTS = ITEMS.map((it) => it.prompt);
const CHUNK_STARTS = Array.from({ length: Math.ceil(N / CHUNK) }, (_, k) => k * CHUNK);

const numberOf = (prompt: string) => Number(prompt.slice(1));

/** Runs `body`, then checks that no promise was rejected without a handler meanwhile. */
async function withoutUnhandledRejections(body: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    await body();
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The first item of each request in the order the client started them (its fetch calls) and in
// the order they reached the stub; the most requests open at once at the stub. Two requests on two
// connections may reach the server in either order, so the chunk order is checked at the fetch.
let started: number[] = [];
let arrivals: number[] = [];
let open = 0;
let maxOpen = 0;
let failChunk = -1; // the chunk (0-based) answered with 500
let delayMs = (_chunk: number) => 5 + Math.random() * 25;

const firstOf = (body: string) => {
  const parsed = JSON.parse(body) as { items?: ScoreItem[]; prompt?: string[] };
  return numberOf((parsed.items?.[0]?.prompt ?? parsed.prompt?.[0])!);
};
const recordingFetch: typeof fetch = (input, init) => {
  started.push(firstOf(init!.body as string));
  return fetch(input, init);
};
const client = (options: { chunkSize?: number; inFlight?: number }) =>
  new StudentClient({ baseURL, fetch: recordingFetch, ...options });
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

let server: Server;
let baseURL: string;
before(async () => {
  server = createServer((req, res) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", async () => {
      const parsed = JSON.parse(body) as { items?: ScoreItem[]; prompt?: string[] };
      const prompts = req.url === "/v1/score" ? parsed.items!.map((it) => it.prompt) : parsed.prompt!;
      const first = firstOf(body);
      arrivals.push(first);
      const chunk = first / CHUNK;
      await sleep(delayMs(chunk));
      let status = 200;
      let answer: unknown;
      if (chunk === failChunk) {
        status = 500;
        answer = { error: { message: `chunk ${chunk} failed`, type: "server_error", param: null, code: null } };
      } else {
        // answered in reversed index order: the client must place rows by `index`
        const rows = prompts.map((p, index) => ({ index, n: numberOf(p) })).reverse();
        answer =
          req.url === "/v1/score"
            ? { data: rows.map(({ index, n }) => ({ index, mean_nll: n, sum_nll: 2 * n, tokens: n + 1, mean_entropy: n / 2, mean_margin: -n })) }
            : { choices: rows.map(({ index, n }) => ({ index, text: `t${n}` })) };
      }
      open--;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  started = [];
  arrivals = [];
  open = 0;
  maxOpen = 0;
  failChunk = -1;
  delayMs = () => 5 + Math.random() * 25;
});

describe("StudentClient chunks in flight", () => {
  test("inFlight 2: score results in input order, chunks asked in order, exactly 2 open at once", async () => {
    const student = client({ chunkSize: CHUNK, inFlight: 2 });
    const scores = await student.score("tiny", ITEMS);
    assert.equal(scores.length, N);
    assert.deepEqual(scores.map((s) => s.meanNll), ITEMS.map((_, i) => i));
    assert.deepEqual(scores[37], { meanNll: 37, sumNll: 74, tokens: 38, meanEntropy: 18.5, meanMargin: -37 });
    assert.deepEqual(started, CHUNK_STARTS);
    assert.deepEqual(sorted(arrivals), CHUNK_STARTS);
    assert.equal(maxOpen, 2);
  });

  test("inFlight 2: generate results in input order; later chunks finishing first change nothing", async () => {
    // every odd chunk answers at once, every even one late: the younger chunk ends first
    delayMs = (chunk) => (chunk % 2 === 0 ? 30 : 0);
    const student = client({ chunkSize: CHUNK, inFlight: 2 });
    const texts = await student.generate("tiny", PROMPTS, { maxTokens: 4 });
    assert.deepEqual(texts, PROMPTS.map((_, i) => `t${i}`));
    assert.deepEqual(started, CHUNK_STARTS);
    assert.deepEqual(sorted(arrivals), CHUNK_STARTS);
    assert.equal(maxOpen, 2);
  });

  test("inFlight 1: one request at a time, same results", async () => {
    const student = client({ chunkSize: CHUNK, inFlight: 1 });
    const scores = await student.score("tiny", ITEMS);
    assert.deepEqual(scores.map((s) => s.meanNll), ITEMS.map((_, i) => i));
    assert.deepEqual(started, CHUNK_STARTS);
    assert.deepEqual(sorted(arrivals), CHUNK_STARTS);
    assert.equal(maxOpen, 1);
  });

  test("the default is 2 in flight", async () => {
    const scores = await client({ chunkSize: CHUNK }).score("tiny", ITEMS);
    assert.deepEqual(scores.map((s) => s.meanNll), ITEMS.map((_, i) => i));
    assert.equal(maxOpen, 2);
  });

  test("a 500 on the 3rd chunk rejects with StudentServerError, asks no chunk after the 4th, leaves no unhandled rejection", async () => {
    await withoutUnhandledRejections(async () => {
      failChunk = 2;
      // the 3rd chunk fails at once while the 2nd is still running: no 4th is started
      delayMs = (chunk) => (chunk === 1 ? 80 : chunk === 2 ? 0 : 20);
      const student = client({ chunkSize: CHUNK, inFlight: 2 });
      await assert.rejects(student.score("tiny", ITEMS), (e: unknown) => {
        assert.ok(e instanceof StudentServerError, String(e));
        assert.equal(e.status, 500);
        assert.match(e.message, /chunk 2 failed/);
        return true;
      });
      await sleep(150); // anything still coming would arrive by now
      assert.deepEqual(started, CHUNK_STARTS.slice(0, 3));
      assert.deepEqual(sorted(arrivals), CHUNK_STARTS.slice(0, 3));
      assert.equal(open, 0, "every request was answered before the rejection");
    });
  });

  test("a 500 on the 3rd chunk while the 4th is in flight: the 3rd's error, after the 4th settles", async () => {
    await withoutUnhandledRejections(async () => {
      failChunk = 2;
      // the 2nd ends at once, so the 4th starts; the 3rd fails at 20 ms, the 4th ends at 60 ms
      delayMs = (chunk) => (chunk === 2 ? 20 : chunk === 3 ? 60 : 0);
      const student = client({ chunkSize: CHUNK, inFlight: 2 });
      await assert.rejects(student.score("tiny", ITEMS), (e: unknown) => e instanceof StudentServerError && /chunk 2 failed/.test(e.message));
      assert.equal(open, 0, "the 4th chunk settled before the rejection");
      await sleep(100);
      assert.deepEqual(started, CHUNK_STARTS.slice(0, 4));
      assert.deepEqual(sorted(arrivals), CHUNK_STARTS.slice(0, 4));
    });
  });

  test("inFlight and chunkSize must be positive integers", () => {
    assert.throws(() => new StudentClient({ baseURL, inFlight: 0 }), /inFlight.*\(got 0\)/);
    assert.throws(() => new StudentClient({ baseURL, inFlight: 1.5 }), /inFlight.*1\.5/);
    assert.throws(() => new StudentClient({ baseURL, chunkSize: 0 }), /chunkSize.*\(got 0\)/);
    assert.throws(() => new StudentClient({ baseURL, chunkSize: Number.NaN }), /chunkSize.*NaN/);
  });

  test("no inputs: no request", async () => {
    assert.deepEqual(await client({}).score("tiny", []), []);
    assert.deepEqual(started, []);
  });
});
