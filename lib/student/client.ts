import { requestJson, type HttpOptions } from "./http.js";
import { pipelined } from "../util/pipeline.js";
import { StudentConnectionError, StudentServerError } from "./errors.js";
import type {
  FinetuneRequest,
  FinetuneResult,
  GenerateOptions,
  ScoreItem,
  ScoreResult,
  Student,
  TrainProgress,
} from "./types.js";

export interface StudentClientOptions extends HttpOptions {
  /** Items per /v1/score and prompts per /v1/completions request (the server batches within); default 512. */
  chunkSize?: number;
  /**
   * Chunk requests kept outstanding at once; default 2, so the client encodes and parses one chunk
   * while the server works on the next. 1 sends them strictly one after another.
   */
  inFlight?: number;
  /** Poll interval while a fine-tuning job runs. */
  pollMs?: number;
  /**
   * Polls of a running job that may fail in a row to reach the server (a paused or briefly
   * overloaded machine) before the job is given up for lost; each retry waits twice as long, from
   * `pollMs` up to 8 s. Default 5 (about 8 s of waiting with the default `pollMs`). The job keeps running on
   * the server meanwhile, so a blip loses none of its steps.
   */
  pollRetries?: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`StudentClient requires ${name} to be a positive integer (got ${value})`);
  return value;
}

interface CompletionsWire { choices: { index: number; text: string }[] }
interface ScoreWire { data: { index: number; mean_nll: number; sum_nll: number; tokens: number; mean_entropy: number; mean_margin?: number; token_logprobs?: number[] }[] }
interface RewardWire { data: { index: number; reward: number }[] }
interface EmbeddingsWire { data: { index: number; embedding: number[] }[] }
interface JobWire {
  id: string;
  status: string;
  fine_tuned_model: string | null;
  trained_tokens: number | null;
  error: { message?: string } | null;
}
interface EventsWire { data: { type?: string; data?: { step?: number; total_steps?: number; train_loss?: number; tokens_per_second?: number } | null }[] }

/**
 * Client of the bundled student server (gpu-server/). Speaks its OpenAI-compatible API plus the
 * `/v1/score` extension; converts the wire's snake_case to the library's camelCase.
 *
 * Usage:
 * const student = new StudentClient({ baseURL: "http://127.0.0.1:8765" });
 * const [answer] = await student.generate("tiny", ["Q: 2 + 3\nA:"], { maxTokens: 8, stop: ["\n"] });
 *
 * @throws {Error} "StudentClient requires inFlight to be a positive integer (got 0)" (likewise chunkSize)
 */
export class StudentClient implements Student {
  private readonly chunkSize: number;
  private readonly inFlight: number;

  constructor(readonly options: StudentClientOptions) {
    this.chunkSize = positiveInteger("chunkSize", options.chunkSize ?? 512);
    this.inFlight = positiveInteger("inFlight", options.inFlight ?? 2);
  }

  async health(): Promise<Record<string, unknown>> {
    return requestJson(this.options, "GET", "/health");
  }

  async listModels(): Promise<string[]> {
    const body = await requestJson<{ data: { id: string }[] }>(this.options, "GET", "/v1/models");
    return body.data.map((m) => m.id);
  }

  /**
   * Sends `inputs` in chunks of `chunkSize`, up to `inFlight` requests at once and each started
   * after the one before, and puts each answer row back at its input's place (the server answers
   * `{data: [{index, ...}]}` per chunk, or `choices` for completions). On a failure it starts no
   * further chunk, lets those in flight end, and throws the first failure in chunk order.
   */
  private async chunked<I, W, O>(inputs: I[], send: (batch: I[]) => Promise<W[]>, read: (row: W) => [number, O]): Promise<O[]> {
    const out = new Array<O>(inputs.length);
    const fill = async (start: number): Promise<void> => {
      for (const w of await send(inputs.slice(start, start + this.chunkSize))) {
        const [index, value] = read(w);
        out[start + index] = value;
      }
    };
    await pipelined(Math.ceil(inputs.length / this.chunkSize), this.inFlight, (k) => fill(k * this.chunkSize));
    return out;
  }

  async generate(model: string, prompts: string[], options: GenerateOptions): Promise<string[]> {
    return this.chunked(
      prompts,
      async (batch) =>
        (
          await requestJson<CompletionsWire>(this.options, "POST", "/v1/completions", {
            model,
            prompt: batch,
            max_tokens: options.maxTokens,
            temperature: options.temperature ?? 0,
            stop: options.stop,
            seed: options.seed,
          })
        ).choices,
      (c) => [c.index, c.text],
    );
  }

  async score(model: string, items: ScoreItem[], logprobs = false): Promise<ScoreResult[]> {
    return this.chunked(
      items,
      async (batch) => (await requestJson<ScoreWire>(this.options, "POST", "/v1/score", { model, items: batch, logprobs })).data,
      (d) => [
        d.index,
        {
          meanNll: d.mean_nll,
          sumNll: d.sum_nll,
          tokens: d.tokens,
          meanEntropy: d.mean_entropy,
          // a server from before 2026-12 sends no margin: NaN, which a margin criterion refuses
          meanMargin: d.mean_margin ?? NaN,
          ...(d.token_logprobs ? { tokenLogprobs: d.token_logprobs } : {}),
        },
      ],
    );
  }

  async embed(model: string, inputs: string[]): Promise<number[][]> {
    return this.chunked(
      inputs,
      async (batch) => (await requestJson<EmbeddingsWire>(this.options, "POST", "/v1/embeddings", { model, input: batch })).data,
      (d) => [d.index, d.embedding],
    );
  }

  /** `POST /v1/reward`: one reward per pair under the judge `model` (see gpu-server/README.md). */
  async reward(model: string, items: ScoreItem[]): Promise<number[]> {
    return this.chunked(
      items,
      async (batch) => (await requestJson<RewardWire>(this.options, "POST", "/v1/reward", { model, items: batch })).data,
      (d) => [d.index, d.reward],
    );
  }

  /** Uploads the examples as a JSONL training file, starts a job and waits for it to succeed. */
  async finetune(request: FinetuneRequest): Promise<FinetuneResult> {
    if (request.examples.length === 0) throw new Error("finetune requires at least 1 example");
    const content = request.examples.map((e) => JSON.stringify({ prompt: e.prompt, completion: e.completion })).join("\n") + "\n";
    const file = await requestJson<{ id: string }>(this.options, "POST", "/v1/files", {
      purpose: "fine-tune",
      filename: `${request.suffix ?? "train"}.jsonl`,
      content,
    });
    const hp = request.hyperparameters ?? {};
    const job = await requestJson<JobWire>(this.options, "POST", "/v1/fine_tuning/jobs", {
      model: request.baseModel,
      training_file: file.id,
      seed: request.seed,
      suffix: request.suffix,
      hyperparameters: {
        n_epochs: hp.epochs,
        n_steps: hp.steps,
        learning_rate: hp.learningRate,
        batch_size: hp.batchSize,
      },
    });
    return this.waitForJob(job.id, request.onProgress);
  }

  /** Polls a job until it ends; reports progress events; throws when it failed or was cancelled. */
  async waitForJob(jobId: string, onProgress?: (event: TrainProgress) => void): Promise<FinetuneResult> {
    const pollMs = this.options.pollMs ?? 250;
    const retries = this.options.pollRetries ?? 5;
    let lastStep = -1;
    const get = async <T>(path: string): Promise<T> => {
      for (let failed = 0; ; failed++) {
        try {
          return await requestJson<T>(this.options, "GET", path);
        } catch (error) {
          if (!(error instanceof StudentConnectionError) || failed >= retries) throw error;
          await new Promise((r) => setTimeout(r, Math.min(8000, pollMs * 2 ** failed)));
        }
      }
    };
    for (;;) {
      const job = await get<JobWire>(`/v1/fine_tuning/jobs/${jobId}`);
      if (onProgress) {
        const events = await get<EventsWire>(`/v1/fine_tuning/jobs/${jobId}/events?limit=1000`);
        const metrics = events.data
          .filter((e) => e.type === "metrics" && e.data && typeof e.data.step === "number" && e.data.step > lastStep)
          .sort((a, b) => a.data!.step! - b.data!.step!);
        for (const e of metrics) {
          const d = e.data!;
          onProgress({ step: d.step!, totalSteps: d.total_steps ?? 0, loss: d.train_loss ?? NaN, ...(d.tokens_per_second !== undefined ? { tokensPerSecond: d.tokens_per_second } : {}) });
          lastStep = d.step!;
        }
      }
      if (job.status === "succeeded" && job.fine_tuned_model) {
        return { jobId, model: job.fine_tuned_model, trainedTokens: job.trained_tokens ?? 0 };
      }
      if (job.status === "failed" || job.status === "cancelled") {
        throw new StudentServerError(`fine-tuning job ${jobId} ${job.status}: ${job.error?.message ?? "no reason given"}`, 500);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
