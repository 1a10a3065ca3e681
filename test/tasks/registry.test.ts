import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getTask, grade, loadTask, taskNames, templateFor } from "../../lib/tasks/registry.js";
import { DataError, readJsonArray } from "../../lib/tasks/jsonl.js";
import { DATA_DIR, missingData } from "./data-dir.js";

/** A temporary data folder; removed after `fn`. */
function withDataDir(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-tasks-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("registry: names, tasks and prompt formats", () => {
  assert.deepEqual(taskNames(), ["arith", "gsm8k", "math", "game24", "prontoqa", "proofwriter", "logical_deduction", "folio", "logiqa", "sort"]);
  for (const name of taskNames()) {
    const task = getTask(name);
    assert.equal(task.name, name);
    assert.match(task.promptVersion, new RegExp(`^${name}-v\\d+$`));
    // the real datasets share one instruction format; the arith world is a bare "Q: ...\nA:" for the tiny student
    if (name === "arith") assert.equal(task.prompt("Q?"), "Q: Q?\nA:");
    else assert.ok(task.prompt("Q?").endsWith("\nSolution:\n"), name);
    assert.ok(task.stop.length > 0 && task.maxAnswerTokens > 0);
  }
  assert.match(getTask("gsm8k").prompt("Q?"), /"#### <number>"/);
  assert.match(getTask("math").prompt("Q?"), /\\boxed\{\}/);
  assert.match(getTask("game24").prompt("4 9 10 13"), /Answer: <expression> = 24[\s\S]*Numbers: 4 9 10 13/);
  assert.match(getTask("folio").prompt("Q?"), /"Answer: True", "Answer: False" or "Answer: Unknown"/);
  assert.match(getTask("prontoqa").prompt("Q?"), /"Answer: True" or "Answer: False"/);
  assert.match(getTask("logiqa").prompt("Q?"), /"Answer: <letter>"/);
  assert.throws(() => getTask("nope"), /unknown task "nope"; known tasks: arith, gsm8k, math/);
});

test("registry: each task's teacher template, its version unchanged (cache keys hold it)", () => {
  const versions = Object.fromEntries(taskNames().map((name) => [name, templateFor(name).version]));
  assert.deepEqual(versions, {
    arith: "math-hash/v1", gsm8k: "math-hash/v1", math: "math-boxed/v1", game24: "game24/v1", prontoqa: "logic/v1",
    proofwriter: "logic/v1", logical_deduction: "logic/v1", folio: "logic/v1", logiqa: "logic/v1", sort: "sort/v1",
  });
  assert.throws(() => templateFor("chess"), /no teacher template for task "chess": it is not a registered task \(known: arith, /);
});

test("registry: grade() with string references", () => {
  assert.deepEqual(grade("gsm8k", "so 1,000 in all.\n#### 1,000", "1000"), { correct: true, extracted: "1000" });
  assert.deepEqual(grade("game24", "(10 - 4) * (13 - 9) = 24", "4 9 10 13"), { correct: true, extracted: "(10 - 4) * (13 - 9)" });
  assert.equal(grade("math", "$\\boxed{\\frac12}$", "The answer is $\\boxed{0.5}$").correct, true);
  assert.equal(grade("folio", "Answer: Unknown", "Unknown").correct, true);
});

test("registry: caps are seeded subsets in file order", (t) => {
  const why = missingData("gsm8k");
  if (why) return t.skip(why);
  const a = loadTask("gsm8k", { dataDir: DATA_DIR, maxSeeds: 50, maxTest: 20, seed: 1 });
  const b = loadTask("gsm8k", { dataDir: DATA_DIR, maxSeeds: 50, maxTest: 20, seed: 1 });
  const c = loadTask("gsm8k", { dataDir: DATA_DIR, limit: 50, seed: 2 });
  assert.equal(a.seeds.length, 50);
  assert.equal(a.test.length, 20);
  assert.deepEqual(a.seeds.map((e) => e.id), b.seeds.map((e) => e.id));
  assert.notDeepEqual(a.seeds.map((e) => e.id), c.seeds.map((e) => e.id));
  assert.equal(c.test.length, 50);
  const idx = a.seeds.map((e) => Number(e.id.split("/")[2]));
  assert.deepEqual(idx, [...idx].sort((x, y) => x - y));
});

test("data dir: option, environment variable, and clear errors when missing", (t) => {
  assert.throws(() => loadTask("gsm8k", { dataDir: "/nonexistent/activesynth-data" }), (err: Error) => {
    assert.match(err.message, /data folder not found: \/nonexistent\/activesynth-data/);
    assert.match(err.message, /--data <dir>/);
    return true;
  });
  withDataDir({ "gsm8k/train.jsonl": '{"question": "q", "answer": "a\\n#### 1"}\n' }, (dir) => {
    assert.throws(() => loadTask("gsm8k", { dataDir: dir }), (err: Error) => {
      assert.ok(err instanceof DataError);
      assert.match(err.message, new RegExp(`${join(dir, "gsm8k", "test.jsonl")}: file not found`));
      return true;
    });
  });
  const why = missingData("logiqa");
  if (why) return t.skip(why);
  const saved = process.env.ACTIVESYNTH_DATA;
  process.env.ACTIVESYNTH_DATA = DATA_DIR;
  try {
    assert.equal(loadTask("logiqa").test.length, 651);
  } finally {
    if (saved === undefined) delete process.env.ACTIVESYNTH_DATA;
    else process.env.ACTIVESYNTH_DATA = saved;
  }
});

test("malformed rows stop loading with file:line and the field", () => {
  const good = '{"question": "How many?", "answer": "2 + 2 = 4\\n#### 4"}';
  const cases: Array<[string, RegExp]> = [
    [`${good}\n${good}\n{"question": "q"}\n`, /test\.jsonl:3: "answer" is missing/],
    [`${good}\n\n{"question": "", "answer": "#### 1"}\n`, /test\.jsonl:3: "question" must be a non-empty string/],
    [`${good}\n{"question": "q", "answer": "no final line"}\n`, /test\.jsonl:2: "answer" has no "#### <number>" line/],
    [`${good}\n{"question": "q", "answer": \n`, /test\.jsonl:2: invalid JSON/],
    [`[1]\n`, /test\.jsonl:1: expected a JSON object/],
  ];
  for (const [text, re] of cases) {
    withDataDir({ "gsm8k/train.jsonl": `${good}\n`, "gsm8k/test.jsonl": text }, (dir) => {
      assert.throws(() => loadTask("gsm8k", { dataDir: dir }), (err: Error) => {
        assert.ok(err instanceof DataError, err.message);
        assert.match(err.message, re);
        return true;
      });
    });
  }
});

test("malformed rows in JSON arrays, MATH, FOLIO and LogiQA name file:line", () => {
  const row = (id: string, extra: string) =>
    `  {\n    "id": "${id}",\n    "context": "c",\n    "question": "q",\n    "options": ["A) True", "B) False"]${extra}\n  }`;
  withDataDir(
    {
      "prontoqa/train.json": `[\n${row("p1", ',\n    "answer": "A"')},\n${row("p2", "")}\n]\n`,
      "prontoqa/dev.json": `[\n${row("p3", ',\n    "answer": "C"')}\n]\n`,
    },
    (dir) => {
      assert.throws(() => loadTask("prontoqa", { dataDir: dir }), /train\.json:9: "answer" is missing/);
      writeFileSync(join(dir, "prontoqa/train.json"), `[\n${row("p1", ',\n    "answer": "A"')}\n]\n`);
      assert.throws(() => loadTask("prontoqa", { dataDir: dir }), /dev\.json:2: "answer" must be one of A, B \(got "C"\)/);
    },
  );
  withDataDir(
    {
      "math/train.jsonl": '{"problem": "p", "level": "Level 1", "subject": "Algebra", "answer": "1"}\n{"problem": "p", "level": "Level 1", "answer": "1"}\n',
    },
    (dir) => assert.throws(() => loadTask("math", { dataDir: dir }), /train\.jsonl:2: "subject" is missing/),
  );
  withDataDir(
    {
      "folio/folio-train.jsonl": '{"premises": ["a"], "conclusion": "b", "label": "Maybe"}\n',
      "folio/folio-validation.jsonl": "",
    },
    (dir) => assert.throws(() => loadTask("folio", { dataDir: dir }), /folio-train\.jsonl:1: "label" must be one of True, False, Unknown, Uncertain \(got "Maybe"\)/),
  );
  const rec = (letter: string) => `\n${letter}\ncontext\nquestion?\nA.one\nB.two\nC.three\nD.four\n`;
  withDataDir({ "logiqa/Eval.txt": rec("a") + rec("e"), "logiqa/Test.txt": rec("b") }, (dir) => {
    assert.throws(() => loadTask("logiqa", { dataDir: dir }), /Eval\.txt:10: "answer" must be a letter a-d \(got "e"\)/);
  });
  withDataDir({ "logiqa/Eval.txt": rec("a"), "logiqa/Test.txt": rec("b").replace("\nD.four", "\n") }, (dir) => {
    assert.throws(() => loadTask("logiqa", { dataDir: dir }), /Test\.txt:8: option "D" is missing/);
  });
  withDataDir({ "game24/24.csv": "Rank,Puzzles,AMT (s)\n1,1 1 4 6,4.4\n2,1 1 4,4.4\n" }, (dir) => {
    assert.throws(() => loadTask("game24", { dataDir: dir }), /24\.csv:3: "Puzzles" must hold four numbers/);
  });
});

test("readJsonArray reports the line where each element starts", () => {
  withDataDir({ "a.json": '[\n  {"s": "x,{[\\"]"},\n\n  {"s": 2},\n  3]' }, (dir) => {
    assert.deepEqual(readJsonArray(join(dir, "a.json")).map((r) => r.line), [2, 4, 5]);
  });
});

