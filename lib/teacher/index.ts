/**
 * Public API of the LLM teacher (listed by hand): the generic parts only. Each task's template,
 * output checks and procedural teacher live with the task in lib/tasks/ (e.g. the arith world's
 * ProceduralTeacher in lib/tasks/arith/teacher.ts); nothing here imports lib/tasks/.
 */

// the teacher
export { OpenAITeacher } from "./openai-teacher.js";
export type { OpenAITeacherOptions } from "./openai-teacher.js";

// cached calls (also for LLM judges)
export { CachedChat } from "./cached-chat.js";
export type { CachedChatOptions, ChatOptions, ChatResult, SamplingParams, TeacherCallStore, UsageTotals } from "./cached-chat.js";
export { openAITransport, readCompletion, toTeacherError } from "./transport.js";
export type { ChatMessage, ChatRequestBody, ChatTransport, Completion, OpenAITransportOptions } from "./transport.js";

// limits and retries
export { Limiter, Semaphore, TokenBucket, systemClock } from "./limiter.js";
export type { Clock, LimiterOptions } from "./limiter.js";
export { backoffMs, isRetryable, retryAfterMs, retryDelayMs } from "./retry.js";
export type { RetryOptions } from "./retry.js";

// errors
export { TeacherConfigError, TeacherConnectionError, TeacherError, TeacherOutputError, TeacherTimeoutError } from "./errors.js";

// usage and prices
export { addUsage, costUsd, roughTokenCount, totalTokens } from "./usage.js";
export type { ModelPrice, PriceTable } from "./usage.js";

// template building and the output readers every template may use
export { makeTemplate } from "./templates.js";
export type { FamilySpec, TeacherTemplate } from "./templates.js";
export { finalAnswerLine, parseQuestionBlock } from "./final-answer.js";
export type { Parsed } from "./final-answer.js";

// contracts
export { zeroUsage } from "./types.js";
export type { GenerateRequest, Generation, Teacher, TeacherUsage } from "./types.js";
