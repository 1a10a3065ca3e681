import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

// Snapshots live in the source tree (test/plots/snapshots), not next to the compiled test in dist/.
const here = dirname(fileURLToPath(import.meta.url));
const root = here.includes(`${"/"}dist${"/"}`) ? join(here.split(`${"/"}dist${"/"}`)[0]!, "test", "plots") : here;
export const snapshotDir = join(root, "snapshots");

/**
 * A value as stable JSON: object keys sorted, numbers rounded to 1e-9 (so a last-digit change in
 * floating point does not fail a snapshot), NaN and infinities as strings, undefined dropped.
 */
export function normalize(value: unknown): string {
  return JSON.stringify(sortDeep(value), null, 2) + "\n";
}

function sortDeep(v: unknown): unknown {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return String(v);
    const r = Math.round(v * 1e9) / 1e9;
    return Object.is(r, -0) ? 0 : r;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortDeep(x)));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortDeep(x);
    }
    return out;
  }
  return v;
}

/** Compares a value with test/plots/snapshots/<name>.json (missing: fails); UPDATE_SNAPSHOTS=1 (re)writes the file. */
export function assertSnapshot(name: string, value: unknown): void {
  const file = join(snapshotDir, `${name}.json`);
  const actual = normalize(value);
  // a missing snapshot fails everywhere (a test that writes its own expectation asserts nothing)
  if (process.env.UPDATE_SNAPSHOTS !== "1" && !existsSync(file)) assert.fail(`snapshot ${file} is missing (run with UPDATE_SNAPSHOTS=1 to write it)`);
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    mkdirSync(snapshotDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, "utf8"), `figure differs from ${file}; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`);
}
