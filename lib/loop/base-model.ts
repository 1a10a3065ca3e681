import type { Student, ScoreItem } from "../student/types.js";
import type { Store } from "../store/types.js";
import type { StudentConfig } from "../experiment/config.js";
import type { Example, Task } from "../tasks/types.js";
import type { RunConfig } from "../experiment/config.js";
import { hashOf } from "../util/hash.js";
import { trainingPair } from "../tasks/pairs.js";

/** The pairs the pretrained base trains on (and the loop replays): the task's base data as training pairs. */
export function pretrainPairs(config: RunConfig, task: Task, pretrainData: ((config: RunConfig) => Example[]) | undefined): ScoreItem[] {
  if (!pretrainData) throw new Error(`task "${config.task}" has no base data: remove student.pretrain from the config`);
  return pretrainData(config).map((e) => trainingPair(task, e));
}

/**
 * The pretrained base a run starts from. With `student.pretrain`, the base model is finetuned once
 * on the task's base data and found again afterwards: its model id carries the hash of the spec
 * (`ft:tiny:base-<hash>:<job>`), so any store and any server on the same checkpoint directory
 * reuse it. Without `pretrain`, it is `student.baseModel` as is.
 */
export async function ensureBaseModel(
  student: Student,
  store: Store,
  config: StudentConfig,
  examples: () => ScoreItem[],
  onProgress?: (step: number, total: number) => void,
): Promise<string> {
  if (!config.pretrain) return config.baseModel;
  const items = examples();
  const suffix = `base-${hashOf({ base: config.baseModel, pretrain: config.pretrain, data: hashOf(items) }, 12)}`;
  const metaKey = `base-model/${suffix}`;
  const known = store.getMeta(metaKey) as string | null;
  const models = await student.listModels();
  if (known && models.includes(known)) return known;
  // the server names a fine-tuned model ft:<short base name>:<suffix>:<job> (a GGUF path's file stem)
  const found = models.find((m) => m.startsWith("ft:") && m.includes(`:${suffix}:`));
  if (found) {
    store.setMeta(metaKey, found);
    return found;
  }
  const result = await student.finetune({
    baseModel: config.baseModel,
    examples: items,
    hyperparameters: config.pretrain.hyperparameters,
    seed: config.pretrain.seed ?? 0,
    suffix,
    ...(onProgress ? { onProgress: (e) => onProgress(e.step, e.totalSteps) } : {}),
  });
  store.putCheckpoint({ model: result.model, baseModel: config.baseModel, jobId: result.jobId, config: { pretrain: config.pretrain } });
  store.setMeta(metaKey, result.model);
  return result.model;
}
