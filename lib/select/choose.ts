import type { Rng } from "../util/rng.js";
import type { Example } from "../tasks/types.js";
import { SeedScores } from "./seed-scores.js";

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
export function choose(scores: ReadonlyMap<string, number>, m: number, order: "desc" | "asc", policy: "top" | "weighted", rng: Rng): Chosen[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`choose requires a positive integer m, got ${m}`);
  // random keys first, then a stable sort by score: equal scores end in a seeded random order
  const sign = order === "desc" ? -1 : 1;
  if (policy === "top") {
    if (scores instanceof SeedScores) return chooseSeeds(scores, m, order, rng).map(({ seed, score }) => ({ id: seed.id, score }));
    const ids = [...scores.keys()];
    const column = Float64Array.from(scores.values());
    return topOfColumn(column, m, sign, rng).map((i) => ({ id: ids[i]!, score: column[i]! }));
  }
  const entries = rng.shuffle([...scores.entries()].filter(([, v]) => !Number.isNaN(v)));
  entries.sort((a, b) => sign * (a[1] - b[1]));
  return weightedDraws(entries.length, m, rng).map((r) => ({ id: entries[r]![0], score: entries[r]![1] }));
}

/**
 * m ranks of n drawn without replacement with probability proportional to n - rank: each draw a
 * uniform point in the remaining weight, taken by the first rank whose running sum passes it. A
 * Fenwick tree finds that rank in O(log n), where walking and splicing the list took O(n) per draw;
 * the weights are integers, so the sums are exact and the picks are the walk's, draw for draw.
 */
function weightedDraws(n: number, m: number, rng: Rng): number[] {
  const tree = new Float64Array(n + 1); // tree[i]: the weight of ranks (i - lowbit(i), i], 1-based
  for (let i = 1; i <= n; i++) {
    tree[i] = tree[i]! + n - (i - 1);
    const up = i + (i & -i);
    if (up <= n) tree[up] = tree[up]! + tree[i]!;
  }
  let total = (n * (n + 1)) / 2;
  let top = 1;
  while (top * 2 <= n) top *= 2;
  const out: number[] = [];
  while (out.length < m && out.length < n) {
    let rest = rng.next() * total;
    let at = 0; // ranks 0..at-1 weigh no more than the point
    for (let step = top; step > 0; step >>= 1) {
      if (at + step <= n && tree[at + step]! <= rest) rest -= tree[(at += step)]!;
    }
    // next() < 1 and the sums are exact, so the point lies below the remaining weight: `at` is a
    // rank still in the tree, the first whose running sum passes the point
    const weight = n - at;
    for (let i = at + 1; i <= n; i += i & -i) tree[i] = tree[i]! - weight;
    total -= weight;
    out.push(at);
  }
  return out;
}

/**
 * `choose(scores, m, order, "top", rng)` over a pool's {@link SeedScores}, as the seeds themselves
 * (the same picks in the same order, with the same draws), reading the score column directly: no
 * id is looked up.
 */
export function chooseSeeds(scores: SeedScores, m: number, order: "desc" | "asc", rng: Rng): Array<{ seed: Example; score: number }> {
  if (!Number.isInteger(m) || m < 1) throw new Error(`choose requires a positive integer m, got ${m}`);
  const { column, seeds } = scores;
  return topOfColumn(column, m, order === "desc" ? -1 : 1, rng).map((i) => ({ seed: seeds[i]!, score: column[i]! }));
}

/** The indices of `column`'s first m in `sign` order, NaN left out (as a map's entries without NaN, in column order). */
function topOfColumn(column: Float64Array, m: number, sign: number, rng: Rng): number[] {
  let scored = 0;
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i]!)) scored++;
  const at = scored === column.length ? null : new Uint32Array(scored);
  const keys = new Float64Array(scored);
  for (let i = 0, k = 0; i < column.length; i++) {
    const v = column[i]!;
    if (Number.isNaN(v)) continue;
    if (at) at[k] = i;
    keys[k++] = sign * v;
  }
  const positions = topPositions(keys, m, rng);
  return at ? positions.map((p) => at[p]!) : positions;
}

/**
 * The positions of the first m of `keys` (no NaN) ascending, as `rng.shuffle` of the positions
 * then a stable sort by key would put them, without building or sorting all n: the shuffle as an
 * index permutation (the same random draws), the m-th key by selection (O(n)), then the positions
 * before it and, in shuffled order, those equal to it.
 */
function topPositions(keys: Float64Array, m: number, rng: Rng): number[] {
  const n = keys.length;
  const order = rng.permutation(n);
  const at = (k: number): number => order[k]!;
  if (m >= n) {
    return Array.from({ length: n }, (_, k) => k).sort((a, b) => keys[order[a]!]! - keys[order[b]!]! || a - b).map(at);
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
  return before.concat(tied.slice(0, m - before.length)).map(at);
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
