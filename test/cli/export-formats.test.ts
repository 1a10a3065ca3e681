// `activesynth export` formats on a real SQLite store (the plots fixture: 5 runs, 3 iterations of
// 2 seeds x 2 samples, plus a run of 203 samples for the split sizes): OpenAI chat lines that are
// exactly {"messages"}, the metadata side file in the same order, prompt-completion, and the HF
// train/test split (deterministic, disjoint, sized by the fraction).
//   node --test dist/test/cli/export-formats.test.js
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { openStore, type ExampleRow, type Store } from "../../lib/store/index.js";
import { hfSplit, metadataPath, splitKey } from "../../lib/results/export.js";
import { buildFixtureStore } from "../plots/fixture-store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess, type CliResult } from "../helpers/cli.js";

const tmp = tempDir("activesynth-export-");
const db = tmp.path("store.sqlite");
const BIG = "big-run";
const BIG_N = 203;

/** A user error: exit code 2, nothing on stdout, one line on stderr matching `pattern`. */
function assertUsageError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 2, `exit code ${result.code}; stderr:\n${result.stderr}`);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
  assert.match(result.stderr.trimEnd(), pattern);
}

const jsonl = (text: string): Array<Record<string, unknown>> => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
const readJsonl = (path: string) => jsonl(readFileSync(path, "utf8"));

async function cli(args: string[]): Promise<CliResult> {
  const result = await runCliProcess(args);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

/** The run's synthetic examples as the store has them, in generation order (iteration, then id). */
function synthetic(runId: string): ExampleRow[] {
  const store = openStore(db, { readonly: true });
  try {
    return store.getExamples({ source: "synthetic", runId }).sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0) || (a.id < b.id ? -1 : 1));
  } finally {
    store.close();
  }
}

before(() => {
  const store = buildFixtureStore(db);
  store.upsertRun({ id: BIG, name: BIG, config: { name: BIG, task: "arith", method: "active", criterion: "loss", seed: 0 } });
  store.putExamples(Array.from({ length: BIG_N }, (_, i): ExampleRow => ({
    id: `${BIG}/t${1 + (i % 3)}/s${i}/0`, task: "arith", source: "synthetic", kind: i % 2 ? "add" : "mul",
    question: `What is ${i} + 1?`, answer: `${i} + 1 = ${i + 1} #### ${i + 1}`, runId: BIG, iteration: 1 + (i % 3), parentId: `arith/seed/${i % 8}`, sampleIndex: 0,
  })));
  store.close();
});
after(() => tmp.cleanup());

describe("chat (the default): OpenAI's fine-tuning format", () => {
  test("to standard output: every line has exactly the key messages, user then assistant, in generation order", async () => {
    const lines = jsonl((await cli(["export", "--db", db, "--run", "loss-s0"])).stdout);
    const examples = synthetic("loss-s0");
    assert.equal(examples.length, 12);
    assert.equal(lines.length, examples.length);
    lines.forEach((line, i) => {
      assert.deepEqual(Object.keys(line), ["messages"]);
      assert.deepEqual(line.messages, [{ role: "user", content: examples[i]!.question }, { role: "assistant", content: examples[i]!.answer }]);
    });
  });

  test("--system puts a system message first; the line is still only messages", async () => {
    const lines = jsonl((await cli(["export", "--db", db, "--run", "random-s1", "--system", "You solve word problems."])).stdout);
    assert.equal(lines.length, 12);
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), ["messages"]);
      const messages = line.messages as Array<{ role: string; content: string }>;
      assert.deepEqual(messages.map((m) => m.role), ["system", "user", "assistant"]);
      assert.equal(messages[0]!.content, "You solve word problems.");
      for (const m of messages) assert.deepEqual(Object.keys(m), ["role", "content"]);
    }
  });

  test("--out FILE: a plain chat file and FILE.meta.jsonl with the same number of lines, ids in the same order", async () => {
    const file = tmp.path("chat.jsonl");
    const result = await cli(["export", "--db", db, "--run", "loss-s1", "--out", file]);
    const meta = tmp.path("chat.meta.jsonl");
    assert.equal(metadataPath(file), meta);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^wrote 12 samples to .*chat\.jsonl and their metadata to .*chat\.meta\.jsonl\n$/);
    const lines = readJsonl(file);
    const metas = readJsonl(meta);
    const examples = synthetic("loss-s1");
    assert.equal(lines.length, 12);
    assert.equal(metas.length, lines.length);
    assert.deepEqual(metas.map((m) => m.id), examples.map((e) => e.id));
    metas.forEach((m, i) => {
      const e = examples[i]!;
      assert.deepEqual(m, { id: e.id, run: "loss-s1", iteration: e.iteration, seedId: e.parentId, kind: e.kind, sampleIndex: e.sampleIndex });
      const line = lines[i]!;
      assert.deepEqual(Object.keys(line), ["messages"]);
      assert.deepEqual(line.messages, [{ role: "user", content: e.question }, { role: "assistant", content: e.answer }]);
    });
    // generation order: iterations ascending
    assert.deepEqual(metas.map((m) => m.iteration), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });

  test("--with-metadata: the metadata inline, no side file", async () => {
    const file = tmp.path("inline.jsonl");
    await cli(["export", "--db", db, "--run", "static-s0", "--out", file, "--with-metadata"]);
    assert.equal(existsSync(tmp.path("inline.meta.jsonl")), false);
    const lines = readJsonl(file);
    assert.equal(lines.length, 12);
    const examples = synthetic("static-s0");
    lines.forEach((line, i) => {
      assert.deepEqual(Object.keys(line), ["messages", "metadata"]);
      assert.equal((line.metadata as { id: string }).id, examples[i]!.id);
    });
  });
});

describe("prompt-completion", () => {
  test("plain {prompt, completion} lines in the student's prompt format, metadata in the side file", async () => {
    const file = tmp.path("pc.jsonl");
    await cli(["export", "--db", db, "--run", "random-s0", "--format", "prompt-completion", "--out", file]);
    const lines = readJsonl(file);
    const metas = readJsonl(tmp.path("pc.meta.jsonl"));
    const examples = synthetic("random-s0");
    assert.equal(lines.length, examples.length);
    assert.equal(metas.length, lines.length);
    lines.forEach((line, i) => {
      assert.deepEqual(Object.keys(line), ["prompt", "completion"]);
      assert.equal(line.prompt, `Q: ${examples[i]!.question}\nA:`);
      assert.equal(line.completion, ` ${examples[i]!.answer}`);
      assert.equal(metas[i]!.id, examples[i]!.id);
    });
  });
});

describe("hf: train.jsonl and test.jsonl", () => {
  const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.id as string);

  test("rows have question, answer and the metadata columns flat; the split is disjoint and covers the run", async () => {
    const dir = tmp.path("hf-a");
    const result = await cli(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", dir, "--test-fraction", "0.1", "--seed", "0"]);
    const train = readJsonl(`${dir}/train.jsonl`);
    const test = readJsonl(`${dir}/test.jsonl`);
    assert.match(result.stderr, /^wrote 183 train and 20 test samples to /);
    assert.equal(test.length, Math.round(BIG_N * 0.1));
    assert.equal(train.length + test.length, BIG_N);
    const trainIds = new Set(ids(train));
    assert.equal(trainIds.size, train.length);
    for (const id of ids(test)) assert.equal(trainIds.has(id), false, `${id} is in both splits`);
    assert.deepEqual(new Set([...ids(train), ...ids(test)]), new Set(synthetic(BIG).map((e) => e.id)));
    const byId = new Map(synthetic(BIG).map((e) => [e.id, e]));
    for (const row of [...train, ...test]) {
      assert.deepEqual(Object.keys(row), ["question", "answer", "id", "run", "iteration", "seedId", "kind", "sampleIndex"]);
      const e = byId.get(row.id as string)!;
      assert.deepEqual(row, { question: e.question, answer: e.answer, id: e.id, run: BIG, iteration: e.iteration, seedId: e.parentId, kind: e.kind, sampleIndex: 0 });
    }
    // the test split is the round(n x F) ids first in hash order
    const expected = synthetic(BIG).map((e) => e.id).sort((a, b) => (splitKey(a, 0) < splitKey(b, 0) ? -1 : 1)).slice(0, 20);
    assert.deepEqual(new Set(ids(test)), new Set(expected));
  });

  test("the same seed gives the same files byte for byte; another seed another split of the same sizes", async () => {
    const [a, b, c] = [tmp.path("hf-s0-1"), tmp.path("hf-s0-2"), tmp.path("hf-s7")];
    await cli(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", a]);
    await cli(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", b, "--seed", "0", "--test-fraction", "0.1"]);
    await cli(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", c, "--seed", "7"]);
    for (const name of ["train.jsonl", "test.jsonl"]) assert.equal(readFileSync(`${a}/${name}`, "utf8"), readFileSync(`${b}/${name}`, "utf8"), name);
    const t0 = new Set(ids(readJsonl(`${a}/test.jsonl`)));
    const t7 = ids(readJsonl(`${c}/test.jsonl`));
    assert.equal(t7.length, t0.size);
    assert.ok(t7.some((id) => !t0.has(id)), "seed 7 drew the same test split as seed 0");
  });

  test("sizes follow the fraction within rounding", () => {
    const store: Store = openStore(db, { readonly: true });
    try {
      for (const f of [0, 0.05, 0.1, 0.25, 0.333, 0.5, 0.9, 0.999]) {
        const { train, test: held } = hfSplit(store, BIG, { testFraction: f, seed: 3 });
        assert.equal(held.length, Math.round(BIG_N * f), `fraction ${f}`);
        assert.ok(Math.abs(held.length - BIG_N * f) <= 0.5, `fraction ${f}`);
        assert.equal(train.length, BIG_N - held.length);
      }
      // a larger fraction keeps the smaller one's test samples (the same hash order)
      const small = new Set(hfSplit(store, BIG, { testFraction: 0.1, seed: 3 }).test.map((r) => r.id));
      const large = new Set(hfSplit(store, BIG, { testFraction: 0.3, seed: 3 }).test.map((r) => r.id));
      for (const id of small) assert.ok(large.has(id), id);
      assert.throws(() => hfSplit(store, BIG, { testFraction: 1 }), RangeError);
    } finally {
      store.close();
    }
  });
});

describe("bad options are usage errors", () => {
  test("format, fraction, seed and flags that belong to another format", async () => {
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", "loss-s0", "--format", "parquet"]), /--format must be chat, prompt-completion or hf, got "parquet"$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf"]), /--format hf needs --out DIR/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", tmp.path("x"), "--test-fraction", "1"]), /--test-fraction must be a number in \[0, 1\), got "1"$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", tmp.path("x"), "--test-fraction", "ten"]), /--test-fraction must be a number, got "ten"$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", tmp.path("x"), "--seed", "1.5"]), /--seed must be an integer, got "1\.5"$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", tmp.path("x"), "--system", "hi"]), /--system is for --format chat$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "hf", "--out", tmp.path("x"), "--with-metadata"]), /--with-metadata is for chat and prompt-completion/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--test-fraction", "0.2"]), /--test-fraction is for --format hf$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", BIG, "--format", "prompt-completion", "--system", "hi"]), /--system is for --format chat$/);
    assertUsageError(await runCliProcess(["export", "--db", db, "--run", "nope", "--format", "hf", "--out", tmp.path("x")]), /^activesynth export: --run: unknown run\(s\): nope /);
    assert.equal(existsSync(tmp.path("x")), false, "no folder is made for a refused export");
  });
});
