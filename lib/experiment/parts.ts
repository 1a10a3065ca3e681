import type { Store } from "../store/types.js";
import type { TaskData } from "../tasks/types.js";
import type { RunConfig } from "./config.js";
import type { RunParts } from "./pool.js";
import { arithBaseExamples, type ArithKind, type ArithWorldOptions } from "../tasks/arith/index.js";
import { loadTask } from "../tasks/registry.js";
import { ProceduralTeacher } from "../teacher/procedural.js";
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
    const teacherConfig = config.teacher;
    const teacher =
      teacherConfig.kind === "procedural"
        ? new ProceduralTeacher({ pSimpler: teacherConfig.pSimpler, pHarder: teacherConfig.pHarder, failureRate: teacherConfig.failureRate })
        : new OpenAITeacher({ ...teacherConfig, task: config.task, store });
    const pretrainData =
      config.task === "arith"
        ? (c: RunConfig) => {
            const p = c.student.pretrain!;
            const world = (c.taskOptions ?? {}) as ArithWorldOptions;
            return arithBaseExamples({ kinds: (p.kinds ?? ["add", "sub"]) as ArithKind[], n: p.examples, seed: p.seed ?? 0, ...(world.digits !== undefined ? { digits: world.digits } : {}) });
          }
        : undefined;
    return { data, teacher, ...(pretrainData ? { pretrainData } : {}) };
  };
}
