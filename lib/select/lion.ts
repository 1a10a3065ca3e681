import { lionAnswerTemplate, lionRefereeTemplate, parseVerdict } from "../teacher/judge-templates.js";
import type { Criterion, CriterionContext } from "./types.js";
import { JUDGE_MAX_TOKENS, judgeTeacher, runJudgeCalls, storeJudgeScores } from "./judge.js";
import { numberOption, withDefault } from "../util/option-schema.js";

const HARD_FRACTION = 0.75;

/**
 * Lion's referee (Jiang et al. 2023) per seed: 1 when the student's answer is worse than the
 * teacher's (hard), 0 when at least as good (easy), NaN when a call failed or its verdict could not
 * be read (reason stored in the score's `extra.reason`).
 */
async function lionScores(context: CriterionContext): Promise<Map<string, number>> {
  const teacher = judgeTeacher(context, "lion");
  const answers = await context.answers();
  const teacherAnswers = await runJudgeCalls(
    context,
    teacher,
    context.seeds.map((seed) => ({
      id: seed.id,
      messages: lionAnswerTemplate.messages(seed.question),
      templateVersion: lionAnswerTemplate.version,
      maxTokens: 1024,
      parse: (content: string) => (content.trim() ? { ok: true as const, value: content.trim() } : { ok: false as const, reason: "empty teacher answer" }),
    })),
  );
  const answered = context.seeds.filter((s) => teacherAnswers.get(s.id)!.ok);
  const verdicts = await runJudgeCalls(
    context,
    teacher,
    answered.map((seed) => {
      const t = teacherAnswers.get(seed.id)!;
      return {
        id: seed.id,
        messages: lionRefereeTemplate.messages(seed.question, answers.get(seed.id) ?? "", t.ok ? t.value : ""),
        templateVersion: lionRefereeTemplate.version,
        parse: parseVerdict,
      };
    }),
  );
  return storeJudgeScores(
    context,
    "lion",
    context.seeds.map((s) => {
      const first = teacherAnswers.get(s.id)!;
      return [s.id, first.ok ? verdicts.get(s.id)! : first];
    }),
    (o) => (o.ok ? { value: o.value === "B" ? 1 : 0, extra: { verdict: o.value } } : { value: NaN, extra: { reason: o.reason } }),
  );
}

/**
 * `lion`: the teacher answers every seed itself (call 1), then as referee compares the student's
 * greedy answer (A) with its own (B) (call 2): both calls cached and counted against the budget.
 * Hard seeds (referee: B is better) and easy ones (A at least as good) are both regenerated, as in
 * Lion: of the m seeds, round(m x `criterionOptions.lionHardFraction`) (default 0.75) are hard and
 * the rest easy, each group in a seeded random order; a group too small is filled from the other.
 * Costs: one student generation and two teacher calls per seed per iteration.
 */
export const lionCriterion: Criterion = {
  name: "lion",
  order: "desc",
  costs: { studentGenerate: true, studentScore: false, embeddings: false, teacherTokens: true, teacherCallsPerSeed: 2 },
  options: {
    judgeMaxTokens: JUDGE_MAX_TOKENS,
    lionHardFraction: withDefault(numberOption("share of the m seeds taken from the hard ones", 0, 1), HARD_FRACTION).optional(),
  },
  score: lionScores,
  async select(context, m) {
    const scores = await lionScores(context);
    const fraction = context.options?.lionHardFraction ?? HARD_FRACTION;
    const hard = context.rng.shuffle(context.seeds.filter((s) => scores.get(s.id) === 1)).map((s) => s.id);
    const easy = context.rng.shuffle(context.seeds.filter((s) => scores.get(s.id) === 0)).map((s) => s.id);
    let nHard = Math.min(hard.length, Math.round(m * fraction));
    const nEasy = Math.min(easy.length, m - nHard);
    nHard = Math.min(hard.length, m - nEasy);
    return [...hard.slice(0, nHard).map((id) => ({ id, score: 1 })), ...easy.slice(0, nEasy).map((id) => ({ id, score: 0 }))];
  },
};
