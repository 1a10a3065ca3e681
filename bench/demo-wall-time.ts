/**
 * Wall time of the embedded demo as a user runs it (`activesynth demo --quick`), in one run:
 *   1. a fresh quick demo (2 workers), pretrained base included, in a fresh checkpoint dir;
 *   2. the same command on the finished store: every run is re-read from the store (no server);
 *   3. a fresh quick demo with --workers 1 and 4. with --workers 2, both finding the base built in 1.
 * Prints each wall time and the ratios 1/2 (what the cache saves) and 3/4 (what a second server
 * buys on this machine). Slow (several minutes on 2 CPU cores); timings, not a test.
 *
 *   node node_modules/typescript/bin/tsc -p tsconfig.json && node dist/bench/demo-wall-time.js
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromRoot } from "../lib/util/paths.js";

const dir = mkdtempSync(join(tmpdir(), "activesynth-bench-demo-"));
const checkpoints = join(dir, "checkpoints");

/** Runs `activesynth demo --quick ...` and returns its wall time in seconds; throws when it fails. */
function demo(label: string, db: string, extra: string[]): number {
  const args = [fromRoot("bin", "activesynth.js"), "demo", "--quick", "--db", join(dir, db), "--out", join(dir, `out-${db}`), "--checkpoint-dir", checkpoints, ...extra];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: fromRoot(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status ?? r.signal}:\n${r.stderr.slice(-3000)}`);
  const summary = r.stdout.split("\n").find((l) => /efficiency/i.test(l)) ?? "";
  console.log(`${label.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s  ${summary.slice(0, 90)}`);
  return seconds;
}

try {
  console.log(`activesynth demo --quick wall time (${dir})\n`);
  const fresh = demo("1. fresh, --workers 2 (base built)", "a.sqlite", ["--fresh", "--workers", "2"]);
  const cached = demo("2. again on the finished store (cached)", "a.sqlite", ["--workers", "2"]);
  const one = demo("3. fresh, --workers 1 (base found)", "b.sqlite", ["--fresh", "--workers", "1"]);
  const two = demo("4. fresh, --workers 2 (base found)", "c.sqlite", ["--fresh", "--workers", "2"]);
  console.log("");
  console.log(`fresh / cached re-read:      ${(fresh / cached).toFixed(1)}x  (${fresh.toFixed(1)} s vs ${cached.toFixed(1)} s)`);
  console.log(`--workers 1 / --workers 2:   ${(one / two).toFixed(2)}x  (${one.toFixed(1)} s vs ${two.toFixed(1)} s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
