/**
 * Teacher usage arithmetic and pricing. A price table maps a model name to dollars per million
 * prompt and completion tokens; a model missing from the table costs 0 (tokens are still counted).
 */
import type { TeacherUsage } from "./types.js";

/** Dollars per 1M tokens for one model. */
export interface ModelPrice {
  promptPer1M: number;
  completionPer1M: number;
}

/** `{ [model]: price }`, e.g. `{ "gpt-4o-mini": { promptPer1M: 0.15, completionPer1M: 0.6 } }`. */
export type PriceTable = Record<string, ModelPrice>;

/**
 * Dollars for one call.
 * @example costUsd({ m: { promptPer1M: 1, completionPer1M: 4 } }, "m", 1000, 500) // 0.003
 */
export function costUsd(table: PriceTable | undefined, model: string, promptTokens: number, completionTokens: number): number {
  const price = table?.[model];
  if (!price) return 0;
  return (promptTokens * price.promptPer1M + completionTokens * price.completionPer1M) / 1e6;
}

/** Sum of two usages (a new object). */
export function addUsage(a: TeacherUsage, b: TeacherUsage): TeacherUsage {
  return {
    calls: a.calls + b.calls,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** Prompt + completion tokens of a usage: what `budget.teacherTokens` counts. */
export function totalTokens(usage: TeacherUsage): number {
  return usage.promptTokens + usage.completionTokens;
}

/**
 * Rough LLM token count: one per digit, one per other run of non-space characters (what the
 * procedural teachers report as their usage, as if an LLM had made their calls).
 * @example roughTokenCount("Tom has 23 apples.") // 5
 */
export const roughTokenCount = (text: string): number => (text.match(/\d|[^\s\d]+/g) ?? []).length;
