import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { getTaskPlugin, grade, loadTask } from "../../lib/tasks/registry.js";
import { parseTheory, proofwriterAnswer, proofwriterKind, solveProofwriter, type ProofwriterSolution } from "../../lib/tasks/logic/proofwriter-solve.js";
import { ProofwriterTeacher } from "../../lib/tasks/logic/proofwriter-teacher.js";
import { proofwriterBaseExamples } from "../../lib/tasks/logic/proofwriter-base.js";
import { PROOFWRITER_KINDS, QUESTION_PREFIX } from "../../lib/tasks/logic/proofwriter-world.js";
import { loadProofwriter, proofwriterPlugin } from "../../lib/tasks/logic/proofwriter.js";
import { DataError } from "../../lib/tasks/jsonl.js";
import { roughTokenCount } from "../../lib/teacher/usage.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import type { Example } from "../../lib/tasks/types.js";
import { DATA_DIR, missingData } from "./data-dir.js";
import { checkSimulatedFailures } from "../helpers/simulated-failures.js";
import { tempDir } from "../helpers/temp-dir.js";

const LETTER_LABEL: Record<string, string> = { A: "True", B: "False", C: "Unknown" };
const DEPTHS = ["depth0", "depth1", "depth2", "depth3", "depth4", "depth5"];
const ask = (context: string, statement: string): string => `${context}\n\nQuestion: ${QUESTION_PREFIX} ${statement}`;
const contextOf = (question: string): string => question.slice(0, question.lastIndexOf("\n\nQuestion:"));
const statementOf = (question: string): string => question.slice(question.lastIndexOf("\n\nQuestion:")).replace(`\n\nQuestion: ${QUESTION_PREFIX}`, "").trim();
const sentencesOf = (context: string): string[] => context.split(/(?<=\.) /);

/** Solves or fails the test with the solver's reason. */
function solved(question: string, where = question): ProofwriterSolution {
  const s = solveProofwriter(question);
  assert.ok(typeof s !== "string", `${where}: ${s}`);
  return s;
}

/**
 * A proof read against its own question: every sentence not starting "So " is a sentence of the
 * context; there are at least `depth` rule conclusions ("So ..."), the last sentence being the
 * statement (True) or its negation (False), itself or after "So ".
 */
function assertProofShape(question: string, s: ProofwriterSolution, where: string): void {
  const context = new Set(sentencesOf(contextOf(question)));
  for (const step of s.proof) if (!step.startsWith("So ")) assert.ok(context.has(step), `${where}: proof step "${step}" is not a sentence of the context`);
  const conclusions = s.proof.filter((p) => p.startsWith("So ")).length;
  assert.ok(conclusions >= s.depth!, `${where}: ${conclusions} conclusions for depth ${s.depth}`);
  if (s.depth === 0) assert.equal(s.proof.length, 1, where);
  const last = s.proof[s.proof.length - 1]!.replace(/^So (.)/, (_, c: string) => c.toUpperCase());
  const statement = statementOf(question);
  const negation = / (is|are) not /.test(statement) ? statement.replace(/ (is|are) not /, " $1 ")
    : / does not /.test(statement) ? statement.replace(/ does not (\w+)/, " $1s")
    : / is /.test(statement) ? statement.replace(" is ", " is not ")
    : statement.replace(/^((?:The )?[A-Za-z]+(?: eagle)?) (\w+)s /, "$1 does not $2 ");
  assert.equal(last, s.label === "True" ? statement : negation, `${where}: the proof's last sentence`);
}

/** A generation or base example checked against its own text: the solver's label and kind, the answer its proof, the grader's verdict. */
function assertProblem(e: { question: string; answer: string; kind?: string | undefined; meta?: Record<string, unknown> | undefined }, where: string): ProofwriterSolution {
  const s = solved(e.question, where);
  assert.equal(s.label, e.meta!.label, `${where}: the solver's label`);
  assert.equal(proofwriterKind(s), e.kind, `${where}: the solver's kind`);
  assert.equal(s.depth, e.meta!.depth, where);
  assert.ok(e.answer.endsWith(`\nAnswer: ${s.label}`), `${where}: ${e.answer}`);
  assert.equal(e.answer, proofwriterAnswer(s, statementOf(e.question)), `${where}: the answer is the solver's proof`);
  if (s.label !== "Unknown") assertProofShape(e.question, s, where);
  assert.equal(grade("proofwriter", e.answer, { id: where, task: "proofwriter", question: e.question, answer: e.answer, ...(e.meta ? { meta: e.meta } : {}) }).correct, true, where);
  return s;
}

test("proofwriter solver: reproduces the gold label of every row of train, dev and test; every kind in every split, unknown a third", (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const counts: Record<string, Record<string, number>> = {};
  for (const split of ["train", "dev", "test"]) {
    // read the files directly (not through the loader, which itself asks the solver)
    const rows = JSON.parse(readFileSync(`${DATA_DIR}/proofwriter/${split}.json`, "utf8")) as Array<{ id: string; context: string; question: string; answer: string }>;
    assert.equal(rows.length, split === "train" ? 3000 : 600);
    const count: Record<string, number> = Object.fromEntries(PROOFWRITER_KINDS.map((k) => [k, 0]));
    for (const r of rows) {
      const question = `${r.context.trim()}\n\nQuestion: ${r.question.trim()}`;
      const s = solved(question, `${split}/${r.id}`);
      assert.equal(s.label, LETTER_LABEL[r.answer], `${split}/${r.id}`);
      assert.equal(s.depth === null, s.label === "Unknown", `${split}/${r.id}`);
      if (s.label !== "Unknown") assertProofShape(question, s, `${split}/${r.id}`);
      count[proofwriterKind(s)]!++;
    }
    counts[split] = count;
    assert.equal(count.unknown, rows.length / 3, `${split}: Unknown is a third of each split`);
    for (const k of DEPTHS) assert.ok(count[k]! >= rows.length * 0.08 && count[k]! <= rows.length * 0.16, `${split}: ${k} ${count[k]} of ${rows.length}`); // near a sixth of the 2/3 that have a proof
  }
  // what the solver measured (the Logic-LM files carry no depth to compare with)
  assert.deepEqual(counts, {
    train: { depth0: 315, depth1: 331, depth2: 322, depth3: 327, depth4: 346, depth5: 359, unknown: 1000 },
    dev: { depth0: 60, depth1: 69, depth2: 71, depth3: 70, depth4: 57, depth5: 73, unknown: 200 },
    test: { depth0: 62, depth1: 59, depth2: 74, depth3: 78, depth4: 57, depth5: 70, unknown: 200 },
  });
});

test("proofwriter solver: hand-written theories of each sentence form, open-world labels, shortest depths and proofs", () => {
  const check = (context: string, statement: string, label: string, depth: number | null) => {
    const s = solved(ask(context, statement));
    assert.deepEqual([s.label, s.depth], [label, depth], `${statement} over: ${context}`);
    return s;
  };
  // depth 2 through "A people are B" and "A, B people are C", with its proof exactly
  const young = check("Bob is big. Bob is kind. Big people are red. Red, kind people are young.", "Bob is young.", "True", 2);
  assert.deepEqual(young.proof, ["Bob is big.", "Bob is kind.", "Big people are red.", "So Bob is red.", "Red, kind people are young.", "So Bob is young."]);
  assert.equal(
    proofwriterAnswer(young, "Bob is young."),
    "Bob is big. Bob is kind. Big people are red. So Bob is red. Red, kind people are young. So Bob is young.\nAnswer: True",
  );
  check("Bob is big. Bob is kind. Big people are red. Red, kind people are young.", "Bob is not young.", "False", 2);
  check("Bob is big. Big people are red.", "Bob is kind.", "Unknown", null);
  // the shortest of two proofs
  const nice = check("Bob is big. Bob is cold. Big people are red. Red people are kind. Kind people are nice. Cold people are nice.", "Bob is nice.", "True", 1);
  assert.deepEqual(nice.proof, ["Bob is cold.", "Cold people are nice.", "So Bob is nice."]);
  // False through a stated negation, with its answer
  const big = check("Bob is not big. Bob is red.", "Bob is big.", "False", 0);
  assert.deepEqual(big.proof, ["Bob is not big."]);
  assert.equal(proofwriterAnswer(big, "Bob is big."), "Bob is not big. That is the statement's negation.\nAnswer: False");
  check("Bob is not big. Bob is red.", "Bob is not big.", "True", 0);
  // False without any negation in the theory: the statement's positive form follows
  check("Anne is cold. Cold people are nice.", "Anne is not nice.", "False", 1);
  // open world: nothing stated is Unknown either way
  const unknown = check("Anne is cold.", "Anne is big.", "Unknown", null);
  assert.deepEqual(unknown.proof, []);
  assert.equal(proofwriterAnswer(unknown, "Anne is big."), 'Neither "Anne is big." nor its negation follows from the facts and rules.\nAnswer: Unknown');
  check("Anne is cold.", "Anne is not big.", "Unknown", null);
  check("Anne is cold.", "Harry is cold.", "Unknown", null);
  // relations: a relation in a condition, "they chase" in a conclusion, a negated relation fact
  check("Bob chases the cat. If someone chases the cat then they are red.", "Bob is red.", "True", 1);
  check("Bob chases the cat. If someone chases the cat then they are red. If someone is red then they chase the dog.", "Bob chases the dog.", "True", 2);
  check("Bob chases the cat. If someone chases the cat then they are red. If someone is red then they chase the dog.", "Bob does not chase the dog.", "False", 2);
  check("The cat chases Bob. If someone chases the cat then they are red.", "Bob is red.", "Unknown", null);
  check("The dog does not like Bob.", "The dog likes Bob.", "False", 0);
  check("The mouse visits the cat. If something visits the cat then it needs the mouse. If the mouse needs the mouse then the mouse is rough.", "The mouse is rough.", "True", 2);
  // a rule about one entity holds for that entity only
  const bear = "The bear is big. The bear is red. The cat is big. The cat is red. If the bear is big and the bear is red then the bear is young.";
  check(bear, "The bear is young.", "True", 1);
  check(bear, "The cat is young.", "Unknown", null);
  // "All A, B things are C": every condition needed
  const quiet = "All quiet, round things are kind. The cow is quiet. The cow is round. The dog is quiet.";
  check(quiet, "The cow is kind.", "True", 1);
  check(quiet, "The dog is kind.", "Unknown", null);
  check("All red things are not big. The bald eagle is red.", "The bald eagle is big.", "False", 1);
  // a negated condition holds only when the negation is known (open world, no negation as failure)
  const negCondition = "If something is big and not red then it is young. Erin is big. Erin is not red. Gary is big.";
  check(negCondition, "Erin is young.", "True", 1);
  check(negCondition, "Gary is young.", "Unknown", null);
  // unreadable text is named
  assert.equal(solveProofwriter(ask("Bob is big. Bob flies over the moon.", "Bob is big.")), 'cannot read "Bob flies over the moon."');
  assert.equal(solveProofwriter(ask("If someone flies then they are red.", "Bob is red.")), 'cannot read the condition "someone flies" in "If someone flies then they are red."');
  assert.equal(solveProofwriter("Bob is big. Is Bob big?"), 'no "Question:" line');
  assert.equal(solveProofwriter(ask("Bob is big.", "Big people are red.")), 'the statement "Big people are red." is a rule, not a fact');
});

test("proofwriter teacher: 300 train seeds x 3, each child solvable and answered by its proof, mostly of the seed's kind, renamed, no test question", async (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const data = loadTask("proofwriter", { dataDir: DATA_DIR });
  const testQuestions = new Set(data.test.map((e) => e.question));
  const guarded = proofwriterPlugin.proceduralTeacher!({}, { dataDir: DATA_DIR });
  const exact = new ProofwriterTeacher({ pSimpler: 0, pHarder: 0 });
  const seeds = data.seeds.slice(0, 300);
  let total = 0;
  let ok = 0;
  let sameKind = 0;
  let sameLabel = 0;
  let differ = 0;
  const failures: string[] = [];
  for (const seed of seeds) {
    const seedTheory = parseTheory(contextOf(seed.question));
    assert.ok(typeof seedTheory !== "string");
    const seedSentences = new Set(sentencesOf(contextOf(seed.question)));
    const questions: string[] = [];
    for (let i = 0; i < 3; i++) {
      const request = { seed, sampleIndex: i, rngSeed: 11 };
      const g = await guarded.generate(request);
      total++;
      if (!g.ok) {
        assert.match(g.reason, new RegExp(`^seed ${seed.id}'s theory gives no statement of kind`));
        failures.push(g.reason);
        continue;
      }
      ok++;
      const where = `${seed.id}#${i}`;
      assertProblem(g, where);
      assert.ok(!testQuestions.has(g.question), `${where}: the plug-in's teacher wrote a test question`);
      questions.push(g.question);
      // the kind moves by the variant drawn, within depth0..depth5; unknown seeds stay unknown
      assert.equal(g.meta!.seedKind, seed.kind, where);
      const step = g.meta!.variant === "simpler" ? -1 : g.meta!.variant === "harder" ? 1 : 0;
      if (seed.kind === "unknown") assert.deepEqual([g.kind, g.meta!.variant], ["unknown", "same"], where);
      else assert.equal(g.kind, DEPTHS[DEPTHS.indexOf(seed.kind!) + step], `${where}: ${g.meta!.variant} from ${seed.kind}`);
      if (g.kind === seed.kind) sameKind++;
      if (g.meta!.label === seed.meta!.label) sameLabel++;
      // the seed's theory, renamed: not the seed's context, not only its sentences reordered; every rule kept, no fact added
      const context = contextOf(g.question);
      assert.notEqual(context, contextOf(seed.question), where);
      assert.ok(sentencesOf(context).some((s) => !seedSentences.has(s)), `${where}: the child's context is the seed's sentences, not renamed`);
      const theory = parseTheory(context);
      assert.ok(typeof theory !== "string");
      assert.deepEqual(theory.rules.map((r) => r.conditions.length).sort(), seedTheory.rules.map((r) => r.conditions.length).sort(), where);
      assert.ok(theory.facts.length >= 1 && theory.facts.length <= seedTheory.facts.length, where);
      assert.equal(g.usage.calls, 2);
      assert.equal(g.usage.completionTokens, roughTokenCount(g.question) + roughTokenCount(g.answer));
      assert.ok(g.usage.promptTokens > roughTokenCount(seed.question) + roughTokenCount(g.question));
      // zero knobs: always the seed's kind and label
      const h = exact.generateSync(request);
      assert.ok(h.ok, `${where}: ${h.ok ? "" : h.reason}`);
      assert.deepEqual([h.kind, h.meta!.label, h.meta!.variant], [seed.kind, seed.meta!.label, "same"], where);
      assertProblem(h, `exact ${where}`);
    }
    if (questions.length >= 2 && questions[0] !== questions[1]) differ++;
  }
  console.log(
    `proofwriter teacher, ${total} children of ${seeds.length} seeds (pSimpler = pHarder = 0.1): ok ${ok}, ` +
      `seed's kind ${(sameKind / ok).toFixed(3)}, seed's label ${(sameLabel / ok).toFixed(3)}, failed ${((total - ok) / total).toFixed(3)}, ` +
      `samples 0 and 1 differ ${differ}/${seeds.length}`,
  );
  // measured: 900 ok of 900 (2.6% failed before self-relations such as "The mouse needs the mouse." were candidates),
  // seed's kind 0.888 (expected about 1/3 + 2/3 x 0.83), seed's label 1.000, samples 0 and 1 differ 300/300
  assert.ok((total - ok) / total <= 0.01, `failures ${total - ok}/${total}: ${failures.slice(0, 3).join("; ")}`);
  assert.ok(sameKind / ok >= 0.75, `seed's kind kept in ${sameKind}/${ok}`);
  assert.ok(sameLabel / ok >= 0.98, `seed's label kept in ${sameLabel}/${ok}`);
  assert.ok(differ >= 0.95 * seeds.length, `samples 0 and 1 differ for ${differ}/${seeds.length} seeds`);
});

test("proofwriter teacher: the plug-in's teacher keeps out its data folder's test questions; a teacher's exclude is kept out", async (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const seed = loadTask("proofwriter", { dataDir: DATA_DIR, maxSeeds: 1, maxTest: 1 }).seeds[0]!;
  const request = { seed, sampleIndex: 0, rngSeed: 3 };
  const plain = new ProofwriterTeacher().generateSync(request);
  assert.ok(plain.ok);
  assert.deepEqual(new ProofwriterTeacher({ exclude: [] }).generateSync(request), plain);
  const excluded = new ProofwriterTeacher({ exclude: [plain.question] }).generateSync(request);
  assert.ok(excluded.ok && excluded.question !== plain.question);
  assertProblem(excluded, "excluded");
  // a data folder whose test file holds the very question the plain teacher writes for this seed
  const tmp = tempDir("activesynth-proofwriter-");
  try {
    mkdirSync(tmp.path("proofwriter"));
    const row = { id: "clash", context: contextOf(plain.question), question: `${QUESTION_PREFIX} ${statementOf(plain.question)}`, options: ["A) True", "B) False", "C) Unknown"], answer: "ABC"[["True", "False", "Unknown"].indexOf(plain.meta!.label as string)] };
    writeFileSync(tmp.path("proofwriter", "test.json"), JSON.stringify([row], null, 2));
    writeFileSync(tmp.path("proofwriter", "train.json"), JSON.stringify([row], null, 2));
    assert.deepEqual(loadProofwriter({ dataDir: tmp.dir }).test.map((e) => e.question), [plain.question]);
    const guarded = await proofwriterPlugin.proceduralTeacher!({}, { dataDir: tmp.dir }).generate(request);
    assert.ok(guarded.ok && guarded.question !== plain.question, "the plug-in's teacher wrote its test question");
    assert.deepEqual(await proofwriterPlugin.proceduralTeacher!({}).generate(request), plain); // no task options: nothing excluded
  } finally {
    tmp.cleanup();
  }
});

test("proofwriter teacher: deterministic per (seed, sampleIndex, rngSeed); failures simulated; unreadable seeds refused naming the seed", () => {
  // the class's own example
  const example: Example = {
    id: "s",
    task: "proofwriter",
    question: ask("Bob is big. Bob is kind. Big people are red. Red, kind people are young.", "Bob is young."),
    answer: "Answer: True",
  };
  const g = new ProofwriterTeacher({ pSimpler: 0, pHarder: 0 }).generateSync({ seed: example, sampleIndex: 0, rngSeed: 1 });
  assert.ok(g.ok);
  assert.deepEqual([g.kind, g.meta!.label, g.answer.endsWith("Answer: True")], ["depth2", "True", true]);
  assertProblem(g, "example");
  // a depth-2 seed whose theory also has depth 1 and depth 3 statements
  const seed: Example = { ...example, id: "proofwriter/train/x", question: ask("Bob is big. Bob is kind. Big people are red. Red, kind people are young. Young people are nice.", "Bob is young.") };
  const a = new ProofwriterTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 });
  assert.deepEqual(new ProofwriterTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 5 }), a);
  const others = new Set(Array.from({ length: 20 }, (_, i) => {
    const o = new ProofwriterTeacher().generateSync({ seed, sampleIndex: i, rngSeed: 5 });
    assert.ok(o.ok, o.ok ? "" : o.reason);
    assertProblem(o, `sample ${i}`);
    return o.question;
  }));
  assert.ok(others.size >= 18, `${others.size} distinct children of 20`);
  const c = new ProofwriterTeacher().generateSync({ seed, sampleIndex: 0, rngSeed: 6 });
  assert.ok(a.ok && c.ok && a.question !== c.question);
  // a seed whose statement relates an entity to itself: the only depth-1 statement of its theory
  const self = new ProofwriterTeacher({ pSimpler: 0, pHarder: 0 }).generateSync({
    seed: { ...example, id: "self", question: ask("The mouse visits the cat. If something visits the cat then it needs the mouse.", "The mouse needs the mouse.") },
    sampleIndex: 0,
    rngSeed: 1,
  });
  assert.ok(self.ok, self.ok ? "" : self.reason);
  assert.match(statementOf(self.question), /^The (bald eagle|[a-z]+) (\w+) the \1\.$/);
  assertProblem(self, "self");
  const plain = new ProofwriterTeacher();
  checkSimulatedFailures(new ProofwriterTeacher({ failureRate: 0.3 }), plain, seed, 0.3, 1000, 100);
  const zero = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  const refused = (question: string) => plain.generateSync({ seed: { id: "proofwriter/train/bad", task: "proofwriter", kind: "depth1", question, answer: "" }, sampleIndex: 0, rngSeed: 1 });
  assert.deepEqual(refused("What is 2 + 2?"), { ok: false, reason: 'seed proofwriter/train/bad is not a ProofWriter question: no "Question:" line', usage: zero });
  assert.deepEqual(refused(ask("Bob is big. Bob flies over the moon.", "Bob is big.")), { ok: false, reason: 'seed proofwriter/train/bad is not a ProofWriter question: cannot read "Bob flies over the moon."', usage: zero });
  assert.deepEqual(refused(ask("Bob is big.", "Big people are red.")), { ok: false, reason: 'seed proofwriter/train/bad is not a ProofWriter question: the statement "Big people are red." is a rule, not a fact', usage: zero });
  // a theory with no statement of the seed's kind: refused, naming the seed
  assert.equal(refused(ask("Bob is big.", "Bob is big.")).ok, true); // a depth0 seed: its theory has depth0 statements
  const shallow = new ProofwriterTeacher({ pSimpler: 0, pHarder: 1 }).generateSync({ seed: { ...seed, id: "s/shallow", question: ask("Bob is big. Big people are red.", "Bob is red.") }, sampleIndex: 0, rngSeed: 1 });
  assert.deepEqual(shallow, { ok: false, reason: "seed s/shallow's theory gives no statement of kind depth2 after 8 rewrites", usage: zero });
  assert.throws(() => new ProofwriterTeacher({ failureRate: -0.1 }), /ProofwriterTeacher: option failureRate must be a number in 0\.\.1, got -0.1/);
  assert.throws(() => new ProofwriterTeacher({ pSimpler: 0.7, pHarder: 0.7 }), /pSimpler \+ pHarder must be at most 1/);
});

test("proofwriter base data: kinds take turns, True and False take turns, every problem checks, distinct, no test question, stable ids", (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const plugin = getTaskPlugin("proofwriter");
  const testQuestions = new Set(loadTask("proofwriter", { dataDir: DATA_DIR }).test.map((e) => e.question));
  const kinds = [...PROOFWRITER_KINDS];
  const base = plugin.baseData!({ examples: 280, kinds, seed: 1 }, { dataDir: DATA_DIR });
  assert.equal(base.length, 280);
  const labels: Record<string, number> = {};
  base.forEach((e, i) => {
    assert.equal(e.kind, kinds[i % kinds.length], e.id);
    const turn = Math.floor(i / kinds.length) % 2 === 0 ? "True" : "False";
    assert.equal(e.meta!.label, e.kind === "unknown" ? "Unknown" : turn, e.id);
    labels[`${e.kind}/${e.meta!.label}`] = (labels[`${e.kind}/${e.meta!.label}`] ?? 0) + 1;
    assert.ok(!testQuestions.has(e.question), e.id);
    assertProblem(e, e.id);
  });
  for (const k of DEPTHS) assert.deepEqual([labels[`${k}/True`], labels[`${k}/False`]], [20, 20], k);
  assert.equal(labels["unknown/Unknown"], 40);
  assert.equal(new Set(base.map((e) => e.question)).size, 280);
  assert.equal(base[7]!.id, "proofwriter/v1/base/s1/00007");
  assert.deepEqual(plugin.baseData!({ examples: 280, kinds, seed: 1 }, { dataDir: DATA_DIR }), base);
  assert.deepEqual(plugin.baseData!({ examples: 50, kinds, seed: 1 }, { dataDir: DATA_DIR }), base.slice(0, 50)); // a longer list extends a shorter one
  assert.notDeepEqual(plugin.baseData!({ examples: 10, kinds, seed: 2 }, { dataDir: DATA_DIR }).map((e) => e.question), base.slice(0, 10).map((e) => e.question));
  assert.deepEqual(new Set(plugin.baseData!({ examples: 10 }, { dataDir: DATA_DIR }).map((e) => e.kind)), new Set(["depth0", "depth1"])); // the default: the shallow proofs
  // a question given in exclude is not written
  const contexts = [contextOf(base[0]!.question)];
  const first = proofwriterBaseExamples({ kinds: ["depth0"], n: 1, seed: 0, contexts })[0]!;
  assert.notEqual(proofwriterBaseExamples({ kinds: ["depth0"], n: 1, seed: 0, contexts, exclude: [first.question] })[0]!.question, first.question);
  const bad = (options: Partial<Parameters<typeof proofwriterBaseExamples>[0]>) => () => proofwriterBaseExamples({ kinds: ["depth0"], n: 1, seed: 0, contexts, ...options });
  assert.throws(bad({ kinds: ["depth6" as never] }), /proofwriterBaseExamples: option kinds has unknown kind "depth6" \(known: depth0, depth1, depth2, depth3, depth4, depth5, unknown\)/);
  assert.throws(bad({ kinds: [] }), /option kinds must be a non-empty array/);
  assert.throws(bad({ n: -1 }), /option n must be an integer >= 0, got -1/);
  assert.throws(bad({ seed: 1.5 }), /option seed must be an integer >= 0, got 1.5/);
  assert.throws(bad({ contexts: [] }), /option contexts is empty/);
  assert.throws(bad({ contexts: ["Bob flies."] }), /context 0 does not parse: cannot read "Bob flies\."/);
});

test("proofwriter loader: kinds on every seed, reference answers the solver's proof ending in the gold label; a wrong answer letter names file, line and field", (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const data = loadProofwriter({ dataDir: DATA_DIR, maxSeeds: 50 });
  assert.deepEqual([data.seeds.length, data.test.length], [50, 600]);
  for (const e of [...data.seeds, ...data.test]) {
    assert.ok((PROOFWRITER_KINDS as readonly string[]).includes(e.kind!), e.id);
    assert.ok(e.answer.endsWith(`\nAnswer: ${e.meta!.label}`), e.id);
    assertProblem(e, e.id);
  }
  assert.equal(loadProofwriter({ dataDir: DATA_DIR, proofwriterTest: "dev", maxSeeds: 1 }).test.filter((e) => e.kind === "unknown").length, 200);
  // a row whose letter contradicts its theory
  const tmp = tempDir("activesynth-proofwriter-");
  try {
    mkdirSync(tmp.path("proofwriter"));
    const row = (id: string, context: string, statement: string, answer: string) =>
      `  ${JSON.stringify({ id, context, question: `${QUESTION_PREFIX} ${statement}`, options: ["A) True", "B) False", "C) Unknown"], answer })}`;
    const good = row("g", "Bob is big. Big people are red.", "Bob is red.", "A");
    writeFileSync(tmp.path("proofwriter", "test.json"), `[\n${good}\n]\n`);
    writeFileSync(tmp.path("proofwriter", "train.json"), `[\n${good},\n${row("b", "Bob is big. Big people are red.", "Bob is red.", "B")}\n]\n`);
    assert.throws(() => loadProofwriter({ dataDir: tmp.dir }), (err: Error) => {
      assert.ok(err instanceof DataError, err.message);
      assert.deepEqual([err.file, err.line, err.field], [tmp.path("proofwriter", "train.json"), 3, "answer"]);
      assert.equal(err.message, `${tmp.path("proofwriter", "train.json")}:3: "answer" says False but the theory proves True`);
      return true;
    });
    writeFileSync(tmp.path("proofwriter", "train.json"), `[\n${good},\n${good},\n${row("u", "Bob flies.", "Bob is red.", "C")}\n]\n`);
    assert.throws(() => loadProofwriter({ dataDir: tmp.dir }), (err: Error) => {
      assert.ok(err instanceof DataError && err.line === 4 && err.field === "context", err.message);
      assert.match(err.message, /train\.json:4: "context" or "question" cannot be read: cannot read "Bob flies\."$/);
      return true;
    });
  } finally {
    tmp.cleanup();
  }
});

test("proofwriter plug-in: kinds, procedural teacher and base data validate in a run config", () => {
  const plugin = getTaskPlugin("proofwriter");
  assert.deepEqual(plugin.kinds, ["depth0", "depth1", "depth2", "depth3", "depth4", "depth5", "unknown"]);
  const run = { name: "p", task: "proofwriter", criterion: "loss", budget: { samples: 10 }, perIteration: 10, teacher: { kind: "procedural" } };
  assert.equal(validateRunConfig({ ...run, student: { baseModel: "tiny" } }).teacher.kind, "procedural");
  const pretrained = validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["depth0", "unknown"] } } });
  assert.deepEqual(pretrained.student.pretrain?.kinds, ["depth0", "unknown"]);
  assert.throws(() => validateRunConfig({ ...run, student: { baseModel: "tiny", pretrain: { examples: 100, kinds: ["depth6"] } } }), /"student.pretrain.kinds\[0\]" is not a kind of task proofwriter: "depth6"/);
});

test("proofwriter answers: \"label\" gives the label line alone to seeds, test items, teacher children and base data; the proof stays in the child's meta", async (t) => {
  const why = missingData("proofwriter");
  if (why) return t.skip(why);
  const options = { dataDir: DATA_DIR, maxSeeds: 30, maxTest: 30, answers: "label" as const };
  const data = loadProofwriter(options);
  for (const e of [...data.seeds, ...data.test]) assert.equal(e.answer, `Answer: ${e.meta!.label as string}`, e.id);
  const proofs = loadProofwriter({ ...options, answers: "proof" });
  assert.ok(proofs.seeds.some((e) => e.answer !== `Answer: ${e.meta!.label as string}` && e.answer.endsWith(`\nAnswer: ${e.meta!.label as string}`)));
  const teacher = proofwriterPlugin.proceduralTeacher!({}, options);
  let deep = 0;
  for (const [i, seed] of data.seeds.entries()) {
    const g = await teacher.generate({ seed, sampleIndex: i, rngSeed: 1 });
    assert.ok(g.ok, `seed ${seed.id}`);
    assert.equal(g.answer, `Answer: ${g.meta!.label as string}`);
    const proof = g.meta!.proof as string[];
    assert.equal(proof.length > 0, g.kind !== "unknown", `${g.kind} with ${proof.length} proof sentences`);
    if (g.kind !== "depth0" && g.kind !== "unknown") deep++;
  }
  assert.ok(deep > 5, `children with a derived proof: ${deep}`);
  const base = proofwriterPlugin.baseData!({ examples: 8, kinds: ["depth1", "unknown"] }, options);
  assert.deepEqual(base.map((e) => e.answer), ["True", "Unknown", "False", "Unknown", "True", "Unknown", "False", "Unknown"].map((l) => `Answer: ${l}`));
});
