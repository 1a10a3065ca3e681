/**
 * Shared machinery of the teacher-judged criteria (`llm-judge`, `llm-judge-hard`, `lion`): the
 * teacher's cached `chat()`, calls in batches that stop when the run's teacher-token budget is
 * spent, failures kept as reasons (never thrown away), and the nonce that keeps each run's judge
 * calls in rows of their own. Each call row carries purpose "judge" and its iteration (what
 * `spentByRun` sums).
 */
import { recordOutputProblem, type ChatOptions, type ChatResult } from "../teacher/cached-chat.js";
import type { ChatMessage } from "../teacher/transport.js";
import type { Teacher } from "../teacher/types.js";
import { callFailureReason } from "../teacher/retry.js";
import type { CriterionContext, CriterionOptionSpec } from "./types.js";
import { intOption, withDefault } from "../util/option-schema.js";

/** A teacher that can also answer free-form chat (OpenAITeacher). */
export type JudgeTeacher = Teacher & { chat(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> };

/** The context's teacher as a judge. @throws naming the criterion when the teacher cannot chat (the procedural teacher). */
export function judgeTeacher(context: CriterionContext, criterion: string): JudgeTeacher {
  const t = context.teacher as Partial<JudgeTeacher> | undefined;
  if (!t || typeof t.chat !== "function") {
    throw new Error(`criterion "${criterion}" needs an LLM teacher to judge (teacher.kind "openai"); ${t?.id ?? "no teacher"} cannot chat`);
  }
  return t as JudgeTeacher;
}

/**
 * Nonce of a judge call: run and iteration. It keeps each run's judge calls in rows of their own
 * (so each run pays for its judging).
 * @example judgeNonce("r1", 3) // "judge:r1/t3"
 */
export const judgeNonce = (runId: string, iteration: number): string => `judge:${runId}/t${iteration}`;

/** One judge call to make. `parse` reads the answer; a failed parse is a recorded failure. */
export interface JudgeCall<T> {
  id: string;
  messages: ChatMessage[];
  templateVersion: string;
  parse(content: string): { ok: true; value: T } | { ok: false; reason: string };
  maxTokens?: number;
}

export type JudgeOutcome<T> = { ok: true; value: T; content: string; key: string } | { ok: false; reason: string; key?: string };

/**
 * Makes the calls (greedy, temperature 0) in batches of `context.concurrency`, asking
 * `context.mayContinue` before each batch; calls not made because the budget ran out fail with
 * reason "not judged: teacher-token budget spent". Retryable call failures (after the teacher's
 * retries), truncated and unparseable outputs are failures with their reason; an unparseable
 * output is also noted on its stored call row.
 * @throws TeacherError for errors retrying cannot fix (401, 404...): the run should stop
 */
export async function runJudgeCalls<T>(context: CriterionContext, teacher: JudgeTeacher, calls: JudgeCall<T>[]): Promise<Map<string, JudgeOutcome<T>>> {
  const out = new Map<string, JudgeOutcome<T>>();
  const size = Math.max(1, context.concurrency ?? 16);
  const nonce = judgeNonce(context.runId, context.iteration);
  for (let start = 0; start < calls.length; start += size) {
    if (context.mayContinue && !context.mayContinue()) {
      for (const c of calls.slice(start)) out.set(c.id, { ok: false, reason: "not judged: teacher-token budget spent" });
      break;
    }
    const batch = calls.slice(start, start + size);
    const results = await Promise.all(batch.map((c) => oneCall(context, teacher, c, nonce)));
    batch.forEach((c, i) => out.set(c.id, results[i]!));
  }
  return out;
}

async function oneCall<T>(context: CriterionContext, teacher: JudgeTeacher, call: JudgeCall<T>, nonce: string): Promise<JudgeOutcome<T>> {
  let r: ChatResult;
  try {
    r = await teacher.chat(call.messages, {
      templateVersion: call.templateVersion,
      nonce,
      runId: context.runId,
      purpose: "judge",
      iteration: context.iteration,
      temperature: 0,
      maxTokens: call.maxTokens ?? context.options?.judgeMaxTokens ?? DEFAULT_JUDGE_MAX_TOKENS,
    });
  } catch (error) {
    return { ok: false, reason: callFailureReason(error) };
  }
  const parsed = call.parse(r.content);
  if (parsed.ok) return { ok: true, value: parsed.value, content: r.content, key: r.key };
  recordOutputProblem(context.store, r.key, parsed.reason);
  return { ok: false, reason: parsed.reason, key: r.key };
}

/**
 * Stores one score row per `[seed id, outcome]` under `criterion`, with the value and `extra` that
 * `row` gives for its outcome (judges: NaN and the reason for a failure), and returns the scores.
 */
export function storeJudgeScores<T>(
  context: CriterionContext,
  criterion: string,
  outcomes: Array<[string, JudgeOutcome<T>]>,
  row: (o: JudgeOutcome<T>) => { value: number; extra: Record<string, unknown> },
): Map<string, number> {
  const rows = outcomes.map(([id, o]) => ({ exampleId: id, model: context.model, criterion, ...row(o) }));
  context.store.putScores(rows);
  return new Map(rows.map((r) => [r.exampleId, r.value]));
}

/** `judgeMaxTokens`: the option every teacher-judged criterion reads. */
const DEFAULT_JUDGE_MAX_TOKENS = 256;
export const JUDGE_MAX_TOKENS: CriterionOptionSpec = withDefault(intOption("completion limit of one judge call", 1, 1_000_000), DEFAULT_JUDGE_MAX_TOKENS).optional();
