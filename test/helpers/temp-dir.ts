import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary directory and a cleanup that removes it. */
export function tempDir(prefix = "activesynth-test-"): { dir: string; path: (...parts: string[]) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (...parts) => join(dir, ...parts), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
