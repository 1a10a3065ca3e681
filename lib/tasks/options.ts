/**
 * Options shared by every dataset loader: where the data lives, how big the seed pool and the
 * test set may be, and the seed for any random choice.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeRng, mixSeed } from "../util/rng.js";
import type { Example } from "./types.js";

/** Options for `loadTask` and the per-dataset loaders. */
export interface LoadTaskOptions {
  /** Folder holding one sub-folder per dataset (gsm8k/, math/...). Default: env ACTIVESYNTH_DATA, else `<repo>/../shared/data`. */
  dataDir?: string;
  /** Seed for every random choice (splits of single-file datasets, subsampling). Default 0. */
  seed?: number;
  /** Cap on the seed pool: a seeded random subset of this size (order kept). */
  maxSeeds?: number;
  /** Cap on the test set: a seeded random subset of this size (order kept). */
  maxTest?: number;
  /** Cap on both (the smaller cap wins when `maxSeeds`/`maxTest` is also given). */
  limit?: number;
}

/** Environment variable naming the data folder. */
export const DATA_ENV = "ACTIVESYNTH_DATA";

/** `<repo>/../shared/data`, found from this file's location (works from lib/ and dist/lib/). */
export function defaultDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return resolve(dir, "..", "shared", "data");
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data");
}

/**
 * The data folder: `options.dataDir`, else `$ACTIVESYNTH_DATA`, else `<repo>/../shared/data`.
 * @throws Error naming the path and how to point at another one when the folder does not exist.
 */
export function resolveDataDir(options: LoadTaskOptions = {}): string {
  const fromEnv = process.env[DATA_ENV];
  const dir = resolve(options.dataDir ?? (fromEnv && fromEnv !== "" ? fromEnv : defaultDataDir()));
  if (!existsSync(dir)) {
    const how = options.dataDir ? "the dataDir option" : fromEnv ? `$${DATA_ENV}` : "the default";
    throw new Error(
      `data folder not found: ${dir} (from ${how}); point at your copy with --data <dir>, the dataDir option or ${DATA_ENV}`,
    );
  }
  return dir;
}

/** Path of one dataset file under the data folder (existence is checked when it is read). */
export function dataFile(options: LoadTaskOptions, ...parts: string[]): string {
  return join(resolveDataDir(options), ...parts);
}

/**
 * A seeded random subset of at most `max` items, in their original order; all of them when
 * `max` is undefined or not smaller than the list.
 */
export function capExamples(items: Example[], max: number | undefined, seed: number, salt: string): Example[] {
  if (max === undefined || max >= items.length) return items;
  if (!Number.isInteger(max) || max < 0) throw new Error(`a size cap must be a non-negative integer (got ${max})`);
  const rng = makeRng(mixSeed(seed, salt));
  const keep = new Set(rng.shuffle(items.map((_, i) => i)).slice(0, max));
  return items.filter((_, i) => keep.has(i));
}

/** Applies `maxSeeds`/`maxTest`/`limit` to a seed pool and test set. */
export function applyCaps(
  name: string,
  seeds: Example[],
  test: Example[],
  options: LoadTaskOptions,
): { seeds: Example[]; test: Example[] } {
  const seed = options.seed ?? 0;
  const min = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  return {
    seeds: capExamples(seeds, min(options.maxSeeds, options.limit), seed, `${name}/seeds`),
    test: capExamples(test, min(options.maxTest, options.limit), seed, `${name}/test`),
  };
}

/**
 * Splits one list into (seeds, test) with a seeded shuffle; `testFraction` of the items
 * (rounded, at least 1) go to test. Both parts keep the original order.
 */
export function seededSplit<T>(items: T[], testFraction: number, seed: number, salt: string): { seeds: T[]; test: T[] } {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0, 1) (got ${testFraction})`);
  const nTest = Math.max(1, Math.round(items.length * testFraction));
  const rng = makeRng(mixSeed(seed, salt));
  const testIdx = new Set(rng.shuffle(items.map((_, i) => i)).slice(0, nTest));
  return { seeds: items.filter((_, i) => !testIdx.has(i)), test: items.filter((_, i) => testIdx.has(i)) };
}
