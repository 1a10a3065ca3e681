import { test } from "node:test";
import assert from "node:assert/strict";
import { ProceduralTeacher } from "../../lib/tasks/arith/teacher.js";
import { roughTokenCount } from "../../lib/teacher/usage.js";
import { makeArithWorld, gradeArith } from "../../lib/tasks/arith/index.js";
import type { Example } from "../../lib/tasks/types.js";

const world = makeArithWorld({ seed: 0, poolSize: 60, testSize: 0, poolMix: { add: 1, sub: 1, addsub: 1, mul: 1 }, steps: { min: 1, max: 3 } });
const seedOf = (kind: string, steps?: number): Example =>
  world.seeds.find((e) => e.kind === kind && (steps === undefined || (e.meta as any).steps === steps))!;

test("same request, same generation; other index or rngSeed, other numbers", async () => {
  const t = new ProceduralTeacher();
  const seed = seedOf("add");
  const a = await t.generate({ seed, sampleIndex: 0, rngSeed: 42 });
  const b = await new ProceduralTeacher().generate({ seed, sampleIndex: 0, rngSeed: 42 });
  assert.deepEqual(a, b);
  const c = await t.generate({ seed, sampleIndex: 1, rngSeed: 42 });
  const d = await t.generate({ seed, sampleIndex: 0, rngSeed: 43 });
  assert.ok(a.ok && c.ok && d.ok);
  assert.notDeepEqual(c.meta!.numbers, a.meta!.numbers);
  assert.notDeepEqual(d.meta!.numbers, a.meta!.numbers);
  assert.equal(t.id, "procedural/arith/v1");
});

test("answers are correct, kinds mostly kept, usage like two LLM calls", () => {
  const t = new ProceduralTeacher();
  let sameKind = 0;
  let total = 0;
  for (const seed of world.seeds) {
    for (let i = 0; i < 5; i++) {
      const g = t.generateSync({ seed, sampleIndex: i, rngSeed: 1000 + i });
      assert.ok(g.ok);
      const m = g.meta as any;
      assert.equal(gradeArith(g.answer, { answer: g.answer }).correct, true);
      assert.ok(g.answer.endsWith(`#### ${m.result}`));
      const values = m.numbers.slice(1).reduce((v: number, x: number, j: number) => (m.ops[j] === "+" ? v + x : m.ops[j] === "-" ? v - x : v * x), m.numbers[0]);
      assert.equal(values, m.result);
      assert.notEqual(g.question, seed.question);
      if (g.kind === seed.kind) sameKind++;
      total++;
      assert.equal(g.usage.calls, 2);
      assert.equal(g.usage.costUsd, 0);
      assert.equal(g.usage.completionTokens, roughTokenCount(g.question) + roughTokenCount(g.answer));
      assert.ok(g.usage.promptTokens > roughTokenCount(seed.question) + roughTokenCount(g.question));
    }
  }
  assert.ok(sameKind / total >= 0.9, `kind kept in ${sameKind}/${total}`);
});

test("simpler and harder frequencies follow the options over 1000 samples", () => {
  const t = new ProceduralTeacher({ pSimpler: 0.2, pHarder: 0.1 });
  const seed = seedOf("add", 2); // digits 2, steps 2: room to move both ways
  const counts = { same: 0, simpler: 0, harder: 0 };
  for (let i = 0; i < 1000; i++) {
    const g = t.generateSync({ seed, sampleIndex: i % 8, rngSeed: i });
    assert.ok(g.ok);
    const m = g.meta as any;
    counts[m.variant as keyof typeof counts]++;
    const size = m.digits + m.steps;
    assert.equal(size, m.variant === "same" ? 4 : m.variant === "simpler" ? 3 : 5);
  }
  // binomial sd at n=1000: sqrt(1000*0.2*0.8) = 12.6, sqrt(1000*0.1*0.9) = 9.5; bounds are about 4 sd
  assert.ok(Math.abs(counts.simpler - 200) <= 50, JSON.stringify(counts));
  assert.ok(Math.abs(counts.harder - 100) <= 40, JSON.stringify(counts));
});

test("with pSimpler = pHarder = 0 the shape is kept exactly", () => {
  const t = new ProceduralTeacher({ pSimpler: 0, pHarder: 0 });
  for (const seed of world.seeds) {
    const g = t.generateSync({ seed, sampleIndex: 0, rngSeed: 7 });
    assert.ok(g.ok);
    const m = g.meta as any;
    const s = seed.meta as any;
    assert.deepEqual([g.kind, m.digits, m.steps], [seed.kind, s.digits, s.steps]);
  }
});

test("failureRate fails that fraction, deterministically, with the first call's usage", () => {
  const t = new ProceduralTeacher({ failureRate: 0.3 });
  const seed = seedOf("mul");
  let failed = 0;
  for (let i = 0; i < 1000; i++) {
    const g = t.generateSync({ seed, sampleIndex: 0, rngSeed: i });
    assert.deepEqual(t.generateSync({ seed, sampleIndex: 0, rngSeed: i }), g);
    if (!g.ok) {
      failed++;
      assert.match(g.reason, /simulated failure/);
      assert.equal(g.usage.calls, 1);
    }
  }
  assert.ok(Math.abs(failed - 300) <= 60, `failed ${failed}`);
  // samples that do not fail are the same as without failures
  const plain = new ProceduralTeacher();
  for (let i = 0; i < 50; i++) {
    const g = t.generateSync({ seed, sampleIndex: 0, rngSeed: i });
    if (g.ok) assert.deepEqual(g, plain.generateSync({ seed, sampleIndex: 0, rngSeed: i }));
  }
});

test("a seed without arith meta fails naming the missing field; bad options throw", async () => {
  const t = new ProceduralTeacher();
  const base = { id: "gsm8k/1", task: "gsm8k", question: "q", answer: "#### 1" };
  const g = await t.generate({ seed: base, sampleIndex: 0, rngSeed: 1 });
  assert.deepEqual(g, { ok: false, reason: "seed gsm8k/1 has no arith shape: meta is missing", usage: { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 } });
  const h = t.generateSync({ seed: { ...base, meta: { kind: "add", steps: 1 } }, sampleIndex: 0, rngSeed: 1 });
  assert.ok(!h.ok && /meta\.digits is missing/.test(h.reason));
  const k = t.generateSync({ seed: { ...base, meta: { kind: "div", digits: 2, steps: 1 } }, sampleIndex: 0, rngSeed: 1 });
  assert.ok(!k.ok && /meta\.kind "div" is not an arith kind/.test(k.reason));
  assert.throws(() => new ProceduralTeacher({ pSimpler: 1.5 }), /option pSimpler must be a number in 0\.\.1, got 1.5/);
  assert.throws(() => new ProceduralTeacher({ pSimpler: 0.6, pHarder: 0.6 }), /pSimpler \+ pHarder must be at most 1/);
  assert.throws(() => new ProceduralTeacher({ failureRate: NaN }), /option failureRate/);
});

test("roughTokenCount counts digits one by one", () => {
  assert.equal(roughTokenCount("Tom has 23 apples."), 5);
  assert.equal(roughTokenCount("12 * 4 = 48 #### 48"), 10);
  assert.equal(roughTokenCount(""), 0);
});
