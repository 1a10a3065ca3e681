import { parseScore, scoreTemplate } from "../teacher/judge-templates.js";
import type { Criterion, CriterionContext } from "./types.js";
import { JUDGE_MAX_TOKENS, judgeTeacher, runJudgeCalls, storeJudgeScores } from "./judge.js";
import { numberOption, withDefault } from "../util/option-schema.js";

const JUDGE_THRESHOLD = 5;

const SCALE = { min: 1, max: 10 };

/**
 * The teacher's 1..10 score of the student's greedy answer to every seed (template
 * `judge/score/v1`: question, the gold answer as reference when the seed has one, the student's
 * answer; reply `Score: N`). Unparseable or failed judgements are NaN (never selected) and their
 * reasons are stored with the scores (`extra.reason`) and on the call row.
 */
async function judgeScores(context: CriterionContext, criterion: string): Promise<Map<string, number>> {
  const teacher = judgeTeacher(context, criterion);
  const answers = await context.answers();
  const outcomes = await runJudgeCalls(
    context,
    teacher,
    context.seeds.map((seed) => ({
      id: seed.id,
      messages: scoreTemplate.messages({ question: seed.question, ...(seed.answer ? { reference: seed.answer } : {}), answer: answers.get(seed.id) ?? "" }, SCALE),
      templateVersion: scoreTemplate.version,
      parse: (content: string) => parseScore(content, SCALE),
    })),
  );
  return storeJudgeScores(
    context,
    "llm-judge",
    context.seeds.map((s) => [s.id, outcomes.get(s.id)!]),
    (o) => (o.ok ? { value: o.value, extra: { key: o.key } } : { value: NaN, extra: { reason: o.reason, key: o.key ?? null } }),
  );
}

/**
 * `llm-judge`: the teacher grades the student's answer to every seed on 1..10, low first (the
 * seeds the student answers worst). Costs: one student generation per seed and one teacher call
 * per seed per iteration, whose tokens count against the run's budget.
 */
export const llmJudgeCriterion: Criterion = {
  name: "llm-judge",
  order: "asc",
  costs: { studentGenerate: true, studentScore: false, embeddings: false, teacherTokens: true, teacherCallsPerSeed: 1 },
  options: { judgeMaxTokens: JUDGE_MAX_TOKENS },
  score: (context) => judgeScores(context, "llm-judge"),
};

/**
 * `llm-judge-hard`: as `llm-judge`, but only failures are eligible: seeds scored at most
 * `criterionOptions.judgeThreshold` (default 5); every other seed is NaN. With fewer failures
 * than m the iteration selects fewer seeds (and spends less). Same costs as `llm-judge`.
 */
export const llmJudgeHardCriterion: Criterion = {
  name: "llm-judge-hard",
  order: "asc",
  costs: llmJudgeCriterion.costs,
  options: {
    judgeMaxTokens: JUDGE_MAX_TOKENS,
    judgeThreshold: withDefault(numberOption("seeds scored at most this are eligible (1..10 scale)", -1e9, 1e9), JUDGE_THRESHOLD).optional(),
  },
  async score(context) {
    const threshold = context.options?.judgeThreshold ?? JUDGE_THRESHOLD;
    const scores = await judgeScores(context, "llm-judge-hard");
    return new Map([...scores].map(([id, v]) => [id, v <= threshold ? v : NaN]));
  },
};
