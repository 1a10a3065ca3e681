// The `activesynth` command as a user runs it (node bin/activesynth.js): bad input stops at once
// with one line and exit code 2, before any work; `run`, `status` and `export` on a small real run
// (the tiny server on CPU, 1 iteration of 10 seeds x 2 samples for loss and random).
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/cli/
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openStore } from "../../lib/store/index.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess, type CliResult } from "../helpers/cli.js";

const tmp = tempDir("activesynth-cli-");
const db = tmp.path("store.sqlite");
const missingDb = tmp.path("never-created.sqlite");
const { name: _name, ...defaults } = smallArithConfig({ name: "cli", budget: { samples: 20 }, student: { baseModel: "tiny", hyperparameters: { steps: 5, batchSize: 16 } } });
const experiment = { defaults: { ...defaults, name: "cli" }, grid: { criterion: ["loss", "random"] } };
const RUNS = ["cli-criterion-loss", "cli-criterion-random"];

/** Writes a config file in the temp dir and returns its path. */
function configFile(name: string, content: unknown): string {
  const path = tmp.path(name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

/** A user error: exit code 2, nothing on stdout, exactly one line on stderr matching `pattern`. */
function assertUsageError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 2, `exit code ${result.code}; stderr:\n${result.stderr}`);
  assert.equal(result.stdout, "");
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, pattern);
}

after(() => tmp.cleanup());

describe("bad input stops with one line and exit code 2, before any work", () => {
  const okRun = { ...defaults, name: "bad" };

  test("an unknown command lists the commands", async () => {
    assertUsageError(await runCliProcess(["frobnicate"]), /^activesynth: unknown command "frobnicate"; commands: demo, run, status, export/);
    assertUsageError(await runCliProcess(["figurs"]), /^activesynth: unknown command "figurs" \(did you mean "figures"\?\)/);
  });

  test("an unknown flag names the flag", async () => {
    assertUsageError(await runCliProcess(["run", "--confgi", "x.json", "--db", missingDb]), /^activesynth run: unknown option --confgi \(did you mean "--config"\?\); options: --config, --db/);
    assertUsageError(await runCliProcess(["status", "--verbose"]), /^activesynth status: unknown option --verbose; options: --db/);
  });

  test("run without --config says it is required", async () => {
    assertUsageError(await runCliProcess(["run", "--db", missingDb]), /^activesynth run: --config FILE is required/);
  });

  test("an unreadable config file names the path and the reason", async () => {
    const path = tmp.path("no-such-config.json");
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), new RegExp(`"--config" cannot be read: ${path.replace(/[.]/g, "\\.")} \\(ENOENT\\)$`));
  });

  test("a config that is not JSON names the file and line", async () => {
    const path = configFile("broken.json", '{\n  "name": "x",\n  "task": arith\n}\n');
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), new RegExp(`${path.replace(/[.]/g, "\\.")}:3: invalid JSON`));
  });

  test("an unknown criterion names the field, the value, the file and the known ones", async () => {
    const path = configFile("criterion.json", { ...okRun, criterion: "vibes" });
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), new RegExp(`^activesynth run: ${path.replace(/[.]/g, "\\.")}:\\d+: "criterion" is unknown: "vibes"; known: random, loss`));
  });

  test("a sample budget below one iteration (m x k) is refused", async () => {
    const path = configFile("budget.json", { ...okRun, budget: { samples: 15 } });
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), /"budget\.samples" \(15\) is below one iteration's samples, perIteration x samplesPerSeed = 20$/);
  });

  test("a missing field is named with its file", async () => {
    const { perIteration: _p, ...noPer } = okRun;
    const path = configFile("missing.json", noPer);
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), new RegExp(`${path.replace(/[.]/g, "\\.")}: "perIteration" must be an integer >= 1$`));
    const { teacher: _t, ...noTeacher } = okRun;
    const path2 = configFile("missing-teacher.json", noTeacher);
    assertUsageError(await runCliProcess(["run", "--config", path2, "--db", missingDb]), new RegExp(`${path2.replace(/[.]/g, "\\.")}: "teacher" is missing`));
  });

  test("a grid run with a bad value names the run", async () => {
    const path = configFile("grid.json", { defaults: okRun, grid: { criterion: ["loss", "vibes"] } });
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), /\(run 2: bad-criterion-vibes\): "criterion" is unknown: "vibes"/);
  });

  test("status and export of a missing store name the path", async () => {
    assertUsageError(await runCliProcess(["status", "--db", missingDb]), new RegExp(`^activesynth status: --db: no store at ${missingDb.replace(/[.]/g, "\\.")}$`));
    assertUsageError(await runCliProcess(["export", "--db", missingDb, "--run", "x"]), /^activesynth export: --db: no store at /);
    assertUsageError(await runCliProcess(["status"]), /^activesynth status: --db FILE is required$/);
  });

  // issue 10: bad teacher options, student hyperparameters and task options stop before the store
  // is created and before any server starts, naming the field and the file
  const badRuns: Array<[string, Record<string, unknown>, RegExp]> = [
    ["maxInFlight not a number", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", maxInFlight: "abc" } }, /"teacher\.maxInFlight" must be an integer in 1\.\.10000, got "abc"$/],
    ["negative rpm", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", rpm: -5 } }, /"teacher\.rpm" must be a number in /],
    ["a typo in a teacher field", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", maxInflight: 4 } }, /"teacher\.maxInflight" is not a field of the openai teacher \(did you mean "maxInFlight"\?\); fields: kind, baseURL, model/],
    ["timeoutMs a word", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutMs: "fast" } }, /"teacher\.timeoutMs" must be an integer/],
    ["maxRetries -1", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", maxRetries: -1 } }, /"teacher\.maxRetries" must be an integer in 0\.\.100, got -1$/],
    ["maxTokens 0", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", maxTokens: 0 } }, /"teacher\.maxTokens" must be an integer in 1\./],
    ["priceTable a number", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", priceTable: 3 } }, /"teacher\.priceTable" must be an object/],
    ["baseURL not a URL", { teacher: { kind: "openai", baseURL: "not a url", model: "m" } }, /"teacher\.baseURL" must be an http\(s\) URL/],
    ["an API key in the file", { teacher: { kind: "openai", baseURL: "https://api.example.com/v1", model: "m", apiKey: "sk-secret" } }, /"teacher\.apiKey" must not be written in a config: .*teacher\.apiKeyEnv$/],
    ["an API key variable that is not set", { teacher: { kind: "openai", baseURL: "https://api.example.com/v1", model: "m", apiKeyEnv: "ACTIVESYNTH_TEST_UNSET_KEY" } }, /"teacher\.apiKeyEnv" names ACTIVESYNTH_TEST_UNSET_KEY, which is not set/],
    ["the procedural teacher on a real dataset", { task: "gsm8k", taskOptions: {} }, /"teacher\.kind" "procedural": task "gsm8k" has no procedural teacher \(only arith, game24, prontoqa, proofwriter do\); it needs an LLM teacher/],
    ["failureRate 2", { teacher: { kind: "procedural", failureRate: 2 } }, /"teacher\.failureRate" must be a number in 0\.\.1, got 2$/],
    ["an unknown pretraining kind", { student: { baseModel: "tiny", hyperparameters: { steps: 5 }, pretrain: { kinds: ["div"], examples: 10, hyperparameters: { steps: 5 } } } }, /"student\.pretrain\.kinds\[0\]" is not a kind of task arith: "div" \(kinds: add, sub, addsub, mul\)/],
    ["learningRate 5", { student: { baseModel: "tiny", hyperparameters: { learningRate: 5 } } }, /"student\.hyperparameters\.learningRate" must be at most 1/],
    ["steps 1.5", { student: { baseModel: "tiny", hyperparameters: { steps: 1.5 } } }, /"student\.hyperparameters\.steps" must be a whole number, got 1\.5$/],
    ["batchSize 100000", { student: { baseModel: "tiny", hyperparameters: { batchSize: 100000 } } }, /"student\.hyperparameters\.batchSize" must be at most 4096/],
    ["digits 7", { taskOptions: { digits: 7 } }, /:4: "taskOptions\.digits" must be an integer in 1\.\.3, got 7$/],
    ["an unknown task option", { taskOptions: { digitz: 1 } }, /"taskOptions\.digitz" is not an option of task arith \(did you mean "digits"\?\); options: seed, poolSize/],
    ["a misspelt task option (issue 11's poolsize)", { taskOptions: { poolsize: 10 } }, /"taskOptions\.poolsize" is not an option of task arith \(did you mean "poolSize"\?\)/],
    ["a misspelt teacher field (temprature)", { teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m", temprature: 0.7 } }, /"teacher\.temprature" is not a field of the openai teacher \(did you mean "temperature"\?\)/],
    ["a misspelt student field (replya)", { student: { baseModel: "tiny", hyperparameters: { steps: 5 }, replya: 3 } }, /"student\.replya" is not a student field \(did you mean "replay"\?\)/],
    ["an unknown pool kind", { taskOptions: { poolMix: { div: 1 } } }, /"taskOptions" cannot be used: arith: option poolMix has unknown kind "div"/],
    ["a GGUF student that is not there", { student: { baseModel: "./models/SmolLM2-missing.gguf", hyperparameters: { steps: 5 } } }, /"student\.baseModel" names \.\/models\/SmolLM2-missing\.gguf, which does not exist \(bash scripts\/fetch-models\.sh fetches/],
    ["a pretraining kind game24 does not have", { task: "game24", taskOptions: {}, student: { baseModel: "tiny", hyperparameters: { steps: 5 }, pretrain: { kinds: ["hops2"], examples: 10, hyperparameters: { steps: 5 } } } }, /"student\.pretrain\.kinds\[0\]" is not a kind of task game24: "hops2" \(kinds: many, some, few\)/],
  ];
  for (const [label, patch, pattern] of badRuns) {
    test(`refused before any work: ${label}`, async () => {
      const path = configFile(`bad-${label.replace(/\W+/g, "-")}.json`, { ...okRun, ...patch });
      assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), pattern);
    });
  }

  test("a malformed JSONL line in dataDir names the file and the line, before any work", async () => {
    const data = tmp.path("data");
    mkdirSync(join(data, "gsm8k"), { recursive: true });
    writeFileSync(join(data, "gsm8k", "train.jsonl"), '{"question": "1 + 1?", "answer": "#### 2"}\n{"question": "broken"\n');
    writeFileSync(join(data, "gsm8k", "test.jsonl"), '{"question": "2 + 2?", "answer": "#### 4"}\n');
    const path = configFile("bad-jsonl.json", { ...okRun, task: "gsm8k", taskOptions: { dataDir: data }, teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m" } });
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb]), /"taskOptions" cannot be used: .*gsm8k\/train\.jsonl:2: /);
  });

  test("a --url that is not a student server is refused before the store is created", async () => {
    const path = configFile("url-run.json", okRun);
    const html = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html><body>Not Found</body></html>");
    });
    await new Promise<void>((r) => html.listen(0, "127.0.0.1", () => r()));
    const port = (html.address() as AddressInfo).port;
    try {
      assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb, "--url", `http://127.0.0.1:${port}`]),
        new RegExp(`--url http://127\\.0\\.0\\.1:${port}: GET /health answered 404 text/html, not an activesynth student server$`));
    } finally {
      html.close();
    }
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb, "--url", `http://127.0.0.1:${port}`]), /no student server answers there \(ECONNREFUSED\)/);
    assertUsageError(await runCliProcess(["run", "--config", path, "--db", missingDb, "--url", "localhost:8765"]), /--url must be an http\(s\) URL/);
  });

  test("a --db that is not a SQLite file names the flag and the file", async () => {
    const notDb = configFile("not-a-store.sqlite", "hello, I am a text file\n");
    for (const command of [["status"], ["export", "--run", "x"], ["figures", "--out", tmp.path("figs")]]) {
      assertUsageError(await runCliProcess([...command, "--db", notDb]), new RegExp(`--db: ${notDb.replace(/[.]/g, "\\.")} is not an activesynth store \\(not a SQLite database\\)`));
    }
    assertUsageError(await runCliProcess(["run", "--config", configFile("ok-run.json", okRun), "--db", notDb]), /--db: .* is not an activesynth store/);
    assert.equal(readFileSync(notDb, "utf8"), "hello, I am a text file\n", "the file is left as it was");
  });

  test("no store was created by any of them", () => {
    assert.equal(existsSync(missingDb), false);
  });
});

describe("run, status and export on a small real run", () => {
  let first: CliResult;
  const out = tmp.path("out");
  const ckpt = tmp.path("ckpt");
  const experimentPath = configFile("experiment.json", experiment);

  before(async () => {
    first = await runCliProcess(["run", "--config", experimentPath, "--db", db, "--checkpoint-dir", ckpt, "--out", out]);
  });

  test("run finishes, prints the accuracy table and writes the results", () => {
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /student server 1 started at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(first.stderr, /ran 2 run\(s\) in /);
    const results = JSON.parse(readFileSync(`${out}/results.json`, "utf8"));
    assert.equal(results.format, "activesynth-results-v1");
    assert.deepEqual(Object.keys(results.methods), ["loss", "random"]);
    const store = openStore(db, { readonly: true });
    try {
      for (const [method, run] of [["loss", RUNS[0]], ["random", RUNS[1]]]) {
        const its = store.listIterations(run);
        assert.deepEqual(results.methods[method!]["0"], its.map((r) => [r.samples, Number(r.accuracy.toFixed(6))]));
        assert.deepEqual(its.map((r) => r.samples), [0, 20]);
      }
    } finally {
      store.close();
    }
    assert.ok(existsSync(`${out}/learning-curves.html`));
  });

  test("the same command again reads everything from the store and starts no server", async () => {
    const again = await runCliProcess(["run", "--config", experimentPath, "--db", db, "--checkpoint-dir", ckpt]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /all read from the store: no server or teacher call/);
    assert.doesNotMatch(again.stderr, /student server \d+ started/);
    // the table printed is the same
    // the accuracy table: the block that starts with "method" (a table of what each run spent comes first)
    const table = (s: string) => {
      const from = s.indexOf("method");
      return s.slice(from, s.indexOf("\n\n", from) < 0 ? undefined : s.indexOf("\n\n", from));
    };
    assert.match(table(first.stdout), /^method\s+seeds\s+n=0\s+n=20\n[- ]+\nloss\s+1\s+[\d.]+\s+[\d.]+\nrandom\s+1\s+[\d.]+\s+[\d.]+$/);
    assert.equal(table(again.stdout), table(first.stdout));
  });

  test("status lists both runs, finished, with their samples and budget", async () => {
    const status = await runCliProcess(["status", "--db", db]);
    assert.equal(status.code, 0, status.stderr);
    const store = openStore(db, { readonly: true });
    try {
      for (const run of RUNS) {
        const line = status.stdout.split("\n").find((l) => l.includes(run));
        assert.ok(line, `${run} missing from:\n${status.stdout}`);
        const acc = (100 * store.listIterations(run)[1]!.accuracy).toFixed(1);
        const cells = line.trim().split(/\s{2,}|\s*\|\s*/).filter(Boolean);
        // one iteration after the base evaluation (t = 0 is not counted)
        assert.deepEqual(cells.slice(1, 6), [run.endsWith("loss") ? "loss" : "random", "finished", "1", "20", "20 samples"], line);
        assert.equal(cells.at(-1), acc, line);
      }
    } finally {
      store.close();
    }
  });

  test("export --format prompt-completion --with-metadata writes prompt-completion lines carrying their seed", async () => {
    const result = await runCliProcess(["export", "--db", db, "--run", RUNS[0]!, "--format", "prompt-completion", "--with-metadata"]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 20);
    const store = openStore(db, { readonly: true });
    try {
      const selected = new Set(store.getSelection(RUNS[0]!, 1).map((s) => s.exampleId));
      for (const l of lines) {
        assert.deepEqual(Object.keys(l), ["prompt", "completion", "metadata"]);
        assert.match(l.prompt, /^Q: .+\nA:$/s);
        assert.match(l.completion, /^ .+#### -?\d+$/);
        assert.ok(selected.has(l.metadata.seedId), `seed ${l.metadata.seedId} was not selected`);
        assert.equal(l.metadata.iteration, 1);
        assert.equal(l.metadata.run, RUNS[0]);
        const example = store.getExample(l.metadata.id)!;
        assert.equal(l.prompt, `Q: ${example.question}\nA:`);
        assert.equal(l.completion, ` ${example.answer}`);
      }
    } finally {
      store.close();
    }
  });

  test("export --out writes plain chat lines (the default format) and their seeds in the side file", async () => {
    const file = tmp.path("chat.jsonl");
    const result = await runCliProcess(["export", "--db", db, "--run", RUNS[1]!, "--out", file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /wrote 20 samples to .* and their metadata to .*chat\.meta\.jsonl/);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const metas = readFileSync(tmp.path("chat.meta.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 20);
    assert.equal(metas.length, 20);
    lines.forEach((l, i) => {
      assert.deepEqual(Object.keys(l), ["messages"]);
      assert.deepEqual(l.messages.map((m: { role: string }) => m.role), ["user", "assistant"]);
      assert.match(l.messages[1].content, /#### -?\d+$/);
      const meta = metas[i]!;
      assert.equal(typeof meta.seedId, "string");
      assert.match(meta.id, new RegExp(`^${RUNS[1]}/t1/${meta.seedId}/[01]$`));
      assert.equal(meta.sampleIndex, Number(meta.id.at(-1)));
    });
  });

  test("export of an unknown run or format is a usage error naming the known runs", async () => {
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", "nope"]), new RegExp(`^activesynth export: --run: unknown run\\(s\\): nope \\(the store .* has: ${RUNS.join(", ")}\\)$`));
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", RUNS[0]!, "--format", "csv"]), /--format must be chat, prompt-completion or hf, got "csv"$/);
    assertUsageError(await runCliProcess(["export", "--db", db]), /--run ID is required/);
    const unwritable = tmp.path("no-such-dir", "out.jsonl");
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", RUNS[0]!, "--out", unwritable]), new RegExp(`^activesynth export: --out: cannot write ${unwritable.replace(/[.]/g, "\\.")} \\(ENOENT\\)$`));
  });
});
