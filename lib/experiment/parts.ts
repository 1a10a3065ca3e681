import type { Store } from "../store/types.js";
import type { TaskData } from "../tasks/types.js";
import type { RunConfig } from "./config.js";
import type { RunParts } from "./pool.js";
import { getTaskPlugin, loadTask } from "../tasks/registry.js";
import type { TaskPlugin } from "../tasks/plugin.js";
import { OpenAITeacher } from "../teacher/openai-teacher.js";
import { canonicalJson } from "../util/hash.js";

/** A config's task data (the arith world, or a real dataset loaded from files), built once per distinct (task, options). */
export function makeTaskDataLoader(): (config: RunConfig) => TaskData {
  const cache = new Map<string, TaskData>();
  return (config) => {
    const key = canonicalJson({ task: config.task, options: config.taskOptions ?? {} });
    let data = cache.get(key);
    if (!data) {
      data = loadTask(config.task, config.taskOptions ?? {});
      cache.set(key, data);
    }
    return data;
  };
}

/**
 * Builds what a run needs from its config: task data (shared by the runs that use the same task
 * and options), the teacher, and base-model data.
 */
export function makePartsFactory(store: Store, loadData: (config: RunConfig) => TaskData = makeTaskDataLoader()): (config: RunConfig) => RunParts {
  return (config) => {
    const loaded = loadData(config);
    const cap = config.student.maxAnswerTokens;
    // the student's answers stop at student.maxAnswerTokens when it is below the task's limit
    const data = cap !== undefined && cap < loaded.task.maxAnswerTokens ? { ...loaded, task: { ...loaded.task, maxAnswerTokens: cap } } : loaded;
    const plugin = getTaskPlugin(config.task);
    const t = config.teacher;
    const teacher =
      t.kind === "procedural"
        ? procedural(plugin, config.task)({ pSimpler: t.pSimpler, pHarder: t.pHarder, failureRate: t.failureRate }, config.taskOptions ?? {})
        : new OpenAITeacher({ ...t, template: plugin.teacherTemplate, store });
    const baseData = plugin.baseData;
    const pretrainData = baseData ? (c: RunConfig) => baseData(c.student.pretrain!, c.taskOptions ?? {}) : undefined;
    return { data, teacher, ...(pretrainData ? { pretrainData } : {}) };
  };
}

/** The task's procedural teacher. @throws naming the task when it has none (validation says so first). */
function procedural(plugin: TaskPlugin, task: string): NonNullable<TaskPlugin["proceduralTeacher"]> {
  if (!plugin.proceduralTeacher) throw new Error(`task "${task}" has no procedural teacher; use an LLM teacher ({ "kind": "openai", baseURL, model })`);
  return plugin.proceduralTeacher;
}
