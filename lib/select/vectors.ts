/**
 * Pure set-selection over vectors: k-means++ seeding (BADGE) and greedy k-center (core-set).
 * Euclidean distances over packed rows; O(n x m x d) time, bounded by a random projection for
 * large inputs (projectFor); O(n x d) extra memory.
 */
import { makeRng, mixSeed, type Rng } from "../util/rng.js";

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

/** Vectors packed row-major in one Float64Array: the same numbers, summed in the same order, so results are unchanged; only faster. */
interface Packed {
  data: Float64Array;
  n: number;
  dim: number;
}

function pack(vectors: readonly number[][]): Packed {
  const n = vectors.length;
  const dim = n > 0 ? vectors[0]!.length : 0;
  const data = new Float64Array(n * dim);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`vectors must all have the same length: vector ${i} has ${v.length}, the first ${dim}`);
    data.set(v, i * dim);
  });
  return { data, n, dim };
}

function rowSqDist(p: Packed, i: number, j: number): number {
  const { data, dim } = p;
  let s = 0;
  for (let a = i * dim, b = j * dim, end = a + dim; a < end; a++, b++) {
    const d = data[a]! - data[b]!;
    s += d * d;
  }
  return s;
}

/** Work (n x m x dim) above which the vectors are first projected to fewer dimensions (see `projectFor`). */
export const PROJECT_ABOVE = 2e9;

/**
 * The vectors to select on: as they are, or, when n x m x dim passes PROJECT_ABOVE, a seeded
 * Gaussian random projection to k = max(32, PROJECT_ABOVE / (n x m)) dimensions (Johnson and
 * Lindenstrauss: pairwise distances kept within a small factor), which bounds the selection's cost
 * at about PROJECT_ABOVE operations: 100,000 x 256 picks 1,000 in seconds instead of minutes.
 */
export function projectFor(vectors: readonly number[][], m: number): Packed {
  const p = pack(vectors);
  if (p.n * m * p.dim <= PROJECT_ABOVE) return p;
  const k = Math.max(32, Math.ceil(PROJECT_ABOVE / (p.n * m)));
  if (k >= p.dim) return p;
  const rng = makeRng(mixSeed("project", p.n, p.dim, k));
  const r = new Float64Array(p.dim * k);
  for (let i = 0; i < r.length; i += 2) {
    // Box-Muller: two standard normals per draw
    const u = Math.max(rng.next(), 1e-300);
    const v = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u)) / Math.sqrt(k);
    r[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < r.length) r[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  const out = new Float64Array(p.n * k);
  for (let i = 0; i < p.n; i++) {
    for (let a = 0; a < p.dim; a++) {
      const x = p.data[i * p.dim + a]!;
      if (x === 0) continue;
      const row = a * k;
      for (let c = 0; c < k; c++) out[i * k + c]! += x * r[row + c]!;
    }
  }
  return { data: out, n: p.n, dim: k };
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007), as BADGE uses it: the first pick is the vector
 * of largest norm, each next one is drawn with probability proportional to its squared distance
 * to the nearest pick. Returns min(m, n) distinct indices in pick order. When every remaining
 * vector coincides with a pick (all distances 0), the rest are drawn uniformly. Large inputs are
 * projected first (projectFor).
 * @throws when m is not a positive integer
 * @example kMeansPlusPlus([[0], [1], [10]], 2, makeRng(0))[0] // 2
 */
export function kMeansPlusPlus(vectors: readonly number[][], m: number, rng: Rng): number[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`kMeansPlusPlus requires a positive integer m, got ${m}`);
  const n = vectors.length;
  if (n === 0) return [];
  let first = 0;
  for (let i = 1; i < n; i++) if (norm(vectors[i]!) > norm(vectors[first]!)) first = i;
  const p = projectFor(vectors, m);
  const picked = [first];
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = rowSqDist(p, i, first);
  const taken = new Uint8Array(n);
  taken[first] = 1;
  while (picked.length < Math.min(m, n)) {
    let total = 0;
    for (let i = 0; i < n; i++) if (!taken[i]) total += d[i]!;
    let next = -1;
    if (total > 0) {
      let u = rng.next() * total;
      for (let i = 0; i < n; i++) {
        if (taken[i] || d[i] === 0) continue;
        next = i;
        if ((u -= d[i]!) < 0) break;
      }
    } else {
      next = rng.pick([...Array(n).keys()].filter((i) => !taken[i]));
    }
    picked.push(next);
    taken[next] = 1;
    for (let i = 0; i < n; i++) {
      const x = rowSqDist(p, i, next);
      if (x < d[i]!) d[i] = x;
    }
  }
  return picked;
}

/**
 * Greedy k-center (Sener & Savarese 2018): repeatedly picks the vector farthest from its nearest
 * center, starting from `centers` (indices already chosen, e.g. earlier iterations' seeds; they are
 * not returned again). With no centers the first pick is drawn by `rng`. Returns min(m, n - centers)
 * distinct indices with the distance each had to its nearest center when picked (the covering
 * radius; in the projected space when the input was large enough to be projected, see projectFor).
 * @throws when m is not a positive integer
 * @example kCenterGreedy([[0], [1], [10]], 1, [0], makeRng(0)) // [{ index: 2, distance: 10 }]
 */
export function kCenterGreedy(vectors: readonly number[][], m: number, centers: readonly number[], rng: Rng): { index: number; distance: number }[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`kCenterGreedy requires a positive integer m, got ${m}`);
  const n = vectors.length;
  const p = projectFor(vectors, m);
  const taken = new Uint8Array(n);
  let count = 0;
  const d = new Float64Array(n).fill(Infinity);
  const out: { index: number; distance: number }[] = [];
  // covers with center c and returns the farthest vector not taken (one pass)
  const cover = (c: number): number => {
    let far = -1;
    for (let i = 0; i < n; i++) {
      const x = rowSqDist(p, i, c);
      if (x < d[i]!) d[i] = x;
      if (!taken[i] && (far < 0 || d[i]! > d[far]!)) far = i;
    }
    return far;
  };
  let next = -1;
  for (const c of new Set(centers)) {
    taken[c] = 1;
    count++;
  }
  for (const c of new Set(centers)) next = cover(c);
  while (out.length < m && count < n) {
    if (count === 0) next = rng.int(0, n - 1);
    out.push({ index: next, distance: Number.isFinite(d[next]) ? Math.sqrt(d[next]!) : 0 });
    taken[next] = 1;
    count++;
    next = cover(next);
  }
  return out;
}

/** Smallest pairwise distance among the picked vectors (how spread a set is); Infinity for fewer than 2. */
export function minPairwiseDistance(vectors: readonly number[][], picked: readonly number[]): number {
  let best = Infinity;
  for (let a = 0; a < picked.length; a++) for (let b = a + 1; b < picked.length; b++) best = Math.min(best, Math.sqrt(sqDist(vectors[picked[a]!]!, vectors[picked[b]!]!)));
  return best;
}
