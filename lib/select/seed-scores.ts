import type { Example } from "../tasks/types.js";

/**
 * One score per seed of a pool, in the pool's order: a read-only map by seed id kept as a
 * Float64Array beside the seeds. Scoring and choosing over a large pool then hash no ids (a map of
 * 100,000 ids costs tens of milliseconds per iteration); the id index is built on the first `get`
 * or `has` only. NaN stands for a seed without a score, which `choose` never picks.
 *
 * @example
 * const seeds = [{ id: "a", task: "t", question: "q", answer: "1" }, { id: "b", task: "t", question: "q", answer: "2" }];
 * const scores = new SeedScores(seeds, Float64Array.of(0.5, 2));
 * scores.get("b") // 2
 */
export class SeedScores implements ReadonlyMap<string, number> {
  private index: Map<string, number> | null = null;

  /** @throws when there is not one score per seed. */
  constructor(
    readonly seeds: readonly Example[],
    /** `column[i]` is the score of `seeds[i]`. */
    readonly column: Float64Array,
  ) {
    if (column.length !== seeds.length) throw new Error(`SeedScores needs one score per seed: ${column.length} scores for ${seeds.length} seeds`);
  }

  get size(): number {
    return this.seeds.length;
  }

  private indexOf(id: string): number | undefined {
    if (this.index === null) {
      this.index = new Map();
      this.seeds.forEach((s, i) => this.index!.set(s.id, i));
    }
    return this.index.get(id);
  }

  get(id: string): number | undefined {
    const i = this.indexOf(id);
    return i === undefined ? undefined : this.column[i];
  }

  has(id: string): boolean {
    return this.indexOf(id) !== undefined;
  }

  forEach(callback: (value: number, id: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    this.seeds.forEach((s, i) => callback.call(thisArg, this.column[i]!, s.id, this));
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.seeds.length; i++) yield [this.seeds[i]!.id, this.column[i]!];
  }

  *keys(): IterableIterator<string> {
    for (const s of this.seeds) yield s.id;
  }

  *values(): IterableIterator<number> {
    yield* this.column;
  }

  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.entries();
  }
}
