/** Where the tests find the shared data: `<repo>/../shared/data` (or $ACTIVESYNTH_DATA). */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("test could not find the repository root (package.json)");
    dir = up;
  }
  return dir;
}

/** The data folder the tests read. */
export const DATA_DIR = process.env.ACTIVESYNTH_DATA || resolve(repoRoot(), "..", "shared", "data");

/** Null when `sub` exists under the data folder, else the reason to skip. */
export function missingData(sub: string): string | null {
  const p = join(DATA_DIR, sub);
  return existsSync(p) ? null : `real data not found at ${p} (set ACTIVESYNTH_DATA or place shared/data next to the repo)`;
}
