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
  entries.sort((a, b) => sign * (a[1] - b[1]));
  if (policy === "top") return entries.slice(0, m).map(([id, score]) => ({ id, score }));
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
