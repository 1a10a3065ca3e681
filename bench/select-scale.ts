/**
 * Set selection at scale: greedy k-center (coreset) and k-means++ seeding (badge) on seeded,
 * clustered embeddings. The former implementation (number[][] rows, a Set of taken indices,
 * a separate arg-max pass; bench/baselines/vectors-v1.ts) runs side by side at a size it can
 * finish, then the current one at 100,000 x 256 picking 1,000 (projected, see projectFor), and the
 * projection's effect on the result: the covering radius (largest distance from any vector to its
 * nearest pick, in the original space) of projected against exact picks, just above the threshold.
 *
 *   npm run bench -- select [n=100000] [dim=256] [m=1000]
 */
import { makeRng } from "../lib/util/rng.js";
import { kCenterGreedy, kMeansPlusPlus, PROJECT_ABOVE, sqDist } from "../lib/select/vectors.js";
import * as v1 from "./baselines/vectors-v1.js";

const n = Number(process.argv[2] ?? 100_000);
const dim = Number(process.argv[3] ?? 256);
const m = Number(process.argv[4] ?? 1000);

function clustered(count: number, d: number, seed: number): number[][] {
  const rng = makeRng(seed);
  const centers = Array.from({ length: 50 }, () => Array.from({ length: d }, () => rng.next() * 2 - 1));
  return Array.from({ length: count }, () => {
    const c = rng.pick(centers);
    return c.map((x) => x + (rng.next() - 0.5) * 0.4);
  });
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const out = f();
  return [out, (performance.now() - t0) / 1000];
};

function coveringRadius(vectors: number[][], picks: number[]): number {
  let worst = 0;
  for (const v of vectors) {
    let best = Infinity;
    for (const p of picks) best = Math.min(best, sqDist(v, vectors[p]!));
    worst = Math.max(worst, best);
  }
  return Math.sqrt(worst);
}

// 1. side by side at a size the former code finishes: identical picks, time ratio
const small = clustered(10_000, dim, 1);
const sm = 200;
const [oldC, tOldC] = time(() => v1.kCenterGreedy(small, sm, [], makeRng(3)));
const [newC, tNewC] = time(() => kCenterGreedy(small, sm, [], makeRng(3)));
const [oldB, tOldB] = time(() => v1.kMeansPlusPlus(small, sm, makeRng(3)));
const [newB, tNewB] = time(() => kMeansPlusPlus(small, sm, makeRng(3)));
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
console.log(`select-scale: 10000 x ${dim}, m ${sm} (no projection: ${10_000 * sm * dim} <= ${PROJECT_ABOVE})`);
console.log(`  coreset: former ${tOldC.toFixed(2)} s, now ${tNewC.toFixed(2)} s: ${(tOldC / tNewC).toFixed(1)}x faster; same picks: ${same(oldC.map((p) => p.index), newC.map((p) => p.index))}`);
console.log(`  badge:   former ${tOldB.toFixed(2)} s, now ${tNewB.toFixed(2)} s: ${(tOldB / tNewB).toFixed(1)}x faster; same picks: ${same(oldB, newB)}`);

// 2. the full size
const big = clustered(n, dim, 2);
const [, tBigC] = time(() => kCenterGreedy(big, m, [], makeRng(3)));
const [, tBigB] = time(() => kMeansPlusPlus(big, m, makeRng(3)));
const perPick = tOldC / (10_000 * sm * dim);
console.log(`\n${n} x ${dim}, m ${m} (projected: ${n * m * dim} > ${PROJECT_ABOVE}): coreset ${tBigC.toFixed(1)} s, badge ${tBigB.toFixed(1)} s; ` +
  `the former code at its measured speed: about ${(perPick * n * m * dim).toFixed(0)} s each`);

// 3. what the projection changes, just above the threshold
const nn = Math.ceil((PROJECT_ABOVE * 1.3) / (256 * dim));
const mid = clustered(nn, dim, 4);
const exact = v1.kCenterGreedy(mid, 256, [], makeRng(5)).map((p) => p.index);
const projected = kCenterGreedy(mid, 256, [], makeRng(5)).map((p) => p.index);
const overlap = projected.filter((i) => new Set(exact).has(i)).length;
const rExact = coveringRadius(mid, exact);
const rProj = coveringRadius(mid, projected);
console.log(`\nprojection effect, ${nn} x ${dim}, m 256 (coreset): covering radius exact ${rExact.toFixed(3)}, projected ${rProj.toFixed(3)} ` +
  `(${(rProj / rExact).toFixed(3)}x); ${overlap}/256 picks in common`);
