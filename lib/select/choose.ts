import type { Rng } from "../util/rng.js";

export interface Chosen {
  id: string;
  score: number;
}

/**
 * Picks `m` ids from a score map. `top`: the first m in `order` (`desc` high first), ties broken
 * by the seeded RNG. `weighted`: m draws without replacement with probability proportional to the
 * rank weight (n - rank), so high-ranked seeds are likelier but nothing is excluded.
 *
 * @throws when m is not a positive integer.
 * @example choose(new Map([["a", 1], ["b", 3]]), 1, "desc", "top", makeRng(0)) // [{ id: "b", score: 3 }]
 */
export function choose(scores: Map<string, number>, m: number, order: "desc" | "asc", policy: "top" | "weighted", rng: Rng): Chosen[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`choose requires a positive integer m, got ${m}`);
  // random keys first, then a stable sort by score: equal scores end in a seeded random order
  const entries = rng.shuffle([...scores.entries()].filter(([, v]) => !Number.isNaN(v)));
  const sign = order === "desc" ? -1 : 1;
  if (policy === "top") return topM(entries, m, sign).map(([id, score]) => ({ id, score }));
  entries.sort((a, b) => sign * (a[1] - b[1]));
  const pool = entries.map(([id, score], rank) => ({ id, score, weight: entries.length - rank }));
  const out: Chosen[] = [];
  while (out.length < m && pool.length > 0) {
    const total = pool.reduce((s, p) => s + p.weight, 0);
    let u = rng.next() * total;
    let i = 0;
    while (i < pool.length - 1 && u >= pool[i]!.weight) u -= pool[i++]!.weight;
    const [picked] = pool.splice(i, 1);
    out.push({ id: picked!.id, score: picked!.score });
  }
  return out;
}

/**
 * The first m entries of a stable sort by `sign * score`, without sorting all n: the m-th key by
 * selection (O(n)), then the entries before it and, in their order, those equal to it. The same
 * entries in the same order as `entries.sort(...).slice(0, m)`.
 */
function topM(entries: Array<[string, number]>, m: number, sign: number): Array<[string, number]> {
  const byKey = (a: [string, number], b: [string, number]) => sign * (a[1] - b[1]);
  if (m >= entries.length) return entries.sort(byKey);
  const keys = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) keys[i] = sign * entries[i]![1];
  const kth = nthSmallest(keys, m - 1);
  const before: Array<[string, number]> = [];
  const tied: Array<[string, number]> = [];
  for (const e of entries) {
    const k = sign * e[1];
    if (k < kth) before.push(e);
    else if (k === kth && tied.length < m) tied.push(e);
  }
  before.sort(byKey);
  return before.concat(tied.slice(0, m - before.length));
}

/** The k-th smallest value (0-based) of `a`, which it reorders (Hoare's selection). */
function nthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
