/**
 * Public API of the LLM teacher (listed by hand). The procedural teacher lives in procedural.ts.
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
export { addUsage, costUsd, totalTokens } from "./usage.js";
export type { ModelPrice, PriceTable } from "./usage.js";

// templates and output checks
export { game24Template, logicTemplate, mathBoxedTemplate, mathHashTemplate, makeTemplate } from "./templates.js";
export type { FamilySpec } from "./templates.js";
export { templateFor } from "../tasks/registry.js";
export type { TeacherTemplate } from "./templates.js";
export { finalAnswerLine, finalBoxed, finalHashNumber, finalLabel, parseQuestionBlock } from "./final-answer.js";
export type { Parsed } from "./final-answer.js";
export { checkExpression, evaluate, puzzleNumbers, solvable } from "./game24.js";

// contracts
export { zeroUsage } from "./types.js";
export type { GenerateRequest, Generation, Teacher, TeacherUsage } from "./types.js";
