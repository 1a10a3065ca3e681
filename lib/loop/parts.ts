import type { Store } from "../store/types.js";
import type { RunConfig } from "./config.js";
import type { RunParts } from "./pool.js";
import { arithBaseExamples, type ArithKind, type ArithWorldOptions } from "../tasks/arith/index.js";
import { loadTask } from "../tasks/registry.js";
import { ProceduralTeacher } from "../teacher/procedural.js";
import { OpenAITeacher } from "../teacher/openai-teacher.js";
import { canonicalJson } from "../util/hash.js";

/**
 * Builds what a run needs from its config: task data (the arith world, or a real dataset loaded
 * from files), the teacher, and base-model data. Task data is built once per distinct
 * (task, options) and shared by the runs that use it.
 */
export function makePartsFactory(store: Store): (config: RunConfig) => RunParts {
  const dataCache = new Map<string, RunParts["data"]>();
  return (config) => {
    const key = canonicalJson({ task: config.task, options: config.taskOptions ?? {} });
    let data = dataCache.get(key);
    if (!data) {
      data = loadTask(config.task, config.taskOptions ?? {});
      dataCache.set(key, data);
    }
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
