/** A prompt and a completion whose tokens are scored (the completion only). */
export interface ScoreItem {
  prompt: string;
  completion: string;
}

/** Per-item result of `/v1/score`, converted to camelCase. */
export interface ScoreResult {
  /** Mean negative log-likelihood (nats) of the completion tokens. */
  meanNll: number;
  sumNll: number;
  tokens: number;
  /** Mean entropy (nats) of the model's next-token distribution over the completion positions. */
  meanEntropy: number;
  /** Mean over the completion tokens of p(top-1) - p(top-2) of the next-token distribution, in [0, 1]. */
  meanMargin: number;
  tokenLogprobs?: number[];
}

/** Training hyperparameters. Epochs or steps, never wall-clock. */
export interface TrainHyperparameters {
  epochs?: number;
  /** Total optimiser steps; when set it takes precedence over epochs. */
  steps?: number;
  learningRate?: number;
  batchSize?: number;
}

export interface FinetuneRequest {
  /** Model to start from: `tiny`, an HF path, or a fine-tuned model id. */
  baseModel: string;
  examples: ScoreItem[];
  hyperparameters?: TrainHyperparameters;
  seed: number;
  suffix?: string;
  /** Called with each progress event the server reports. */
  onProgress?: (event: TrainProgress) => void;
}

export interface TrainProgress {
  step: number;
  totalSteps: number;
  loss: number;
  tokensPerSecond?: number;
}

export interface FinetuneResult {
  jobId: string;
  model: string;
  trainedTokens: number;
}

export interface GenerateOptions {
  maxTokens: number;
  stop?: string[];
  /** 0 (default) is greedy. */
  temperature?: number;
  seed?: number;
}

/** What the loop needs from a student server. */
export interface Student {
  generate(model: string, prompts: string[], options: GenerateOptions): Promise<string[]>;
  score(model: string, items: ScoreItem[]): Promise<ScoreResult[]>;
  embed(model: string, inputs: string[]): Promise<number[][]>;
  /** Rewards of {prompt, completion} pairs under a judge model (`POST /v1/reward`; higher is better). Optional. */
  reward?(model: string, items: ScoreItem[]): Promise<number[]>;
  finetune(request: FinetuneRequest): Promise<FinetuneResult>;
  listModels(): Promise<string[]>;
}
