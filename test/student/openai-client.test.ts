// The student server driven by the official `openai` npm client and by the library's own
// StudentClient, against the real tiny backend on CPU (a few seconds of training).
//   node node_modules/typescript/bin/tsc -p tsconfig.json && node --test dist/test/student/
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI, { toFile } from "openai";
import { StudentClient } from "../../lib/student/client.js";
import { StudentServerError } from "../../lib/student/errors.js";
import type { ScoreItem, TrainProgress } from "../../lib/student/types.js";
import { makeArithWorld, arithTask, arithCompletion } from "../../lib/tasks/arith/index.js";
import { startTinyServer, type TinyServer } from "../helpers/tiny-server.js";

// 60 arithmetic word problems with their worked answers, in the student's prompt format.
const world = makeArithWorld({ seed: 3, poolSize: 60, testSize: 0 });
const TRAIN: ScoreItem[] = world.seeds.map((e) => ({ prompt: arithTask.prompt(e.question), completion: arithCompletion(e) }));
const PROMPTS = ["Q: 12 + 7\nA:", "Tom has 3 pens.", "Q: 40 - 15\nA:"];

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

let server: TinyServer;
before(async () => {
  server = await startTinyServer();
});
after(async () => {
  await server?.stop();
});

describe("through the openai npm client", () => {
  let client: OpenAI;
  before(() => {
    client = new OpenAI({ baseURL: server.url + "/v1", apiKey: "x", maxRetries: 0 });
  });

  test("models.list holds the tiny base", async () => {
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === "tiny"), JSON.stringify(models.data.map((m) => m.id)));
  });

  test("completions: batched prompts, n, stop, greedy; usage adds up over single requests", async () => {
    const n = 2;
    const maxTokens = 12;
    const batch = await client.completions.create({ model: "tiny", prompt: PROMPTS, max_tokens: maxTokens, temperature: 0, stop: ["\n"], n });
    assert.equal(batch.choices.length, PROMPTS.length * n);
    assert.deepEqual(batch.choices.map((c) => c.index), [0, 1, 2, 3, 4, 5]);
    for (let i = 0; i < PROMPTS.length; i++) {
      // temperature 0 is greedy: the n choices of a prompt are the same text
      assert.equal(batch.choices[i * n]!.text, batch.choices[i * n + 1]!.text);
    }
    for (const c of batch.choices) {
      assert.ok(!c.text.includes("\n"), `stop "\\n" left in ${JSON.stringify(c.text)}`);
      assert.ok(c.finish_reason === "stop" || c.finish_reason === "length");
    }
    const usage = batch.usage!;
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.ok(usage.completion_tokens <= PROMPTS.length * n * maxTokens);

    // each prompt alone (n = 1) gives the same text, and the usages sum to the batch's
    let promptTokens = 0;
    let completionTokens = 0;
    for (let i = 0; i < PROMPTS.length; i++) {
      const one = await client.completions.create({ model: "tiny", prompt: PROMPTS[i]!, max_tokens: maxTokens, temperature: 0, stop: ["\n"] });
      assert.equal(one.choices.length, 1);
      assert.equal(one.choices[0]!.text, batch.choices[i * n]!.text);
      assert.ok(one.usage!.prompt_tokens > 0);
      promptTokens += one.usage!.prompt_tokens;
      completionTokens += one.usage!.completion_tokens;
    }
    assert.equal(usage.prompt_tokens, promptTokens);
    assert.equal(usage.completion_tokens, n * completionTokens);
  });

  test("embeddings: one vector per input, equal lengths; base64 decodes to the float vectors", async () => {
    const inputs = ["3 apples", "2 pears and 5 plums", "3 apples"];
    const plain = await client.embeddings.create({ model: "tiny", input: inputs }); // the client asks base64 and decodes
    const floats = await client.embeddings.create({ model: "tiny", input: inputs, encoding_format: "float" });
    const b64 = await client.embeddings.create({ model: "tiny", input: inputs, encoding_format: "base64" });
    assert.equal(plain.data.length, 3);
    const dim = floats.data[0]!.embedding.length;
    assert.ok(dim > 0);
    for (let i = 0; i < inputs.length; i++) {
      assert.equal(plain.data[i]!.index, i);
      assert.equal(plain.data[i]!.embedding.length, dim);
      assert.equal(floats.data[i]!.embedding.length, dim);
      const raw = b64.data[i]!.embedding as unknown;
      assert.equal(typeof raw, "string");
      const buf = Buffer.from(raw as string, "base64");
      const decoded = Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
      assert.equal(decoded.length, dim);
      for (let j = 0; j < dim; j++) {
        assert.ok(Math.abs(decoded[j]! - floats.data[i]!.embedding[j]!) < 1e-5, `input ${i} dim ${j}`);
        assert.ok(Math.abs(plain.data[i]!.embedding[j]! - floats.data[i]!.embedding[j]!) < 1e-5);
      }
    }
    // same input, same vector: up to float rounding, which differs across CPUs and batch shapes
    // (an AMD EPYC machine differed in the 7th digit); another input is far away
    const gap = (a: number[], b: number[]) => Math.max(...a.map((x, j) => Math.abs(x - b[j]!)));
    const scale = Math.max(...floats.data[0]!.embedding.map(Math.abs));
    assert.ok(gap(floats.data[0]!.embedding, floats.data[2]!.embedding) < 1e-5 * scale);
    assert.ok(gap(floats.data[0]!.embedding, floats.data[1]!.embedding) > 1e-2 * scale);
    assert.ok(plain.usage.prompt_tokens > 0);
  });

  test("files + fine-tuning job to success: events carry metrics, the model is listed and lowers the NLL", async () => {
    const jsonl = TRAIN.map((x) => JSON.stringify(x)).join("\n") + "\n";
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), "arith.jsonl"), purpose: "fine-tune" });
    assert.match(file.id, /^file-/);
    assert.equal(file.filename, "arith.jsonl");
    assert.equal(file.bytes, Buffer.byteLength(jsonl));

    // batch_size is a server field the client's types do not list
    const hyperparameters = { n_epochs: 4, batch_size: 16 } as OpenAI.FineTuning.JobCreateParams.Hyperparameters;
    let job = await client.fineTuning.jobs.create({ model: "tiny", training_file: file.id, hyperparameters, seed: 5, suffix: "oa" });
    assert.equal(job.model, "tiny");
    assert.equal(job.training_file, file.id);
    const deadline = 400; // polls, not a time
    for (let i = 0; i < deadline && !["succeeded", "failed", "cancelled"].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await client.fineTuning.jobs.retrieve(job.id);
    }
    assert.equal(job.status, "succeeded", JSON.stringify(job.error));
    const model = job.fine_tuned_model!;
    assert.match(model, /^ft:tiny:oa:ftjob-/);
    assert.ok((job.trained_tokens ?? 0) > 0);

    const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
    const metrics = events.data.filter((e) => e.type === "metrics").map((e) => e.data as { step: number; total_steps: number; train_loss: number });
    // 4 epochs of ceil(60 / 16) = 4 batches: 16 steps, one metrics event each
    assert.deepEqual(metrics.map((m) => m.step).sort((a, b) => a - b), Array.from({ length: 16 }, (_, i) => i + 1));
    for (const m of metrics) {
      assert.equal(m.total_steps, 16);
      assert.ok(Number.isFinite(m.train_loss) && m.train_loss > 0);
    }

    const listed = await client.models.list();
    const entry = listed.data.find((m) => m.id === model) as (OpenAI.Model & { parent?: string }) | undefined;
    assert.ok(entry, `${model} not in models.list`);
    assert.equal(entry.parent, "tiny");

    const out = await client.completions.create({ model, prompt: [TRAIN[0]!.prompt], max_tokens: 40, temperature: 0, stop: ["\n"] });
    assert.equal(out.choices.length, 1);
    assert.equal(out.model, model);

    type ScoreWire = { data: { index: number; mean_nll: number; tokens: number }[] };
    const score = async (m: string) => (await client.post<ScoreWire>("/score", { body: { model: m, items: TRAIN } })).data;
    const [base, tuned] = [await score("tiny"), await score(model)];
    assert.deepEqual(tuned.map((d) => d.tokens), base.map((d) => d.tokens));
    assert.ok(meanOf(tuned.map((d) => d.mean_nll)) < meanOf(base.map((d) => d.mean_nll)) - 0.5, `tuned ${meanOf(tuned.map((d) => d.mean_nll))} vs base ${meanOf(base.map((d) => d.mean_nll))}`);
  });

  test("an unknown model is a 404 APIError naming the param", async () => {
    await assert.rejects(client.completions.create({ model: "no-such-model", prompt: "x" }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError, String(e));
      assert.equal(e.status, 404);
      assert.equal(e.param, "model");
      return true;
    });
  });
});

describe("through StudentClient", () => {
  let student: StudentClient;
  before(() => {
    student = new StudentClient({ baseURL: server.url, pollMs: 50, chunkSize: 25 });
  });

  test("generate: one greedy answer per prompt, in order, across chunks", async () => {
    const prompts = TRAIN.slice(0, 30).map((x) => x.prompt); // two chunks of 25 and 5
    const a = await student.generate("tiny", prompts, { maxTokens: 10, stop: ["\n"] });
    assert.equal(a.length, 30);
    for (const text of a) assert.equal(typeof text, "string");
    const again = await student.generate("tiny", [prompts[27]!, prompts[3]!], { maxTokens: 10, stop: ["\n"] });
    assert.deepEqual(again, [a[27], a[3]]);
  });

  test("embed: equal-length vectors in input order", async () => {
    const inputs = TRAIN.slice(0, 30).map((x) => x.prompt);
    const v = await student.embed("tiny", inputs);
    assert.equal(v.length, 30);
    const dim = v[0]!.length;
    assert.ok(dim > 0);
    for (const row of v) assert.equal(row.length, dim);
    const again = await student.embed("tiny", [inputs[26]!]);
    // alone or in a padded batch: the same vector up to float noise
    assert.equal(again[0]!.length, dim);
    for (let j = 0; j < dim; j++) assert.ok(Math.abs(again[0]![j]! - v[26]![j]!) < 1e-4, `dim ${j}: ${again[0]![j]} vs ${v[26]![j]}`);
    assert.ok(v[0]!.some((x, j) => Math.abs(x - v[1]![j]!) > 1e-3), "two different inputs gave the same vector");
  });

  test("finetune reports increasing steps; the trained model is listed and has a lower NLL on its training answers", async () => {
    const progress: TrainProgress[] = [];
    const base = await student.score("tiny", TRAIN);
    assert.equal(base.length, TRAIN.length);
    for (const r of base) {
      assert.ok(r.tokens > 0 && r.meanNll > 0 && r.meanEntropy > 0);
      assert.ok(Math.abs(r.sumNll - r.meanNll * r.tokens) < 1e-6 * r.sumNll + 1e-9);
    }
    const result = await student.finetune({
      baseModel: "tiny",
      examples: TRAIN,
      hyperparameters: { steps: 24, batchSize: 16, learningRate: 0.003 },
      seed: 7,
      suffix: "sc",
      onProgress: (e) => progress.push(e),
    });
    assert.match(result.model, /^ft:tiny:sc:/);
    assert.ok(result.trainedTokens > 0);
    assert.ok(progress.length >= 2, `only ${progress.length} progress events`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.step > progress[i - 1]!.step);
    assert.equal(progress.at(-1)!.step, 24);
    for (const e of progress) assert.equal(e.totalSteps, 24);
    assert.ok((await student.listModels()).includes(result.model));

    const tuned = await student.score(result.model, TRAIN);
    const before = meanOf(base.map((r) => r.meanNll));
    const afterNll = meanOf(tuned.map((r) => r.meanNll));
    assert.ok(afterNll < before - 0.5, `trained ${afterNll} vs base ${before}`);
    // the fine-tuned model answers; greedy is repeatable
    const [x, y] = [await student.generate(result.model, [TRAIN[0]!.prompt], { maxTokens: 40, stop: ["\n"] }), await student.generate(result.model, [TRAIN[0]!.prompt], { maxTokens: 40, stop: ["\n"] })];
    assert.deepEqual(x, y);
  });

  test("an unknown model is StudentServerError 404 naming the param", async () => {
    await assert.rejects(student.generate("no-such-model", ["x"], { maxTokens: 2 }), (e: unknown) => {
      assert.ok(e instanceof StudentServerError, String(e));
      assert.equal(e.status, 404);
      assert.equal(e.param, "model");
      return true;
    });
  });

  test("a bad body is StudentServerError 400 naming the field", async () => {
    await assert.rejects(student.score("tiny", [TRAIN[0]!, { prompt: "Q: 1 + 1\nA:", completion: "" }]), (e: unknown) => {
      assert.ok(e instanceof StudentServerError, String(e));
      assert.equal(e.status, 400);
      assert.equal(e.param, "items[1].completion");
      assert.match(e.message, /items\[1\]\.completion/);
      return true;
    });
    await assert.rejects(student.generate("tiny", ["x"], { maxTokens: -3 }), (e: unknown) => {
      assert.ok(e instanceof StudentServerError, String(e));
      assert.equal(e.status, 400);
      assert.equal(e.param, "max_tokens");
      return true;
    });
  });
});

describe("a server with an api key", () => {
  let keyed: TinyServer;
  before(async () => {
    keyed = await startTinyServer({ apiKey: "k" });
  });
  after(async () => {
    await keyed?.stop();
  });

  test("no key or a wrong key is 401; the right key works", async () => {
    for (const apiKey of [undefined, "wrong"]) {
      await assert.rejects(new StudentClient({ baseURL: keyed.url, apiKey }).listModels(), (e: unknown) => {
        assert.ok(e instanceof StudentServerError, String(e));
        assert.equal(e.status, 401);
        return true;
      });
    }
    assert.ok((await new StudentClient({ baseURL: keyed.url, apiKey: "k" }).listModels()).includes("tiny"));
    const oa = new OpenAI({ baseURL: keyed.url + "/v1", apiKey: "wrong", maxRetries: 0 });
    await assert.rejects(oa.models.list(), OpenAI.AuthenticationError);
    const ok = new OpenAI({ baseURL: keyed.url + "/v1", apiKey: "k", maxRetries: 0 });
    assert.ok((await ok.models.list()).data.some((m) => m.id === "tiny"));
  });
});
