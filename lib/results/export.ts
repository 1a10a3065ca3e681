import type { Store } from "../store/types.js";
import type { RunConfig } from "../experiment/config.js";
import { completionFor } from "../tasks/pairs.js";
import { getTask } from "../tasks/registry.js";
import { UnknownRunError } from "../store/errors.js";

export type ExportFormat = "prompt-completion" | "chat";

/**
 * A run's successful synthetic samples as JSONL lines, in generation order: `{prompt, completion,
 * metadata}` (the student's own prompt format) or OpenAI chat fine-tuning `{messages, metadata}`.
 * @throws {UnknownRunError} naming the run when the store has no such run.
 */
export function exportLines(store: Store, runId: string, format: ExportFormat): string[] {
  const run = store.getRun(runId);
  if (!run) throw new UnknownRunError([runId], store.listRuns().map((r) => r.id), store.path);
  const task = getTask(run.config.task);
  const rows = store
    .getExamples({ source: "synthetic", runId })
    .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0) || (a.id < b.id ? -1 : 1));
  return rows.map((e) => {
    const metadata = { id: e.id, seed: e.parentId, iteration: e.iteration, kind: e.kind ?? null };
    if (format === "chat") {
      return JSON.stringify({ messages: [{ role: "user", content: e.question }, { role: "assistant", content: e.answer }], metadata });
    }
    return JSON.stringify({ prompt: task.prompt(e.question), completion: completionFor(task, e.question, e.answer), metadata });
  });
}
