/**
 * Store write throughput against raw better-sqlite3, same schema, same rows, same run: N scores
 * (and N answers) of one checkpoint written by the store's puts, against raw better-sqlite3 writing
 * the same rows into the same tables (schema 3 keeps a write as one set row: lib/store/packed-sets.ts)
 * on a connection to an identical file, encoding included; also against the per-row tables the
 * store used up to schema 2 (a prepared INSERT ... ON CONFLICT per row in one transaction), and
 * reading the N scores back both ways. Rounds alternate which goes first. Then the query plans of
 * the reads the loop makes each iteration (each must use an index).
 *
 *   npm run build && node dist/bench/store-write.js [N=100000] [rounds=7]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openStore } from "../lib/store/index.js";
import type { ScoreRow, AnswerRow } from "../lib/store/index.js";

const n = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 7);
if (!Number.isInteger(n) || n < 1) throw new Error(`store-write: N must be a positive integer, got ${process.argv[2]}`);

const dir = mkdtempSync(join(tmpdir(), "activesynth-bench-"));
const id = (i: number) => `arith/v1/s0/seed/${String(i).padStart(6, "0")}`;
const extra = (i: number) => ({ meanNll: i / n, sumNll: (5 * i) / n, tokens: 27, meanEntropy: 0.5 });
const scores = (model: string): ScoreRow[] => Array.from({ length: n }, (_, i) => ({ exampleId: id(i), model, criterion: "loss", value: i / n, extra: extra(i) }));
const answers = (model: string): AnswerRow[] => Array.from({ length: n }, (_, i) => ({ model, exampleId: id(i), answer: `${i} + 1 = ${i + 1} #### ${i + 1}` }));
/** The rows with every string flattened (read whole once), as rows parsed from JSON are. */
const flat = <T>(rows: T[]): T[] => (JSON.stringify(rows), rows);
const seconds = (f: () => void): number => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

const store = openStore(join(dir, "store.sqlite"));
openStore(join(dir, "raw.sqlite")).close(); // the same schema and pragmas
const raw = new Database(join(dir, "raw.sqlite"));
raw.pragma("journal_mode = WAL");
raw.pragma("synchronous = NORMAL");
// raw better-sqlite3 into the same set tables: the plainest encoding of the same rows
const rawScoreSet = raw.prepare("INSERT INTO score_sets (model, criterion, example_ids, vals, extra_keys, extra_vals) VALUES (?, ?, ?, ?, ?, ?)");
const rawAnswerSet = raw.prepare("INSERT INTO answer_sets (model, example_ids, answers) VALUES (?, ?, ?)");
const rawScores = (rows: ScoreRow[]) => {
  const vals = new Float64Array(rows.length);
  const keys = Object.keys(rows[0]!.extra!);
  const extras = new Float64Array(rows.length * keys.length);
  rows.forEach((r, i) => {
    vals[i] = r.value;
    keys.forEach((k, j) => (extras[i * keys.length + j] = r.extra![k] as number));
  });
  rawScoreSet.run(rows[0]!.model, rows[0]!.criterion, JSON.stringify(rows.map((r) => r.exampleId)), Buffer.from(vals.buffer), JSON.stringify(keys), Buffer.from(extras.buffer));
};
const rawAnswers = (rows: AnswerRow[]) => {
  rawAnswerSet.run(rows[0]!.model, JSON.stringify(rows.map((r) => r.exampleId)), JSON.stringify(rows.map((r) => r.answer)));
};
// the per-row tables of schema 2, for comparison
raw.exec(`CREATE TABLE scores (model TEXT NOT NULL, criterion TEXT NOT NULL, example_id TEXT NOT NULL, value REAL, extra TEXT,
  PRIMARY KEY (model, criterion, example_id)); CREATE INDEX scores_criterion ON scores(criterion);
  CREATE TABLE student_answers (model TEXT NOT NULL, example_id TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (model, example_id));`);
const rowScore = raw.prepare("INSERT INTO scores (model, criterion, example_id, value, extra) VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, criterion, example_id) DO UPDATE SET value = excluded.value, extra = excluded.extra");
const rowAnswer = raw.prepare("INSERT INTO student_answers (model, example_id, answer) VALUES (?, ?, ?) ON CONFLICT (model, example_id) DO UPDATE SET answer = excluded.answer");
const rowScores = (rows: ScoreRow[]) => raw.transaction(() => {
  for (const r of rows) rowScore.run(r.model, r.criterion, r.exampleId, r.value, JSON.stringify(r.extra));
})();
const rowAnswers = (rows: AnswerRow[]) => raw.transaction(() => {
  for (const r of rows) rowAnswer.run(r.model, r.exampleId, r.answer);
})();
const ids = Array.from({ length: n }, (_, i) => id(i));
const readRows = raw.prepare("SELECT * FROM scores WHERE model = ? AND criterion = ? AND example_id IN (SELECT value FROM json_each(?))");

const results = {
  storeScores: [] as number[], rawScores: [] as number[], rowScores: [] as number[],
  storeAnswers: [] as number[], rawAnswers: [] as number[], rowAnswers: [] as number[],
  storeRead: [] as number[], rowRead: [] as number[],
};
for (let round = 0; round < rounds; round++) {
  // strings made by templates are ropes until first read whole; the loop's are flat (ids hashed,
  // answers parsed from JSON), and whichever put came first would otherwise pay for flattening them
  const s = flat(scores(`m${round}`));
  const a = flat(answers(`m${round}`));
  const pairs: Array<[keyof typeof results, () => void]> = [
    ["storeScores", () => store.putScores(s)], ["rawScores", () => rawScores(s)], ["rowScores", () => rowScores(s)],
    ["storeAnswers", () => store.putAnswers(a)], ["rawAnswers", () => rawAnswers(a)], ["rowAnswers", () => rowAnswers(a)],
    ["storeRead", () => store.getScores(`m${round}`, "loss", ids)],
    ["rowRead", () => {
      const out = new Map<string, unknown>();
      for (const r of readRows.all(`m${round}`, "loss", JSON.stringify(ids)) as Array<{ example_id: string; value: number; extra: string }>) out.set(r.example_id, { value: r.value, extra: JSON.parse(r.extra) });
    }],
  ];
  if (round % 2 === 1) pairs.reverse();
  for (const [k, f] of pairs) results[k].push(seconds(f));
}
const naiveRows = scores("naive").slice(0, Math.min(n, 20_000));
const naive = seconds(() => {
  for (const r of naiveRows) store.putScores([r]);
});
if (store.listScores({ model: "m0" }).length !== n) throw new Error("store-write: row count does not match");
if (store.getAnswers("m0", ids).size !== n) throw new Error("store-write: answer count does not match");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (s: number, rows = n) => Math.round(rows / s).toLocaleString("en-US");
console.log(`store-write, ${n} rows per put, ${rounds} rounds, median (WAL, synchronous=NORMAL)`);
for (const what of ["Scores", "Answers"] as const) {
  const st = median(results[`store${what}`]);
  const rw = median(results[`raw${what}`]);
  const rows = median(results[`row${what}`]);
  console.log(`  put${what}: store ${st.toFixed(3)} s (${rate(st)} rows/s), raw better-sqlite3 ${rw.toFixed(3)} s: store/raw throughput ${(rw / st).toFixed(2)}; ` +
    `the per-row table of schema 2 ${rows.toFixed(3)} s (${rate(rows)} rows/s): x${(rows / st).toFixed(1)} faster now`);
}
const sr = median(results.storeRead);
const rr = median(results.rowRead);
console.log(`  getScores of ${n} ids: store ${sr.toFixed(3)} s, per-row table ${rr.toFixed(3)} s: x${(rr / sr).toFixed(1)}`);
console.log(`  one put per row (${naiveRows.length} puts): ${rate(naive, naiveRows.length)} rows/s, ${(median(results.storeScores) / n * naiveRows.length / naive).toFixed(3)} of one put of all`);

// the reads the loop makes per iteration, and their plans
const db = new Database(join(dir, "store.sqlite"), { readonly: true });
const plans: Array<[string, string, unknown[]]> = [
  ["scores of a checkpoint (getScores)", "SELECT * FROM score_sets WHERE model = ? AND criterion = ? ORDER BY id", ["m", "loss"]],
  ["answers of a checkpoint (getAnswers)", "SELECT * FROM answer_sets WHERE model = ? ORDER BY id", ["m"]],
  ["generations of an iteration", "SELECT * FROM generations WHERE run_id = ? AND iteration = ? ORDER BY rowid", ["r", 1]],
  ["spend: generations of an iteration", "SELECT COUNT(*), TOTAL(calls) FROM generations WHERE run_id = ? AND iteration = ?", ["r", 1]],
  ["spend: judge calls of an iteration", "SELECT COUNT(*), TOTAL(cost_usd) FROM teacher_calls WHERE run_id = ? AND purpose = ? AND status = 'ok' AND iteration = ?", ["r", "judge", 1]],
  ["a cached teacher call", "SELECT * FROM teacher_calls WHERE key = ?", ["k"]],
  ["selection of an iteration", "SELECT * FROM selections WHERE run_id = ? AND iteration = ? ORDER BY rank", ["r", 1]],
  ["synthetic examples of a run", "SELECT e.* FROM examples e WHERE e.source = ? AND e.run_id = ? ORDER BY e.rowid", ["synthetic", "r"]],
  ["synthetic examples of an iteration", "SELECT e.* FROM examples e WHERE e.source = ? AND e.run_id = ? AND e.iteration = ? ORDER BY e.rowid", ["synthetic", "r", 1]],
  ["examples by id (a selection's seeds)", "SELECT e.* FROM json_each(?) j JOIN examples e ON e.id = j.value WHERE 1 ORDER BY j.key", ["[]"]],
  ["stored pool rows (putExamples)", "SELECT * FROM examples WHERE id IN (SELECT value FROM json_each(?))", ["[]"]],
];
console.log("\nquery plans of the loop's per-iteration reads:");
for (const [what, sql, params] of plans) {
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
  console.log(`  ${what}: ${plan}${/SCAN (score_sets|answer_sets|generations|teacher_calls|selections|examples)\b(?! USING)/.test(plan) ? "   <- NO INDEX" : ""}`);
}
db.close();
store.close();
raw.close();
rmSync(dir, { recursive: true, force: true });
