/**
 * Store write throughput: N score rows written in one transaction (putScores with all rows)
 * against the naive way, one row per transaction (putScores with one row, N times), into the
 * same table of the same fresh file, in the same run.
 *
 *   npm run build && node dist/bench/store-write.js [N=20000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/index.js";
import type { ScoreRow } from "../lib/store/index.js";

const n = Number(process.argv[2] ?? 20_000);
if (!Number.isInteger(n) || n < 1) throw new Error(`store-write: N must be a positive integer, got ${process.argv[2]}`);

const dir = mkdtempSync(join(tmpdir(), "activesynth-bench-"));
const store = openStore(join(dir, "bench.sqlite"));
const rows = (model: string): ScoreRow[] =>
  Array.from({ length: n }, (_, i) => ({ exampleId: `arith/v1/s0/seed/${String(i).padStart(5, "0")}`, model, criterion: "loss", value: i / n, extra: { tokens: 27 } }));

const time = (f: () => void): number => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

const batchedRows = rows("batched");
const naiveRows = rows("naive");
const naive = time(() => {
  for (const r of naiveRows) store.putScores([r]);
});
const batched = time(() => store.putScores(batchedRows));
if (store.listScores({ model: "batched" }).length !== n || store.listScores({ model: "naive" }).length !== n) {
  throw new Error("store-write: row counts do not match");
}
store.close();
rmSync(dir, { recursive: true, force: true });

const rate = (s: number) => Math.round(n / s).toLocaleString("en-US");
console.log(`store-write, ${n} score rows (WAL, synchronous=NORMAL)`);
console.log(`  one transaction:      ${batched.toFixed(3)} s  ${rate(batched)} rows/s`);
console.log(`  one row/transaction:  ${naive.toFixed(3)} s  ${rate(naive)} rows/s`);
console.log(`  ratio (batched/naive): ${(naive / batched).toFixed(1)}x`);
