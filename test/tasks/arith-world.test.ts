import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { makeRng } from "../../lib/util/rng.js";
import {
  ARITH_KINDS, arithBaseExamples, gradeArith, makeArithProblem, makeArithWorld, apportion,
} from "../../lib/tasks/arith/index.js";
import type { ArithMeta, ArithKind } from "../../lib/tasks/arith/index.js";
import type { Example } from "../../lib/tasks/types.js";

const vocabulary = new Set(
  readFileSync(new URL("../../../gpu-server/activesynth_server/tiny/words.txt", import.meta.url), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")),
);

/** Recomputes the result from meta and checks the answer line against it. */
function checkExample(e: Example): void {
  const m = e.meta as unknown as ArithMeta;
  assert.equal(m.kind, e.kind);
  assert.equal(m.ops.length, m.steps);
  assert.equal(m.numbers.length, m.steps + 1);
  let v = m.numbers[0]!;
  const lines: string[] = [];
  m.ops.forEach((op, i) => {
    const x = m.numbers[i + 1]!;
    const next = op === "+" ? v + x : op === "-" ? v - x : v * x;
    assert.ok(next >= 0, `${e.id}: negative intermediate`);
    lines.push(`${v} ${op} ${x} = ${next}`);
    v = next;
  });
  assert.equal(m.result, v);
  assert.equal(e.answer, `${lines.join(" , ")} #### ${v}`);
  assert.equal(gradeArith(` ${e.answer}`, e).correct, true);
  assert.equal(gradeArith(`#### ${v + 1}`, e).correct, false);
  for (const n of m.numbers) assert.ok(e.question.includes(String(n)), `${e.id}: ${n} not in question`);
  if (m.kind === "mul") assert.ok(m.ops[0] === "*" && m.numbers[1]! >= 2 && m.numbers[1]! <= 9);
  if (m.kind === "add") assert.ok(m.ops.every((o) => o === "+"));
  if (m.kind === "sub") assert.ok(m.ops.every((o) => o === "-"));
  if (m.kind === "addsub") assert.ok(m.ops.includes("+") && m.ops.includes("-"));
}

test("default world: sizes, ids, exact skewed pool mix, balanced test, valid examples", () => {
  const w = makeArithWorld();
  assert.equal(w.task.name, "arith");
  assert.equal(w.seeds.length, 2000);
  assert.equal(w.test.length, 400);
  assert.equal(w.seeds[42]!.id, "arith/v1/s0/seed/00042");
  assert.equal(w.test[7]!.id, "arith/v1/s0/test/00007");
  const count = (xs: Example[]) => Object.fromEntries(ARITH_KINDS.map((k) => [k, xs.filter((x) => x.kind === k).length]));
  assert.deepEqual(count(w.seeds), { add: 900, sub: 900, addsub: 0, mul: 200 });
  assert.deepEqual(count(w.test), { add: 134, sub: 133, addsub: 0, mul: 133 });
  const pool = new Set(w.seeds.map((e) => e.question));
  assert.equal(pool.size, 2000, "pool questions are distinct");
  assert.ok(w.test.every((e) => !pool.has(e.question)), "no test question is a pool question");
  for (const e of [...w.seeds, ...w.test]) {
    checkExample(e);
    assert.equal((e.meta as any).digits, 2);
    assert.equal((e.meta as any).steps, 1);
    for (const n of (e.meta as any).numbers.slice(0, 1)) assert.ok(n >= 10 && n <= 99);
  }
  // the first positions are not all one kind: kinds are shuffled
  assert.ok(new Set(w.seeds.slice(0, 30).map((e) => e.kind)).size >= 2);
});

test("same options give identical arrays; another seed gives other ones", () => {
  const opts = { seed: 5, poolSize: 300, testSize: 60, steps: { min: 1, max: 3 }, poolMix: { add: 1, addsub: 1, mul: 1 } };
  const a = makeArithWorld(opts);
  const b = makeArithWorld(structuredClone(opts));
  assert.deepEqual(a.seeds, b.seeds);
  assert.deepEqual(a.test, b.test);
  const c = makeArithWorld({ ...opts, seed: 6 });
  assert.equal(c.seeds[0]!.id, "arith/v1/s6/seed/00000");
  assert.notDeepEqual(c.seeds.map((e) => e.question), a.seeds.map((e) => e.question));
  // the pool does not depend on testSize
  assert.deepEqual(makeArithWorld({ ...opts, testSize: 0 }).seeds, a.seeds);
});

test("questions are short and use only the tiny tokenizer's words", () => {
  const rng = makeRng(11);
  for (let i = 0; i < 2000; i++) {
    const kind = ARITH_KINDS[i % 4] as ArithKind;
    const steps = rng.int(kind === "addsub" ? 2 : 1, 3);
    const p = makeArithProblem(rng, { kind, digits: rng.int(1, 3), steps });
    for (const w of p.question.match(/[A-Za-z]+/g) ?? []) assert.ok(vocabulary.has(w), `"${w}" is not in words.txt: ${p.question}`);
    assert.match(p.question, /^[A-Za-z0-9 .?]+$/);
    assert.ok(p.question.split(" ").length <= 25, `too long: ${p.question}`);
    assert.match(p.answer, /^[0-9 +\-*=,]+ #### \d+$/);
    checkExample({ id: `x${i}`, task: "arith", kind, question: p.question, answer: p.answer, meta: { ...p.meta } });
  }
});

test("steps and digits knobs; addsub gets at least 2 steps", () => {
  const w = makeArithWorld({ seed: 2, poolSize: 400, testSize: 40, digits: 3, steps: { min: 1, max: 3 }, poolMix: { addsub: 1, sub: 1 } });
  const steps = new Set(w.seeds.map((e) => (e.meta as any).steps));
  assert.deepEqual([...steps].sort(), [1, 2, 3]);
  assert.ok(w.seeds.filter((e) => e.kind === "addsub").every((e) => (e.meta as any).steps >= 2));
  assert.ok(w.seeds.every((e) => (e.meta as any).numbers[0] >= 100));
  for (const e of w.seeds) checkExample(e);
});

test("options are validated with errors naming the option", () => {
  assert.throws(() => makeArithWorld({ poolSize: 0 }), /option poolSize must be an integer >= 1, got 0/);
  assert.throws(() => makeArithWorld({ testSize: 1.5 }), /option testSize/);
  assert.throws(() => makeArithWorld({ seed: -1 }), /option seed/);
  assert.throws(() => makeArithWorld({ digits: 4 }), /option digits must be an integer in 1\.\.3, got 4/);
  assert.throws(() => makeArithWorld({ poolMix: { div: 1 } as any }), /option poolMix has unknown kind "div"/);
  assert.throws(() => makeArithWorld({ poolMix: { add: -1 } }), /option poolMix\.add must be a finite number >= 0/);
  assert.throws(() => makeArithWorld({ testMix: { add: 0 } }), /option testMix must give some kind a positive weight/);
  assert.throws(() => makeArithWorld({ steps: { min: 2, max: 1 } }), /option steps\.max \(1\) is below steps\.min \(2\)/);
  assert.throws(() => makeArithWorld({ steps: { min: 1, max: 4 } }), /option steps\.max must be an integer in 1\.\.3/);
});

test("apportion splits exactly by largest remainder", () => {
  assert.deepEqual([...apportion(10, { add: 1, sub: 1, mul: 1 })], [["add", 4], ["sub", 3], ["mul", 3]]);
  assert.deepEqual([...apportion(7, { add: 0.5, mul: 0.5, sub: 0 })], [["add", 4], ["mul", 3]]);
});

test("base examples: own ids and stream, kinds balanced, exclusions respected", () => {
  const w = makeArithWorld({ seed: 0, poolSize: 200, testSize: 100 });
  const base = arithBaseExamples({ kinds: ["add", "sub"], n: 500, seed: 0, exclude: w.test.map((e) => e.question) });
  assert.equal(base.length, 500);
  assert.equal(base[3]!.id, "arith/v1/base/s0/00003");
  assert.equal(base.filter((e) => e.kind === "add").length, 250);
  const testQ = new Set(w.test.map((e) => e.question));
  assert.ok(base.every((e) => !testQ.has(e.question)));
  const poolQ = new Set(w.seeds.map((e) => e.question));
  assert.ok(base.filter((e) => poolQ.has(e.question)).length <= 1, "a different stream from the pool");
  assert.deepEqual(arithBaseExamples({ kinds: ["add", "sub"], n: 500, seed: 0 }).slice(0, 20), base.slice(0, 20));
  for (const e of base) checkExample(e);
  assert.throws(() => arithBaseExamples({ kinds: [], n: 1, seed: 0 }), /option kinds must be a non-empty array/);
  assert.throws(() => arithBaseExamples({ kinds: ["add"], n: -1, seed: 0 }), /option n must be an integer >= 0/);
});
