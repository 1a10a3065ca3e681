import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | null = null;

/**
 * The activesynth package root (the folder holding its package.json), found by walking up from
 * this module. Works from lib/ sources and from the compiled dist/lib alike.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, "utf8")).name === "activesynth") return (cached = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the activesynth package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A path inside the package root. */
export function fromRoot(...parts: string[]): string {
  return resolve(packageRoot(), ...parts);
}
