import { test } from "node:test";
import assert from "node:assert/strict";
import { grade, loadTask, templateFor, taskNames, registerTask, getTaskPlugin } from "../../lib/tasks/registry.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { sortPlugin } from "../../lib/tasks/sort.js";

test("sort: a seeded pool and test set, every length in equal shares, ids stable", () => {
  const a = loadTask("sort", { poolSize: 40, testSize: 8, minLength: 3, maxLength: 6, seed: 2 });
  const b = loadTask("sort", { poolSize: 40, testSize: 8, minLength: 3, maxLength: 6, seed: 2 });
  assert.deepEqual(a, b);
  assert.equal(a.seeds.length, 40);
  assert.deepEqual([...new Set(a.seeds.map((e) => e.kind))].sort(), ["len3", "len4", "len5", "len6"]);
  for (const e of a.seeds) assert.equal(grade("sort", e.answer, e).correct, true, e.id);
  assert.notDeepEqual(loadTask("sort", { poolSize: 40, seed: 3 }).seeds[0]!.question, a.seeds[0]!.question);
  assert.throws(() => loadTask("sort", { minLength: 5, maxLength: 3 }), /"minLength" \(5\) is above "maxLength" \(3\)/);
});

test("sort: grades the worked answer, a bare list and the question as reference; wrong order or a missing number is wrong", () => {
  const prediction = "The smallest is 3.\nSorted: 3, 9, 12";
  assert.deepEqual(grade("sort", prediction, "Sorted: 3, 9, 12"), { correct: true, extracted: "3, 9, 12" });
  assert.equal(grade("sort", prediction, "12 3 9").correct, true);
  assert.equal(grade("sort", "Sorted: 9, 3, 12", "3 9 12").correct, false);
  assert.equal(grade("sort", "Sorted: 3, 12", "3 9 12").correct, false);
  assert.equal(grade("sort", "no idea", "3 9 12").correct, false);
});

test("sort as a plug-in: registered in one line, its teacher template checks the answer, only an LLM teacher can serve it", () => {
  assert.ok(taskNames().includes("sort"));
  const t = templateFor("sort");
  assert.equal(t.version, "sort/v1");
  assert.deepEqual(t.checkAnswer("Sorted: 1, 5, 7", "Sort these numbers from smallest to largest: 7, 1, 5", { id: "s", task: "sort", question: "", answer: "" }), { ok: true, value: "1, 5, 7" });
  assert.equal(t.checkAnswer("Sorted: 5, 1, 7", "Sort these numbers: 7, 1, 5", { id: "s", task: "sort", question: "", answer: "" }).ok, false);
  assert.deepEqual(t.parseQuestion("<question>Sort these: 4 2</question>", { id: "s", task: "sort", question: "Sort: 9, 8", answer: "" }), { ok: true, value: "Sort these: 4 2" });
  const base = { name: "s", task: "sort", criterion: "loss", budget: { samples: 10 }, perIteration: 10, student: { baseModel: "tiny" } };
  assert.throws(() => validateRunConfig({ ...base, teacher: { kind: "procedural" } }), /"teacher.kind" "procedural": task "sort" has no procedural teacher \(only arith, game24, prontoqa, proofwriter do\)/);
  assert.throws(() => validateRunConfig({ ...base, teacher: { kind: "procedural" }, student: { baseModel: "tiny", pretrain: { examples: 5 } } }), /"student.pretrain" needs base data, and task "sort" has none/);
  const ok = validateRunConfig({ ...base, taskOptions: { poolSize: 30 }, teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m" } });
  assert.equal(ok.task, "sort");
  assert.throws(() => validateRunConfig({ ...base, taskOptions: { maxLength: 99 }, teacher: { kind: "openai", baseURL: "http://127.0.0.1:9/v1", model: "m" } }), /"taskOptions.maxLength" must be an integer in 2..20, got 99/);
});

test("registerTask: a task defined outside the library validates, loads and grades like a built-in one", () => {
  registerTask({ ...sortPlugin, task: { ...sortPlugin.task, name: "sort-copy" } });
  assert.equal(getTaskPlugin("sort-copy").task.name, "sort-copy");
  assert.equal(loadTask("sort-copy", { poolSize: 3, testSize: 1 }).seeds.length, 3);
  assert.throws(() => getTaskPlugin("sortt"), /unknown task "sortt" \(did you mean "sort"\?\)/);
});
