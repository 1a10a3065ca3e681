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
  const sign = order === "desc" ? -1 : 1;
  if (policy === "top") return topM(scores, m, sign, rng);
  const entries = rng.shuffle([...scores.entries()].filter(([, v]) => !Number.isNaN(v)));
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
 * What `rng.shuffle(entries without NaN)` then a stable sort by `sign * score` would put first, m
 * of them, without building or sorting all n: the shuffle as an index permutation (the same random
 * draws), the m-th key by selection (O(n)), then the entries before it and, in shuffled order,
 * those equal to it.
 */
function topM(scores: Map<string, number>, m: number, sign: number, rng: Rng): Chosen[] {
  const ids: string[] = [];
  const keys: number[] = [];
  for (const [id, v] of scores) {
    if (Number.isNaN(v)) continue;
    ids.push(id);
    keys.push(sign * v);
  }
  const order = rng.permutation(ids.length);
  const pick = (k: number): Chosen => ({ id: ids[order[k]!]!, score: sign * keys[order[k]!]! });
  const n = ids.length;
  if (m >= n) {
    const all = Array.from({ length: n }, (_, k) => k).sort((a, b) => keys[order[a]!]! - keys[order[b]!]! || a - b);
    return all.map(pick);
  }
  const kth = nthSmallest(Float64Array.from(keys), m - 1);
  const before: number[] = [];
  const tied: number[] = [];
  for (let k = 0; k < n; k++) {
    const key = keys[order[k]!]!;
    if (key < kth) before.push(k);
    else if (key === kth && tied.length < m) tied.push(k);
  }
  before.sort((a, b) => keys[order[a]!]! - keys[order[b]!]! || a - b);
  return before.concat(tied.slice(0, m - before.length)).map(pick);
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
