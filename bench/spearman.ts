/**
 * Spearman on 10^6 tied pairs: activesynth's `spearman` against `scipy.stats.spearmanr`.
 *
 * Run: npm run build && node dist/bench/spearman.js [n] [repeats]
 * (needs /usr/bin/python3 with scipy; set PYTHON to use another interpreter).
 *
 * Generates n pairs from a fixed seed (x rounded to 2 decimals, y = x + noise rounded to 1 decimal,
 * so both have many ties), writes them to a temporary float64 file that bench/spearman_scipy.py
 * reads, times both (best of `repeats`, after a warm-up), checks that rho agrees, and prints both
 * times and the ratio node / scipy (below 1 means faster than scipy).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spearman } from "../lib/stats/spearman.js";
import { makeRng } from "../lib/util/rng.js";

const n = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 5);
const rng = makeRng(20251201);
const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const data = new Float64Array(2 * n);
const x = data.subarray(0, n);
const y = data.subarray(n);
for (let i = 0; i < n; i++) {
  x[i] = Math.round(normal() * 100) / 100;
  y[i] = Math.round((x[i]! + normal()) * 10) / 10;
}

const dir = mkdtempSync(join(tmpdir(), "spearman-bench-"));
const file = join(dir, "pairs.f64");
writeFileSync(file, new Uint8Array(data.buffer));

spearman(x, y); // warm-up (JIT)
let best = Infinity;
let ours = spearman(x, y);
for (let r = 0; r < repeats; r++) {
  const start = process.hrtime.bigint();
  ours = spearman(x, y);
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}

const script = fileURLToPath(new URL("../../bench/spearman_scipy.py", import.meta.url));
const python = process.env.PYTHON ?? "/usr/bin/python3";
const scipy = JSON.parse(execFileSync(python, [script, file, String(repeats)], { encoding: "utf8" })) as {
  seconds: number;
  rho: number;
  pValue: number;
};
rmSync(dir, { recursive: true, force: true });

console.log(`spearman on ${n} pairs (best of ${repeats})`);
console.log(`  activesynth  ${(best * 1000).toFixed(1)} ms  rho=${ours.rho}  p=${ours.pValue}`);
console.log(`  scipy        ${(scipy.seconds * 1000).toFixed(1)} ms  rho=${scipy.rho}  p=${scipy.pValue}`);
console.log(`  ratio node/scipy = ${(best / scipy.seconds).toFixed(3)}  |drho| = ${Math.abs(ours.rho - scipy.rho)}`);
