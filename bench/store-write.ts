/**
 * Store write throughput against raw better-sqlite3, same schema, same rows, same run: N score rows
 * (and N answers) written by the store's batched puts, against a raw prepared INSERT ... ON
 * CONFLICT over positional parameters in one transaction on a connection to an identical file;
 * also the naive way (one row per transaction). Rounds alternate which goes first. Then the query
 * plans of the reads the loop makes each iteration (each must use an index).
 *
 *   npm run build && node dist/bench/store-write.js [N=100000] [rounds=3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openStore } from "../lib/store/index.js";
import type { ScoreRow, AnswerRow } from "../lib/store/index.js";

const n = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
if (!Number.isInteger(n) || n < 1) throw new Error(`store-write: N must be a positive integer, got ${process.argv[2]}`);

const dir = mkdtempSync(join(tmpdir(), "activesynth-bench-"));
const id = (i: number) => `arith/v1/s0/seed/${String(i).padStart(6, "0")}`;
const scores = (model: string): ScoreRow[] => Array.from({ length: n }, (_, i) => ({ exampleId: id(i), model, criterion: "loss", value: i / n, extra: { tokens: 27 } }));
const answers = (model: string): AnswerRow[] => Array.from({ length: n }, (_, i) => ({ model, exampleId: id(i), answer: `${i} + 1 = ${i + 1} #### ${i + 1}` }));
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
const rawScore = raw.prepare("INSERT INTO scores (model, criterion, example_id, value, extra) VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, criterion, example_id) DO UPDATE SET value = excluded.value, extra = excluded.extra");
const rawAnswer = raw.prepare("INSERT INTO student_answers (model, example_id, answer) VALUES (?, ?, ?) ON CONFLICT (model, example_id) DO UPDATE SET answer = excluded.answer");
const rawScores = (rows: ScoreRow[]) => raw.transaction(() => {
  for (const r of rows) rawScore.run(r.model, r.criterion, r.exampleId, r.value, JSON.stringify(r.extra));
})();
const rawAnswers = (rows: AnswerRow[]) => raw.transaction(() => {
  for (const r of rows) rawAnswer.run(r.model, r.exampleId, r.answer);
})();

const results = { storeScores: [] as number[], rawScores: [] as number[], storeAnswers: [] as number[], rawAnswers: [] as number[] };
for (let round = 0; round < rounds; round++) {
  const s = scores(`m${round}`);
  const a = answers(`m${round}`);
  const pairs: Array<[keyof typeof results, () => void]> = [
    ["storeScores", () => store.putScores(s)], ["rawScores", () => rawScores(s)],
    ["storeAnswers", () => store.putAnswers(a)], ["rawAnswers", () => rawAnswers(a)],
  ];
  if (round % 2 === 1) pairs.reverse();
  for (const [k, f] of pairs) results[k].push(seconds(f));
}
const naiveRows = scores("naive").slice(0, Math.min(n, 20_000));
const naive = seconds(() => {
  for (const r of naiveRows) store.putScores([r]);
});
if (store.listScores({ model: "m0" }).length !== n) throw new Error("store-write: row count does not match");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (s: number, rows = n) => Math.round(rows / s).toLocaleString("en-US");
console.log(`store-write, ${n} rows per put, ${rounds} rounds, median (WAL, synchronous=NORMAL)`);
for (const what of ["Scores", "Answers"] as const) {
  const st = median(results[`store${what}`]);
  const rw = median(results[`raw${what}`]);
  console.log(`  put${what}: store ${st.toFixed(3)} s (${rate(st)} rows/s), raw better-sqlite3 ${rw.toFixed(3)} s (${rate(rw)} rows/s): store/raw throughput ${(rw / st).toFixed(2)}`);
}
console.log(`  one row per transaction (${naiveRows.length} rows): ${rate(naive, naiveRows.length)} rows/s, ${(median(results.storeScores) / n * naiveRows.length / naive).toFixed(3)} of batched`);

// the reads the loop makes per iteration, and their plans
const db = new Database(join(dir, "store.sqlite"), { readonly: true });
const plans: Array<[string, string, unknown[]]> = [
  ["scores of a checkpoint (getScores)", "SELECT * FROM scores WHERE model = ? AND criterion = ? AND example_id IN (SELECT value FROM json_each(?))", ["m", "loss", "[]"]],
  ["answers of a checkpoint (getAnswers)", "SELECT example_id, answer FROM student_answers WHERE model = ? AND example_id IN (SELECT value FROM json_each(?))", ["m", "[]"]],
  ["generations of an iteration", "SELECT * FROM generations WHERE run_id = ? AND iteration = ? ORDER BY rowid", ["r", 1]],
  ["spend: generations of an iteration", "SELECT COUNT(*), TOTAL(calls) FROM generations WHERE run_id = ? AND iteration = ?", ["r", 1]],
  ["spend: judge calls of an iteration", "SELECT COUNT(*), TOTAL(cost_usd) FROM teacher_calls WHERE run_id = ? AND purpose = ? AND status = 'ok' AND iteration = ?", ["r", "judge", 1]],
  ["a cached teacher call", "SELECT * FROM teacher_calls WHERE key = ?", ["k"]],
  ["selection of an iteration", "SELECT * FROM selections WHERE run_id = ? AND iteration = ? ORDER BY rank", ["r", 1]],
  ["synthetic examples of a run", "SELECT e.* FROM examples e WHERE e.source = ? AND e.run_id = ? ORDER BY e.rowid", ["synthetic", "r"]],
];
console.log("\nquery plans of the loop's per-iteration reads:");
for (const [what, sql, params] of plans) {
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
  console.log(`  ${what}: ${plan}${/SCAN (scores|student_answers|generations|teacher_calls|selections|examples)\b(?! USING)/.test(plan) ? "   <- NO INDEX" : ""}`);
}
db.close();
store.close();
raw.close();
rmSync(dir, { recursive: true, force: true });
