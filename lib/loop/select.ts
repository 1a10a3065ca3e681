import type { Example, TaskData } from "../tasks/types.js";
import type { Store } from "../store/types.js";
import type { Student } from "../student/types.js";
import type { Teacher } from "../teacher/types.js";
import type { RunConfig } from "../experiment/config.js";
import type { LoopListener } from "./events.js";
import { makeRng, mixSeed } from "../util/rng.js";
import { getCriterion } from "../select/registry.js";
import { choose, chooseSeeds, type Chosen } from "../select/choose.js";
import { SeedScores } from "../select/seed-scores.js";
import type { CriterionContext } from "../select/types.js";
import { poolAnswers } from "./answers.js";

export interface SelectStepOptions {
  config: RunConfig;
  store: Store;
  student: Student;
  teacher: Teacher;
  data: TaskData;
  iteration: number;
  /** The checkpoint that scores the pool. */
  model: string;
  count: number;
  emit: LoopListener;
  /** Asked before each batch of judge calls (the token budget). */
  mayJudge: () => boolean;
}

/**
 * Selects iteration t's seeds, or reads back a stored selection. Active runs score the pool with
 * their criterion (or let it select outright, e.g. coreset) and choose by the run's `selection`;
 * a static run draws its seeds uniformly (the `random` criterion, top of the random order).
 */
export async function selectSeeds(o: SelectStepOptions): Promise<Example[]> {
  const { config, store, data, iteration: t } = o;
  const runId = config.name;
  const stored = store.getSelection(runId, t);
  if (stored.length > 0) return seedsOf(data.seeds, stored.map((r) => r.exampleId));
  const isStatic = config.method === "static";
  const criterion = getCriterion(isStatic ? "random" : config.criterion);
  const rng = makeRng(mixSeed(config.seed, t, isStatic ? "static" : "select"));
  o.emit({ type: "step", runId, iteration: t, step: "score" });
  const answersOf = poolAnswers(o.student, store, o.model, data.task, data.seeds);
  const context: CriterionContext = {
    runId,
    iteration: t,
    model: o.model,
    task: data.task,
    seeds: data.seeds,
    student: o.student,
    store,
    rng,
    teacher: o.teacher,
    answers: async (subset) => {
      if (subset) return answersOf(subset); // a block of the pool, answered and scored in turn: the step stays "score"
      o.emit({ type: "step", runId, iteration: t, step: "answer" });
      const answers = await answersOf();
      o.emit({ type: "step", runId, iteration: t, step: "score" });
      return answers;
    },
    ...(config.criterionOptions ? { options: config.criterionOptions } : {}),
    mayContinue: o.mayJudge,
    concurrency: config.generationConcurrency,
  };
  let picks: Array<{ seed: Example; score: number }>;
  if (criterion.select && !isStatic) {
    const chosen = await criterion.select(context, o.count);
    o.emit({ type: "step", runId, iteration: t, step: "select" });
    picks = withSeeds(data.seeds, chosen);
  } else {
    const scores = await criterion.score(context);
    o.emit({ type: "step", runId, iteration: t, step: "select" });
    const policy = isStatic ? "top" : config.selection;
    // the pool's own score column: the picks come back as seeds, no id looked up
    picks = policy === "top" && scores instanceof SeedScores && scores.seeds === data.seeds
      ? chooseSeeds(scores, o.count, criterion.order, rng)
      : withSeeds(data.seeds, choose(scores, o.count, criterion.order, policy, rng));
  }
  store.putSelection(picks.map((p, rank) => ({ runId, iteration: t, rank, exampleId: p.seed.id, score: p.score })));
  return picks.map((p) => p.seed);
}

/** Chosen ids with their seeds. */
function withSeeds(seeds: readonly Example[], chosen: Chosen[]): Array<{ seed: Example; score: number }> {
  const found = seedsOf(seeds, chosen.map((c) => c.id));
  return chosen.map((c, i) => ({ seed: found[i]!, score: c.score }));
}

/** The seeds with these ids, in this order (a lookup of the picks, not a map of the whole pool). */
function seedsOf(seeds: readonly Example[], ids: string[]): Example[] {
  const wanted = new Set(ids);
  const byId = new Map<string, Example>();
  for (const s of seeds) if (wanted.has(s.id)) byId.set(s.id, s);
  return ids.map((id) => byId.get(id)!);
}
