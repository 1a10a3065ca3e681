import { test } from "node:test";
import assert from "node:assert/strict";
import { getTaskPlugin, grade, loadTask } from "../../lib/tasks/registry.js";
import { checkProntoqaProof, solveProntoqa } from "../../lib/tasks/logic/prontoqa-solve.js";
import { ProntoqaTeacher } from "../../lib/tasks/logic/prontoqa-teacher.js";
import { prontoqaBaseExamples } from "../../lib/tasks/logic/prontoqa-base.js";
import { makeProntoqaProblem } from "../../lib/tasks/logic/prontoqa-world.js";
import { makeRng } from "../../lib/util/rng.js";
import { roughTokenCount } from "../../lib/teacher/usage.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import type { Example } from "../../lib/tasks/types.js";
import { DATA_DIR, missingData } from "./data-dir.js";
import { checkSimulatedFailures } from "../helpers/simulated-failures.js";

const QUESTION = /^(?<context>[A-Z][^\n]*\.)\n\nQuestion: Is the following statement true or false\? (?<entity>[A-Z][a-z]+) is (?:not )?(?<property>[a-z]+)\.$/;

/**
 * Checks a written problem or base example against its own text: the question has the loader's
 * format; the answer is the proof on one line then `Answer: True|False`; the solver, reading only
 * the question, derives the same label with the kind's hop count; the proof's every step follows
 * from the context; the task's grader accepts the answer; a distractor states the opposite property.
 */
function assertProblem(e: { question: string; answer: string; kind?: string | undefined }, where: string): "True" | "False" {
  const q = QUESTION.exec(e.question);
  assert.ok(q, `${where}: question format\n${e.question}`);
  const [proofLine, answerLine, ...rest] = e.answer.split("\n");
  assert.equal(rest.length, 0, where);
  const label = /^Answer: (True|False)$/.exec(answerLine ?? "")?.[1] as "True" | "False" | undefined;
  assert.ok(label, `${where}: answer line ${answerLine}`);
  const solved = solveProntoqa(e.question);
  assert.ok(typeof solved !== "string", `${where}: ${solved}`);
  assert.equal(solved.label, label, `${where}: the solver's label`);
  assert.equal(`hops${solved.hops}`, e.kind, `${where}: hops`);
  const proof = proofLine!.split(/(?<=\.) /);
  assert.equal(proof.length, 2 * solved.hops + 1, where);
  assert.deepEqual(checkProntoqaProof(e.question, proof), { label }, `${where}: proof`);
  assert.equal(grade("prontoqa", e.answer, { id: where, task: "prontoqa", question: e.question, answer: e.answer }).correct, true, where);
  const property = q.groups!.property!;
  const mentions = q.groups!.context!.split(/(?<=\.) /).filter((s) => s.endsWith(` ${property}.`));
  assert.ok(mentions.some((s) => / not /.test(s)) && mentions.some((s) => !/ not /.test(s)), `${where}: a distractor with the opposite property`);
  return label;
}

test("prontoqa kinds: the loader sets hops2..hops5 from the explanation; the solver reproduces every gold label, hop count and proof", (t) => {
  const why = missingData("prontoqa");
  if (why) return t.skip(why);
  const data = loadTask("prontoqa", { dataDir: DATA_DIR });
  const count = (examples: Example[]) => Object.fromEntries(["hops2", "hops3", "hops4", "hops5"].map((k) => [k, examples.filter((e) => e.kind === k).length]));
  assert.deepEqual(count(data.seeds), { hops2: 500, hops3: 500, hops4: 500, hops5: 0 });
  assert.deepEqual(count(data.test), { hops2: 0, hops3: 0, hops4: 0, hops5: 500 });
  for (const e of [...data.seeds, ...data.test]) {
    const solved = solveProntoqa(e.question);
    assert.ok(typeof solved !== "string", `${e.id}: ${solved}`);
    assert.equal(solved.label, e.meta!.label, e.id);
    assert.equal(`hops${solved.hops}`, e.kind, e.id);
    const gold = e.answer.split("\n")[0]!;
    assert.equal(solved.proof.join(" "), gold, e.id);
    assert.deepEqual(checkProntoqaProof(e.question, gold.split(/(?<=\.) /)), { label: e.meta!.label }, e.id);
  }
  // the checker refuses a proof with a step that does not follow
  const e = data.seeds[0]!;
  const proof = e.answer.split("\n")[0]!.split(/(?<=\.) /);
  const broken = [...proof.slice(0, -1), proof[proof.length - 1]!.includes(" not ") ? proof[proof.length - 1]!.replace(" not ", " ") : proof[proof.length - 1]!.replace(" is ", " is not ")];
  assert.match(checkProntoqaProof(e.question, broken) as string, /^line 5 .* does not follow; the rule gives/);
  assert.match(checkProntoqaProof(e.question, [proof[0]!, proof[3]!, proof[4]!]) as string, /^line 2 .* is not a rule of the context about/);
});

test("prontoqa teacher: over every seed and test row, each problem is solvable, its proof and label right, mostly of the seed's hops", (t) => {
  const why = missingData("prontoqa");
  if (why) return t.skip(why);
  const data = loadTask("prontoqa", { dataDir: DATA_DIR });
  const teacher = new ProntoqaTeacher();
  const labels = { True: 0, False: 0 };
  let total = 0;
  let sameKind = 0;
  for (const seed of [...data.seeds, ...data.test]) {
    for (let i = 0; i < 2; i++) {
      const g = teacher.generateSync({ seed, sampleIndex: i, rngSeed: 11 });
      assert.ok(g.ok, `${seed.id}: ${g.ok ? "" : g.reason}`);
      labels[assertProblem(g, `${seed.id}#${i}`)]++;
      assert.equal(g.meta!.label, /Answer: (\w+)$/.exec(g.answer)![1]);
      total++;
      if (g.kind === seed.kind) sameKind++;
      assert.ok(Math.abs(Number(g.kind!.slice(4)) - Number(seed.kind!.slice(4))) <= 1, `${seed.id}: ${g.kind} from ${seed.kind}`);
      assert.equal(g.usage.calls, 2);
      assert.equal(g.usage.completionTokens, roughTokenCount(g.question) + roughTokenCount(g.answer));
      assert.ok(g.usage.promptTokens > roughTokenCount(seed.question) + roughTokenCount(g.question));
    }
  }
  console.log(`prontoqa teacher, ${total} problems of ${total / 2} seeds (pSimpler = pHarder = 0.1): seed's hops ${(sameKind / total).toFixed(3)}; labels ${JSON.stringify(labels)}`);
  assert.ok(sameKind / total >= 0.8, `seed's hops kept in ${sameKind}/${total}`); // 0.8 expected from the knobs, more at 2 and 5 hops
  assert.ok(labels.True / total > 0.4 && labels.False / total > 0.4, JSON.stringify(labels));
});

test("prontoqa teacher: the knobs move the hops by one; zero knobs keep them", () => {
  const seed = { id: "s3", task: "prontoqa", kind: "hops3", ...(() => {
    const p = makeProntoqaProblem(makeRng(4), 3);
    return { question: `${p.context}\n\nQuestion: Is the following statement true or false? ${p.statement}`, answer: `${p.proof.join(" ")}\nAnswer: ${p.label}` };
  })() };
  const exact = new ProntoqaTeacher({ pSimpler: 0, pHarder: 0 });
  const skewed = new ProntoqaTeacher({ pSimpler: 0.3, pHarder: 0.2 });
  const counts: Record<string, number> = { hops2: 0, hops3: 0, hops4: 0 };
  for (let i = 0; i < 1000; i++) {
    const g = exact.generateSync({ seed, sampleIndex: i % 5, rngSeed: i });
    assert.ok(g.ok && g.kind === "hops3" && g.meta!.variant === "same");
    const h = skewed.generateSync({ seed, sampleIndex: i % 5, rngSeed: i });
    assert.ok(h.ok);
    assertProblem(h, `skewed ${i}`);
    counts[h.kind!]!++;
  }
  assert.ok(Math.abs(counts.hops2! - 300) <= 60 && Math.abs(counts.hops4! - 200) <= 50, JSON.stringify(counts)); // about 4 binomial sd
  const five = { ...seed, ...(() => {
    const p = makeProntoqaProblem(makeRng(5), 5);
    return { kind: "hops5", question: `${p.context}\n\nQuestion: Is the following statement true or false? ${p.statement}` };
  })() };
  const g = new ProntoqaTeacher({ pSimpler: 0, pHarder: 1 }).generateSync({ seed: five, sampleIndex: 0, rngSeed: 1 });
  assert.ok(g.ok && g.kind === "hops5" && g.meta!.variant === "same"); // no 6-hop problems
});

test("prontoqa teacher: deterministic per (seed, sampleIndex, rngSeed); failures simulated; unreadable seeds refused with the reason", () => {
  const p = makeProntoqaProblem(makeRng(9), 4);
  const seed: Example = { id: "prontoqa/train/x", task: "prontoqa", question: `${p.context}\n\nQuestion: Is the following statement true or false? ${p.statement}`, answer: "" };
  const a = new ProntoqaTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 });
  assert.deepEqual(new ProntoqaTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 }), a);
  const b = new ProntoqaTeacher().generateSync({ seed, sampleIndex: 1, rngSeed: 5 });
  const c = new ProntoqaTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 6 });
  assert.ok(a.ok && b.ok && c.ok && a.question !== b.question && a.question !== c.question && a.question !== seed.question);
  const plain = new ProntoqaTeacher();
  checkSimulatedFailures(new ProntoqaTeacher({ failureRate: 0.3 }), plain, seed, 0.3, 1000, 100);
  const zero = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  const refused = (question: string) => plain.generateSync({ seed: { id: "bad", task: "prontoqa", kind: "hops3", question, answer: "" }, sampleIndex: 0, rngSeed: 1 });
  const ask = "\n\nQuestion: Is the following statement true or false? Max is sour.";
  assert.deepEqual(refused("What is 2 + 2?"), { ok: false, reason: 'seed bad is not a ProntoQA question: no "Is the following statement true or false?" line', usage: zero });
  assert.deepEqual(refused(`Every cat is sour. Max likes cheese.${ask}`), { ok: false, reason: 'seed bad is not a ProntoQA question: context sentence 2 "Max likes cheese." is not a ProntoQA fact or rule', usage: zero });
  assert.deepEqual(refused(`Every cat is sour. Max is a dog.${ask}`), { ok: false, reason: 'seed bad is not a ProntoQA question: neither "Max is sour." nor its negation follows from the context', usage: zero });
  assert.deepEqual(refused(`Every cat is sour. Every cat is a dog. Dogs are not sour. Max is a cat.${ask}`), { ok: false, reason: 'seed bad is not a ProntoQA question: both "Max is sour." and "Max is not sour." follow from the context', usage: zero });
  assert.deepEqual(refused(`Every cat is sour. Max is a cat.${ask}`), { ok: false, reason: "seed bad has a 1-hop proof; this teacher writes 2 to 5 hops", usage: zero });
  assert.throws(() => new ProntoqaTeacher({ failureRate: -0.1 }), /ProntoqaTeacher: option failureRate must be a number in 0\.\.1, got -0.1/);
  assert.throws(() => new ProntoqaTeacher({ pSimpler: 0.7, pHarder: 0.7 }), /pSimpler \+ pHarder must be at most 1/);
});

test("prontoqa base data: the kinds asked for in equal turns, no test question, every problem checks, stable ids", (t) => {
  const why = missingData("prontoqa");
  if (why) return t.skip(why);
  const plugin = getTaskPlugin("prontoqa");
  const testQuestions = new Set(loadTask("prontoqa", { dataDir: DATA_DIR }).test.map((e) => e.question));
  const base = plugin.baseData!({ examples: 400, kinds: ["hops2", "hops3"], seed: 1 }, { dataDir: DATA_DIR });
  assert.equal(base.length, 400);
  assert.deepEqual([base.filter((e) => e.kind === "hops2").length, base.filter((e) => e.kind === "hops3").length], [200, 200]);
  assert.equal(new Set(base.map((e) => e.question)).size, 400);
  for (const e of base) {
    assert.ok(!testQuestions.has(e.question), e.id);
    assertProblem(e, e.id);
  }
  assert.equal(base[7]!.id, "prontoqa/v1/base/s1/00007");
  assert.deepEqual(plugin.baseData!({ examples: 400, kinds: ["hops2", "hops3"], seed: 1 }, { dataDir: DATA_DIR }), base);
  assert.deepEqual(plugin.baseData!({ examples: 100, kinds: ["hops2", "hops3"], seed: 1 }, { dataDir: DATA_DIR }), base.slice(0, 100)); // a longer list extends a shorter one
  assert.notDeepEqual(plugin.baseData!({ examples: 10, kinds: ["hops2", "hops3"], seed: 2 }, { dataDir: DATA_DIR }).map((e) => e.question), base.slice(0, 10).map((e) => e.question));
  assert.deepEqual(new Set(plugin.baseData!({ examples: 10 }, { dataDir: DATA_DIR }).map((e) => e.kind)), new Set(["hops2", "hops3"])); // the default: the short proofs
  // a question given in exclude is not written
  const first = prontoqaBaseExamples({ kinds: ["hops4"], n: 1, seed: 0 })[0]!;
  assert.notEqual(prontoqaBaseExamples({ kinds: ["hops4"], n: 1, seed: 0, exclude: [first.question] })[0]!.question, first.question);
  assert.throws(() => prontoqaBaseExamples({ kinds: ["hops6" as never], n: 1, seed: 0 }), /option kinds has unknown kind "hops6" \(known: hops2, hops3, hops4, hops5\)/);
});

test("prontoqa plug-in: kinds, procedural teacher and base data validate in a run config", () => {
  const plugin = getTaskPlugin("prontoqa");
  assert.deepEqual(plugin.kinds, ["hops2", "hops3", "hops4", "hops5"]);
  const run = { name: "p", task: "prontoqa", criterion: "loss", budget: { samples: 10 }, perIteration: 10, teacher: { kind: "procedural" } };
  assert.equal(validateRunConfig({ ...run, student: { baseModel: "tiny" } }).teacher.kind, "procedural");
  const pretrained = validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["hops2", "hops3"] } } });
  assert.deepEqual(pretrained.student.pretrain?.kinds, ["hops2", "hops3"]);
  assert.throws(() => validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["hops1"] } } }), /"student.pretrain.kinds\[0\]" is not a kind of task prontoqa: "hops1"/);
});
