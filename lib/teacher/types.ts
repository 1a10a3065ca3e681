import type { Example } from "../core/example.js";

/** Teacher compute spent by one or more calls. */
export interface TeacherUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Dollars, when a price table is known. */
  costUsd: number;
}

/** Input of one synthetic-sample generation: a seed, and which of its k samples this is. */
export interface GenerateRequest {
  seed: Example;
  /** 0..k-1: distinguishes the samples drawn from one seed in one iteration. */
  sampleIndex: number;
  /** Seed of every random choice in this generation (derived by the loop from run seed, iteration, seed id, index). */
  rngSeed: number;
  /** Run that pays for the call, and its iteration (for the store's records). */
  runId?: string;
  iteration?: number;
}

/** Result of one generation: a new question with its worked answer, or a failure with its reason. */
export type Generation =
  | { ok: true; question: string; answer: string; kind?: string; usage: TeacherUsage; meta?: Record<string, unknown> }
  | { ok: false; reason: string; usage: TeacherUsage };

/**
 * A teacher writes new training samples from seeds (two calls in the LLM case: a question, then
 * its worked answer). The procedural teacher and the OpenAI-compatible teacher both implement it.
 */
export interface Teacher {
  /** Identifies the teacher in cache keys and records (e.g. `procedural/arith/v1`, `openai/gpt-4o-mini`). */
  readonly id: string;
  generate(request: GenerateRequest): Promise<Generation>;
}

export const zeroUsage = (): TeacherUsage => ({ calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
