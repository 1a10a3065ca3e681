// The selection code as it was before projectFor (2026-12-02), kept as the side-by-side baseline of bench/select-scale.ts.
/**
 * Pure set-selection over vectors: k-means++ seeding (BADGE) and greedy k-center (core-set).
 * Euclidean distances; O(n x m x d) time, O(n) extra memory.
 */
import type { Rng } from "../../lib/util/rng.js";

/** Squared Euclidean distance. @example sqDist([0, 0], [3, 4]) // 25 */
export function sqDist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** Euclidean norm. @example norm([3, 4]) // 5 */
export function norm(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x * x;
  return Math.sqrt(s);
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007), as BADGE uses it: the first pick is the vector
 * of largest norm, each next one is drawn with probability proportional to its squared distance
 * to the nearest pick. Returns min(m, n) distinct indices in pick order. When every remaining
 * vector coincides with a pick (all distances 0), the rest are drawn uniformly.
 * @throws when m is not a positive integer
 * @example kMeansPlusPlus([[0], [1], [10]], 2, makeRng(0)) // [2, then 0 or 1]
 */
export function kMeansPlusPlus(vectors: readonly number[][], m: number, rng: Rng): number[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`kMeansPlusPlus requires a positive integer m, got ${m}`);
  const n = vectors.length;
  if (n === 0) return [];
  let first = 0;
  for (let i = 1; i < n; i++) if (norm(vectors[i]!) > norm(vectors[first]!)) first = i;
  const picked = [first];
  const d = vectors.map((v) => sqDist(v, vectors[first]!));
  const taken = new Set(picked);
  while (picked.length < Math.min(m, n)) {
    const total = d.reduce((s, x, i) => (taken.has(i) ? s : s + x), 0);
    let next = -1;
    if (total > 0) {
      let u = rng.next() * total;
      for (let i = 0; i < n; i++) {
        if (taken.has(i) || d[i] === 0) continue;
        next = i;
        if ((u -= d[i]!) < 0) break;
      }
    } else {
      next = rng.pick([...Array(n).keys()].filter((i) => !taken.has(i)));
    }
    picked.push(next);
    taken.add(next);
    for (let i = 0; i < n; i++) d[i] = Math.min(d[i]!, sqDist(vectors[i]!, vectors[next]!));
  }
  return picked;
}

/**
 * Greedy k-center (Sener & Savarese 2018): repeatedly picks the vector farthest from its nearest
 * center, starting from `centers` (indices already chosen, e.g. earlier iterations' seeds; they are
 * not returned again). With no centers the first pick is drawn by `rng`. Returns min(m, n - centers)
 * distinct indices with the distance each had to its nearest center when picked (the covering radius).
 * @throws when m is not a positive integer
 * @example kCenterGreedy([[0], [1], [10]], 1, [0], makeRng(0)) // [{ index: 2, distance: 10 }]
 */
export function kCenterGreedy(vectors: readonly number[][], m: number, centers: readonly number[], rng: Rng): { index: number; distance: number }[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`kCenterGreedy requires a positive integer m, got ${m}`);
  const n = vectors.length;
  const taken = new Set(centers);
  const d = new Array<number>(n).fill(Infinity);
  const out: { index: number; distance: number }[] = [];
  const cover = (c: number) => {
    for (let i = 0; i < n; i++) d[i] = Math.min(d[i]!, sqDist(vectors[i]!, vectors[c]!));
  };
  for (const c of taken) cover(c);
  while (out.length < m && taken.size < n) {
    let next = -1;
    if (taken.size === 0) next = rng.int(0, n - 1);
    else for (let i = 0; i < n; i++) if (!taken.has(i) && (next < 0 || d[i]! > d[next]!)) next = i;
    out.push({ index: next, distance: Number.isFinite(d[next]) ? Math.sqrt(d[next]!) : 0 });
    taken.add(next);
    cover(next);
  }
  return out;
}

/** Smallest pairwise distance among the picked vectors (how spread a set is); Infinity for fewer than 2. */
export function minPairwiseDistance(vectors: readonly number[][], picked: readonly number[]): number {
  let best = Infinity;
  for (let a = 0; a < picked.length; a++) for (let b = a + 1; b < picked.length; b++) best = Math.min(best, Math.sqrt(sqDist(vectors[picked[a]!]!, vectors[picked[b]!]!)));
  return best;
}
