// `activesynth status` on a real SQLite store (the plots fixture: 5 runs evaluated at t = 1..3, plus
// a run evaluated at t = 0..3 whose name has a comma and a quote): --json parses and carries the
// store's accuracies unrounded, --format csv has one row per run x iteration with RFC 4180
// quoting, and the table writes accuracies with one decimal and counts iterations from t = 1.
//   node --test dist/test/cli/status-formats.test.js
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../lib/store/index.js";
import { buildFixtureStore } from "../plots/fixture-store.js";
import { tempDir } from "../helpers/temp-dir.js";
import { runCliProcess, type CliResult } from "../helpers/cli.js";

const tmp = tempDir("activesynth-status-");
const db = tmp.path("store.sqlite");
const emptyDb = tmp.path("empty.sqlite");
const ODD = 'odd, "quoted" run';
const ODD_ACC = [0.6, 0.66, 0.663, 2 / 3];

async function cli(args: string[]): Promise<CliResult> {
  const result = await runCliProcess(args);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF records) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), (row = []), (field = ""), i++;
    } else field += c;
  }
  assert.equal(field + row.join(""), "", "the document ends with CRLF");
  return rows;
}

before(() => {
  const store = buildFixtureStore(db);
  // a run as the loop writes one: the base evaluated at t = 0, then 3 iterations; killed mid-run
  store.upsertRun({ id: ODD, name: ODD, config: { name: ODD, task: "arith", method: "active", criterion: "loss", seed: 2, budget: { samples: 40 }, student: { baseModel: "tiny" }, teacher: { kind: "procedural" } } });
  store.setRunStatus(ODD, "running");
  ODD_ACC.forEach((accuracy, t) => store.putIteration({ runId: ODD, iteration: t, samples: 4 * t, teacherTokens: 100 * t, costUsd: 0.001 * t, model: `odd-${t}`, accuracy, testSize: 1000 }));
  store.close();
  openStore(emptyDb).close();
});
after(() => tmp.cleanup());

describe("status --json", () => {
  test("one JSON document whose accuracies equal the store's", async () => {
    const doc = JSON.parse((await cli(["status", "--db", db, "--json"])).stdout);
    assert.equal(doc.format, "activesynth-status-v1");
    const store = openStore(db, { readonly: true });
    try {
      assert.deepEqual(doc.runs.map((r: { id: string }) => r.id), store.listRuns().map((r) => r.id));
      for (const run of doc.runs) {
        const its = store.listIterations(run.id);
        assert.ok(its.length > 0);
        assert.deepEqual(run.iterations.map((i: { iteration: number }) => i.iteration), its.map((i) => i.iteration));
        assert.deepEqual(run.iterations.map((i: { accuracy: number }) => i.accuracy), its.map((i) => i.accuracy));
        assert.deepEqual(run.iterations.map((i: { samples: number }) => i.samples), its.map((i) => i.samples));
        assert.deepEqual(run.iterations.map((i: { teacherTokens: number }) => i.teacherTokens), its.map((i) => i.teacherTokens));
        assert.equal(run.accuracy, its.at(-1)!.accuracy);
        assert.equal(run.iterationsDone, its.filter((i) => i.iteration >= 1).length);
        assert.equal(run.iterationsDone, 3, run.id);
        assert.equal(run.status, store.getRun(run.id)!.status);
      }
    } finally {
      store.close();
    }
    const odd = doc.runs.find((r: { id: string }) => r.id === ODD);
    assert.equal(odd.iterations[3].accuracy, 2 / 3, "not rounded");
    assert.deepEqual(odd.config, { task: "arith", method: "active", criterion: "loss", seed: 2, baseModel: "tiny", teacher: "procedural", budget: { samples: 40 }, perIteration: null, samplesPerSeed: null });
    const loss = doc.runs.find((r: { id: string }) => r.id === "loss-s0");
    assert.equal(loss.samples, 12);
    assert.equal(loss.teacherTokens, 12 * 30);
    assert.equal(loss.status, "finished");
    // --format json is the same document
    assert.equal((await cli(["status", "--db", db, "--format", "json"])).stdout, JSON.stringify(doc, null, 2) + "\n");
  });

  test("an empty store is a document with no runs", async () => {
    assert.deepEqual(JSON.parse((await cli(["status", "--db", emptyDb, "--json"])).stdout), { format: "activesynth-status-v1", runs: [] });
  });
});

describe("status --format csv", () => {
  test("a header row and one row per run x iteration; a field with a comma or a quote is quoted", async () => {
    const text = (await cli(["status", "--db", db, "--format", "csv"])).stdout;
    const rows = parseCsv(text);
    const store = openStore(db, { readonly: true });
    try {
      const runs = store.listRuns();
      const iterations = runs.reduce((n, r) => n + store.listIterations(r.id).length, 0);
      assert.equal(iterations, 5 * 3 + 4);
      assert.equal(rows.length, iterations + 1);
      const header = rows[0]!;
      assert.deepEqual(header.slice(0, 4), ["run", "name", "status", "method"]);
      for (const row of rows) assert.equal(row.length, header.length);
      const col = (name: string) => header.indexOf(name);
      // every (run, iteration) once, accuracies as stored
      const seen = rows.slice(1).map((r) => `${r[col("run")]}@${r[col("iteration")]}`);
      assert.deepEqual(seen, runs.flatMap((r) => store.listIterations(r.id).map((i) => `${r.id}@${i.iteration}`)));
      for (const row of rows.slice(1)) {
        const it = store.getIteration(row[col("run")]!, Number(row[col("iteration")]))!;
        assert.equal(Number(row[col("accuracy")]), it.accuracy);
      }
    } finally {
      store.close();
    }
    assert.ok(text.includes('\r\n"odd, ""quoted"" run","odd, ""quoted"" run",running,loss,arith,loss,2,tiny,procedural,0,0,0,0,0.6,1000,odd-0\r\n'), text);
    assert.equal(rows.filter((r) => r[0] === ODD).length, 4);
    assert.equal(text.split("\r\n").length, rows.length + 1);
  });
});

describe("status table", () => {
  test("accuracies with one decimal in every row; iterations counted from t = 1", async () => {
    const out = (await cli(["status", "--db", db])).stdout;
    const lines = out.trimEnd().split("\n");
    assert.match(lines[0]!, /^run\s+method\s+status\s+iterations\s+samples\s+budget\s+failed\s+teacher tokens\s+acc %$/);
    const store = openStore(db, { readonly: true });
    try {
      for (const run of store.listRuns()) {
        const line = lines.find((l) => l.startsWith(run.id + " "));
        assert.ok(line, `${run.id} missing from:\n${out}`);
        const acc = line.trim().split(/\s+/).at(-1)!;
        assert.match(acc, /^\d+\.\d$/, line);
        assert.equal(acc, (100 * store.listIterations(run.id).at(-1)!.accuracy).toFixed(1));
      }
    } finally {
      store.close();
    }
    // loss-s0 ends at 1 (100.0), random-s1 at 0.5 (50.0), the odd run at 2/3 (66.7), after 3 iterations each
    assert.match(lines.find((l) => l.startsWith("loss-s0 "))!, /\s3\s+12\s+\? tokens\s+0\s+360\s+100\.0$/);
    assert.match(lines.find((l) => l.startsWith("random-s1 "))!, /\s50\.0$/);
    assert.match(lines.find((l) => l.startsWith(ODD))!, /running or interrupted\s+3\s+0\s+40 samples\s+0\s+0\s+66\.7$/);
    assert.doesNotMatch(out, /\d\.\d{2,}|0\.000/);
  });

  test("bad options are usage errors", async () => {
    for (const [args, pattern] of [
      [["--format", "xml"], /--format must be table, csv or json, got "xml"$/],
      [["--json", "--format", "csv"], /--json and --format csv ask for two formats; give one$/],
    ] as const) {
      const result = await runCliProcess(["status", "--db", db, ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(result.stderr.trimEnd(), pattern);
    }
  });
});
