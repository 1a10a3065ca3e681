import { test } from "node:test";
import assert from "node:assert/strict";
import { choose, chooseSeeds } from "../../lib/select/choose.js";
import { SeedScores } from "../../lib/select/seed-scores.js";
import type { Example } from "../../lib/tasks/types.js";
import { makeRng } from "../../lib/util/rng.js";

const scores = new Map([
  ["a", 0.1],
  ["b", 0.9],
  ["c", 0.5],
  ["d", 0.9],
  ["e", 0.2],
]);

test("top-m keeps the highest scores for desc order", () => {
  const got = choose(scores, 3, "desc", "top", makeRng(1)).map((c) => c.id);
  assert.deepEqual(new Set(got.slice(0, 2)), new Set(["b", "d"]));
  assert.equal(got[2], "c");
});

test("top-m keeps the lowest scores for asc order", () => {
  assert.deepEqual(choose(scores, 2, "asc", "top", makeRng(1)).map((c) => c.id), ["a", "e"]);
});

test("ties are broken by the seed: the same seed gives the same order, another seed may differ", () => {
  const flat = new Map(Array.from({ length: 50 }, (_, i) => [`s${i}`, 0] as [string, number]));
  const a = choose(flat, 10, "desc", "top", makeRng(7)).map((c) => c.id);
  const b = choose(flat, 10, "desc", "top", makeRng(7)).map((c) => c.id);
  const c = choose(flat, 10, "desc", "top", makeRng(8)).map((c) => c.id);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("uniform tie-breaking: each of 4 tied ids is picked first about a quarter of the time", () => {
  const flat = new Map([["w", 0], ["x", 0], ["y", 0], ["z", 0]]);
  const counts: Record<string, number> = { w: 0, x: 0, y: 0, z: 0 };
  for (let s = 0; s < 4000; s++) counts[choose(flat, 1, "desc", "top", makeRng(s))[0]!.id]!++;
  for (const k of Object.keys(counts)) assert.ok(counts[k]! > 850 && counts[k]! < 1150, `${k}: ${counts[k]}`);
});

test("weighted sampling favours high ranks but reaches low ones, without repeats", () => {
  const many = new Map(Array.from({ length: 20 }, (_, i) => [`s${i}`, i] as [string, number]));
  const picks: Record<string, number> = {};
  for (let s = 0; s < 500; s++) {
    const got = choose(many, 5, "desc", "weighted", makeRng(s)).map((c) => c.id);
    assert.equal(new Set(got).size, 5);
    for (const id of got) picks[id] = (picks[id] ?? 0) + 1;
  }
  assert.ok((picks.s19 ?? 0) > 3 * (picks.s0 ?? 0), `s19 ${picks.s19} vs s0 ${picks.s0}`);
  assert.ok((picks.s0 ?? 0) > 0);
});

test("NaN scores are never selected; m larger than the pool returns the pool", () => {
  const withNaN = new Map([["a", NaN], ["b", 1]]);
  assert.deepEqual(choose(withNaN, 5, "desc", "top", makeRng(0)).map((c) => c.id), ["b"]);
  assert.throws(() => choose(withNaN, 0, "desc", "top", makeRng(0)), /positive integer m/);
});

test("top-m picks exactly what a full stable sort would, ties, infinities and both orders included", () => {
  const reference = (scores: Map<string, number>, m: number, order: "desc" | "asc", seed: number) => {
    const sign = order === "desc" ? -1 : 1;
    const entries = makeRng(seed).shuffle([...scores.entries()].filter(([, v]) => !Number.isNaN(v)));
    return entries.sort((a, b) => sign * (a[1] - b[1])).slice(0, m).map(([id, score]) => ({ id, score }));
  };
  const rng = makeRng(99);
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + rng.int(0, 400);
    const levels = 1 + rng.int(0, 12); // few distinct values: many ties
    const scores = new Map(Array.from({ length: n }, (_, i) => {
      const r = rng.int(0, levels + 2);
      const v = r === levels ? Infinity : r === levels + 1 ? -Infinity : r === levels + 2 ? NaN : r / 3;
      return [`s${i}`, v] as [string, number];
    }));
    const m = 1 + rng.int(0, n + 3);
    for (const order of ["desc", "asc"] as const) {
      assert.deepEqual(choose(scores, m, order, "top", makeRng(trial)), reference(scores, m, order, trial), `trial ${trial}, n ${n}, m ${m}, ${order}`);
    }
  }
});

test("a pool's SeedScores give the picks a Map of the same scores in pool order gives, as seeds, with the same draws", () => {
  const rng = makeRng(5);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + rng.int(0, 300);
    const levels = 1 + rng.int(0, 8);
    const seeds: Example[] = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, task: "t", question: `q${i}`, answer: "" }));
    const column = Float64Array.from(seeds, () => {
      const r = rng.int(0, levels + 2);
      return r === levels ? Infinity : r === levels + 1 ? -Infinity : r === levels + 2 ? NaN : r / 3;
    });
    const asMap = new Map(seeds.map((s, i) => [s.id, column[i]!]));
    const scores = new SeedScores(seeds, column);
    const m = 1 + rng.int(0, n + 3);
    for (const order of ["desc", "asc"] as const) {
      const expected = choose(asMap, m, order, "top", makeRng(trial));
      const picks = chooseSeeds(scores, m, order, makeRng(trial));
      assert.deepEqual(picks.map((p) => ({ id: p.seed.id, score: p.score })), expected, `trial ${trial}, n ${n}, m ${m}, ${order}`);
      assert.ok(picks.every((p) => seeds.includes(p.seed)), "the pool's own seed objects");
      assert.deepEqual(choose(scores, m, order, "top", makeRng(trial)), expected);
      // weighted goes through the map's entries: the pool order, as for the Map
      assert.deepEqual(choose(scores, Math.min(m, 5), order, "weighted", makeRng(trial)), choose(asMap, Math.min(m, 5), order, "weighted", makeRng(trial)));
    }
  }
});

test("SeedScores reads as a map by seed id in pool order, and refuses a column of the wrong length", () => {
  const seeds: Example[] = ["x", "y", "z"].map((id) => ({ id, task: "t", question: id, answer: "" }));
  const scores = new SeedScores(seeds, Float64Array.of(3, NaN, -1));
  assert.equal(scores.size, 3);
  assert.equal(scores.get("z"), -1);
  assert.ok(Number.isNaN(scores.get("y")!));
  assert.equal(scores.get("w"), undefined);
  assert.equal(scores.has("x"), true);
  assert.equal(scores.has("w"), false);
  assert.deepEqual([...scores.keys()], ["x", "y", "z"]);
  assert.deepEqual([...scores].map(([id]) => id), ["x", "y", "z"]);
  assert.deepEqual(new Map(scores), new Map([["x", 3], ["y", NaN], ["z", -1]]));
  const seen: string[] = [];
  scores.forEach((v, id) => seen.push(`${id}=${v}`));
  assert.deepEqual(seen, ["x=3", "y=NaN", "z=-1"]);
  assert.throws(() => new SeedScores(seeds, new Float64Array(2)), /one score per seed: 2 scores for 3 seeds/);
});

test("weighted draws are the former list walk's, draw for draw (ties, infinities, m past the pool)", () => {
  // the former implementation: walk the remaining list, subtracting weights, and splice the pick out
  const reference = (scores: Map<string, number>, m: number, order: "desc" | "asc", seed: number) => {
    const rng = makeRng(seed);
    const sign = order === "desc" ? -1 : 1;
    const entries = rng.shuffle([...scores.entries()].filter(([, v]) => !Number.isNaN(v)));
    entries.sort((a, b) => sign * (a[1] - b[1]));
    const pool = entries.map(([id, score], rank) => ({ id, score, weight: entries.length - rank }));
    const out: Array<{ id: string; score: number }> = [];
    while (out.length < m && pool.length > 0) {
      const total = pool.reduce((s, p) => s + p.weight, 0);
      let u = rng.next() * total;
      let i = 0;
      while (i < pool.length - 1 && u >= pool[i]!.weight) u -= pool[i++]!.weight;
      const [picked] = pool.splice(i, 1);
      out.push({ id: picked!.id, score: picked!.score });
    }
    return out;
  };
  const rng = makeRng(17);
  for (let trial = 0; trial < 300; trial++) {
    const n = trial < 3 ? trial : 1 + rng.int(0, trial < 290 ? 300 : 5000);
    const levels = 1 + rng.int(0, 12);
    const scores = new Map(Array.from({ length: n }, (_, i) => {
      const r = rng.int(0, levels + 2);
      return [`s${i}`, r === levels ? Infinity : r === levels + 1 ? -Infinity : r === levels + 2 ? NaN : r / 3] as [string, number];
    }));
    const m = 1 + rng.int(0, Math.min(n + 3, 400));
    for (const order of ["desc", "asc"] as const) {
      assert.deepEqual(choose(scores, m, order, "weighted", makeRng(trial)), reference(scores, m, order, trial), `trial ${trial}, n ${n}, m ${m}, ${order}`);
    }
  }
});
