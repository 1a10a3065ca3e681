import { test } from "node:test";
import assert from "node:assert/strict";
import { getTaskPlugin, grade, loadTask } from "../../lib/tasks/registry.js";
import { checkGame24, extractGame24Expression, parsePuzzle, solveGame24 } from "../../lib/tasks/game24/index.js";
import { GAME24_KINDS, countGame24Ways, game24KindOfWays, game24Puzzles } from "../../lib/tasks/game24/difficulty.js";
import { Game24Teacher } from "../../lib/tasks/game24/teacher.js";
import { game24BaseExamples } from "../../lib/tasks/game24/base.js";
import { roughTokenCount } from "../../lib/teacher/usage.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import type { Generation } from "../../lib/teacher/types.js";
import type { Example } from "../../lib/tasks/types.js";
import { DATA_DIR, missingData } from "./data-dir.js";
import { checkSimulatedFailures } from "../helpers/simulated-failures.js";

const classOf = (puzzle: string): string | null => game24KindOfWays(countGame24Ways(parsePuzzle(puzzle).map(Number)));

/** Asserts a generation is a solvable puzzle whose answer the solver found and the exact evaluator and the task's grader accept. */
function assertSolved(g: Generation, where: string): asserts g is Extract<Generation, { ok: true }> {
  assert.ok(g.ok, `${where}: ${g.ok ? "" : g.reason}`);
  const numbers = parsePuzzle(g.question);
  assert.ok(numbers.every((n) => n >= 1n && n <= 13n), `${where}: ${g.question}`);
  assert.match(g.answer, /^Steps: .+\.\nAnswer: [^\n]+ = 24$/, where);
  const expression = extractGame24Expression(g.answer);
  assert.equal(expression, solveGame24(numbers), `${where}: the answer is the solver's expression`);
  assert.equal(checkGame24(expression!, numbers), null, `${where}: ${g.answer}`); // each number once, exactly 24
  assert.equal(grade("game24", g.answer, g.question).correct, true, where);
  assert.equal(g.kind, classOf(g.question), `${where}: kind is the child's own class`);
}

test("game24 kinds: the loader sets every row's class from its ways to make 24; classes are near thirds", (t) => {
  const why = missingData("game24");
  if (why) return t.skip(why);
  const data = loadTask("game24", { dataDir: DATA_DIR });
  const count = (examples: Example[]) => Object.fromEntries(GAME24_KINDS.map((k) => [k, examples.filter((e) => e.kind === k).length]));
  for (const e of [...data.seeds, ...data.test]) assert.equal(e.kind, classOf(e.question), e.id);
  assert.deepEqual(count([...data.seeds, ...data.test]), { many: 462, some: 474, few: 426 });
  assert.deepEqual(count(data.test), { many: 19, some: 46, few: 35 }); // ranks 901-1000
  // every solvable puzzle of 1..13 is a row of 24.csv, and no other
  assert.deepEqual(new Set(game24Puzzles().map((p) => p.key)), new Set([...data.seeds, ...data.test].map((e) => e.question)));
});

test("game24 teacher: over every seed, each child is solvable, correctly answered, near the seed and mostly of its class", async (t) => {
  const why = missingData("game24");
  if (why) return t.skip(why);
  const data = loadTask("game24", { dataDir: DATA_DIR });
  const testPuzzles = new Set(data.test.map((e) => e.question));
  const plain = new Game24Teacher();
  const guarded = getTaskPlugin("game24").proceduralTeacher!({}, { dataDir: DATA_DIR });
  let total = 0;
  let sameKind = 0;
  let oneChanged = 0;
  let testHits = 0;
  for (const seed of data.seeds) {
    for (let i = 0; i < 3; i++) {
      const request = { seed, sampleIndex: i, rngSeed: 11 };
      const g = plain.generateSync(request);
      assertSolved(g, `${seed.id}#${i}`);
      assert.notEqual(g.question, seed.question);
      assert.ok((g.meta!.changed as number) >= 1 && (g.meta!.changed as number) <= 2, `${seed.id}: ${g.meta!.changed} numbers changed`);
      total++;
      if (g.kind === seed.kind) sameKind++;
      if (g.meta!.changed === 1) oneChanged++;
      if (testPuzzles.has(g.question)) testHits++;
      assert.equal(g.usage.calls, 2);
      assert.equal(g.usage.completionTokens, roughTokenCount(g.question) + roughTokenCount(g.answer));
      assert.ok(g.usage.promptTokens > roughTokenCount(seed.question) + roughTokenCount(g.question));
      const h = await guarded.generate(request);
      assert.ok(h.ok && !testPuzzles.has(h.question), `${seed.id}: the plug-in's teacher wrote test puzzle ${h.ok ? h.question : h.reason}`);
    }
  }
  console.log(
    `game24 teacher, ${total} children of ${data.seeds.length} seeds (pSimpler = pHarder = 0.1): seed's class ${(sameKind / total).toFixed(3)}, ` +
      `one number changed ${(oneChanged / total).toFixed(3)}, ToT test puzzles without exclusion ${(testHits / total).toFixed(3)} (with: 0)`,
  );
  assert.ok(sameKind / total >= 0.8, `seed's class kept in ${sameKind}/${total}`); // 0.8 expected from the knobs, more at the ends of the scale
  assert.ok(oneChanged / total >= 0.95, `one number changed in ${oneChanged}/${total}`);
  assert.ok(testHits > 0, "without exclusion the teacher does write test puzzles (every solvable puzzle is in the data)");
});

test("game24 teacher: the knobs move the class one step; zero knobs keep it", () => {
  const seedOf = (puzzle: string): Example => ({ id: `s/${puzzle}`, task: "game24", question: puzzle, answer: "" });
  const some = seedOf("4 9 10 13"); // 9 ways: some
  assert.equal(classOf(some.question), "some");
  const exact = new Game24Teacher({ pSimpler: 0, pHarder: 0 });
  const skewed = new Game24Teacher({ pSimpler: 0.3, pHarder: 0.2 });
  const counts = { many: 0, some: 0, few: 0 };
  for (let i = 0; i < 1000; i++) {
    const g = exact.generateSync({ seed: some, sampleIndex: i % 5, rngSeed: i });
    assert.ok(g.ok && g.kind === "some" && g.meta!.variant === "same");
    const h = skewed.generateSync({ seed: some, sampleIndex: i % 5, rngSeed: i });
    assertSolved(h, `skewed ${i}`);
    counts[h.kind as keyof typeof counts]++;
    assert.equal(h.meta!.variant, h.kind === "many" ? "simpler" : h.kind === "few" ? "harder" : "same");
  }
  // binomial sd at n = 1000: 14.5 (0.3), 12.6 (0.2); bounds are about 4 sd
  assert.ok(Math.abs(counts.many - 300) <= 60 && Math.abs(counts.few - 200) <= 50, JSON.stringify(counts));
  // at the ends of the scale the class is kept
  const many = seedOf("1 1 4 6");
  const g = new Game24Teacher({ pSimpler: 1, pHarder: 0 }).generateSync({ seed: many, sampleIndex: 0, rngSeed: 1 });
  assert.ok(g.ok && g.kind === "many" && g.meta!.variant === "same");
});

test("game24 teacher: deterministic per (seed, sampleIndex, rngSeed); failures simulated and unreadable seeds refused", () => {
  const seed: Example = { id: "game24/seed/7", task: "game24", question: "2 3 5 12", answer: "Answer: 12 / (3 - 5 / 2) = 24" };
  const a = new Game24Teacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 });
  assert.deepEqual(new Game24Teacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 }), a);
  const others = new Set(Array.from({ length: 20 }, (_, i) => {
    const g = new Game24Teacher().generateSync({ seed, sampleIndex: i, rngSeed: 5 });
    return g.ok ? g.question : g.reason;
  }));
  assert.ok(others.size >= 5, `${others.size} distinct children of 20`);
  const plain = new Game24Teacher();
  checkSimulatedFailures(new Game24Teacher({ failureRate: 0.3 }), plain, seed, 0.3);
  const zero = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  const refused = (question: string, meta?: Record<string, unknown>) => plain.generateSync({ seed: { id: "bad", task: "game24", question, answer: "", ...(meta ? { meta } : {}) }, sampleIndex: 0, rngSeed: 1 });
  assert.deepEqual(refused("What is the capital of France?"), { ok: false, reason: 'seed bad is not a Game of 24 puzzle: a Game of 24 puzzle has four numbers (got "What is the capital of France?")', usage: zero });
  assert.deepEqual(refused("1 1 1 1"), { ok: false, reason: "seed bad (1 1 1 1) cannot make 24, so it has no difficulty class to copy", usage: zero });
  assert.ok(refused("no numbers here", { puzzle: "4 9 10 13" }).ok, "meta.puzzle is read before the question");
  assert.throws(() => new Game24Teacher({ pHarder: 1.5 }), /Game24Teacher: option pHarder must be a number in 0\.\.1, got 1.5/);
  assert.throws(() => new Game24Teacher({ pSimpler: 0.6, pHarder: 0.6 }), /pSimpler \+ pHarder must be at most 1/);
  assert.throws(() => new Game24Teacher({ exclude: ["1 2 3"] }), /four numbers/);
});

test("game24 base data: the kinds asked for, no test puzzle, correct answers, stable ids", (t) => {
  const why = missingData("game24");
  if (why) return t.skip(why);
  const plugin = getTaskPlugin("game24");
  const testPuzzles = new Set(loadTask("game24", { dataDir: DATA_DIR }).test.map((e) => e.question));
  const base = plugin.baseData!({ examples: 600, kinds: ["many", "some"], seed: 3 }, { dataDir: DATA_DIR, maxTest: 10 });
  assert.equal(base.length, 600);
  assert.deepEqual([base.filter((e) => e.kind === "many").length, base.filter((e) => e.kind === "some").length], [300, 300]);
  assert.equal(new Set(base.map((e) => e.question)).size, 600); // no repeats while a class has puzzles left
  for (const e of base) {
    assert.ok(!testPuzzles.has(e.question), `${e.id} is test puzzle ${e.question}`);
    assertSolved({ ok: true, question: e.question, answer: e.answer, ...(e.kind ? { kind: e.kind } : {}), usage: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 } }, e.id);
  }
  assert.equal(base[0]!.id, "game24/v1/base/s3/00000");
  assert.deepEqual(plugin.baseData!({ examples: 600, kinds: ["many", "some"], seed: 3 }, { dataDir: DATA_DIR }), base);
  assert.deepEqual(new Set(plugin.baseData!({ examples: 20 }, { dataDir: DATA_DIR }).map((e) => e.kind)), new Set(["many"])); // the default: the easy class
  // past a class's puzzles the order starts again: 391 few puzzles are not test puzzles
  const few = game24BaseExamples({ kinds: ["few"], n: 1000, seed: 0, exclude: testPuzzles });
  const uses = new Map<string, number>();
  for (const e of few) uses.set(e.question, (uses.get(e.question) ?? 0) + 1);
  assert.equal(uses.size, 391);
  assert.ok(Math.max(...uses.values()) <= 3);
  assert.throws(() => game24BaseExamples({ kinds: ["hard" as never], n: 1, seed: 0 }), /option kinds has unknown kind "hard" \(known: many, some, few\)/);
  assert.throws(() => game24BaseExamples({ kinds: ["many"], n: -1, seed: 0 }), /option n must be an integer >= 0/);
});

test("game24 plug-in: kinds, procedural teacher and base data validate in a run config", () => {
  const plugin = getTaskPlugin("game24");
  assert.deepEqual(plugin.kinds, ["many", "some", "few"]);
  const run = { name: "g", task: "game24", criterion: "loss", budget: { samples: 10 }, perIteration: 10, teacher: { kind: "procedural", pHarder: 0.2 } };
  assert.equal(validateRunConfig({ ...run, student: { baseModel: "tiny" } }).teacher.kind, "procedural");
  const pretrained = validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["many"] } } });
  assert.deepEqual(pretrained.student.pretrain?.kinds, ["many"]);
  assert.throws(() => validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["easy"] } } }), /"student.pretrain.kinds\[0\]" is not a kind of task game24: "easy".*\(kinds: many, some, few\)/);
});
