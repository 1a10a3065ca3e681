import { answerPair } from "../tasks/pairs.js";
import { cachedStudentScores } from "./scored.js";
import type { Criterion } from "./types.js";
import type { Example } from "../tasks/types.js";
import { kMeansPlusPlus, norm } from "./vectors.js";

/**
 * `badge` (Ash et al. 2020), approximated over HTTP. True BADGE embeds each example by the gradient
 * of the loss at the predicted label w.r.t. the last layer; that gradient is (1 - p) times the
 * penultimate features (p: the model's probability of its own prediction). The server exposes no
 * per-example gradients, so this uses the student's `/v1/embeddings` of prompt + its own greedy
 * answer (mean final hidden state) scaled by (1 - exp(-loss)), with `loss` the mean token NLL of
 * that answer (the `loss` criterion, shared cache): confident answers shrink toward 0, uncertain
 * ones keep their direction. k-means++ seeding over these vectors picks the m seeds, so the set is
 * both uncertain and diverse. Score of a pick = the norm of its vector.
 * Costs: one student generation, one forward pass and one embedding per seed; no teacher tokens.
 */
export const badgeCriterion: Criterion = {
  name: "badge",
  order: "desc",
  costs: { studentGenerate: true, studentScore: true, embeddings: true, teacherTokens: false },
  async score(context) {
    const vectors = await gradientEmbeddings(context);
    return new Map(context.seeds.map((s, i) => [s.id, norm(vectors[i]!)]));
  },
  async select(context, m) {
    const vectors = await gradientEmbeddings(context);
    return kMeansPlusPlus(vectors, m, context.rng).map((i) => ({ id: context.seeds[i]!.id, score: norm(vectors[i]!) }));
  },
};

async function gradientEmbeddings(context: Parameters<Criterion["score"]>[0]): Promise<number[][]> {
  const answers = await context.answers();
  const pair = (seed: Example) => answerPair(context.task, seed.question, answers.get(seed.id) ?? "");
  const loss = await cachedStudentScores(context, "loss", pair, (r) => r.meanNll);
  const texts = context.seeds.map((s) => {
    const p = pair(s);
    return p.prompt + p.completion;
  });
  const embeddings = await context.student.embed(context.model, texts);
  return embeddings.map((v, i) => {
    const scale = 1 - Math.exp(-(loss.get(context.seeds[i]!.id) ?? 0));
    return v.map((x) => x * scale);
  });
}
