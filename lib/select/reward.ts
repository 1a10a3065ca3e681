import { answerPair } from "../tasks/pairs.js";
import type { Criterion } from "./types.js";
import { stringOption } from "../util/option-schema.js";

/**
 * `reward` (the paper's `rwd`): a reward model's score of the student's greedy answer, low first.
 * The judge is `criterionOptions.rewardModel`, asked through the student server's
 * `POST /v1/reward` (gpu-server/README.md): with the hf backend a sequence-classification reward
 * model's logit, or a causal-LM judge's log p(" Yes") - log p(" No"); with the tiny backend
 * (no transformers) a likelihood stand-in: -mean NLL of the answer under the named tiny model
 * (e.g. a checkpoint trained on gold answers). Cached in the store per (student model,
 * `reward:<judge>`). Costs: one student generation and one reward pass per seed; no teacher tokens.
 * @throws when `rewardModel` is not set or the student has no reward endpoint
 */
export const rewardCriterion: Criterion = {
  name: "reward",
  order: "asc",
  costs: { studentGenerate: true, studentScore: false, embeddings: false, teacherTokens: false, reward: true },
  options: { rewardModel: stringOption("the judge model asked through POST /v1/reward") },
  async score(context) {
    const judge = context.options?.rewardModel;
    if (!judge) throw new Error('criterion "reward" needs criterionOptions.rewardModel: the judge model to ask (POST /v1/reward)');
    if (!context.student.reward) throw new Error('criterion "reward" needs a student with a reward endpoint (POST /v1/reward)');
    const name = `reward:${judge}`;
    const ids = context.seeds.map((s) => s.id);
    const cached = context.store.getScores(context.model, name, ids);
    const out = new Map<string, number>([...cached].map(([id, row]) => [id, row.value]));
    const missing = context.seeds.filter((s) => !cached.has(s.id));
    if (missing.length > 0) {
      const answers = await context.answers();
      const rewards = await context.student.reward(judge, missing.map((s) => answerPair(context.task, s.question, answers.get(s.id) ?? "")));
      const rows = missing.map((s, i) => ({ exampleId: s.id, model: context.model, criterion: name, value: rewards[i]!, extra: { judge } }));
      context.store.putScores(rows);
      for (const r of rows) out.set(r.exampleId, r.value);
    }
    return out;
  },
};
