import { test } from "node:test";
import assert from "node:assert/strict";
import { makeRng } from "../../lib/util/rng.js";

test("shuffle keeps its seeded orders (stored selections depend on them) and is the permutation applied to the items", () => {
  assert.deepEqual(makeRng(7).shuffle(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]), ["b", "h", "f", "d", "j", "e", "a", "c", "i", "g"]);
  const r = makeRng(3);
  r.shuffle([1, 2, 3]);
  assert.deepEqual(r.shuffle([0, 1, 2, 3, 4, 5, 6, 7]), [5, 4, 0, 1, 6, 2, 7, 3]);
  assert.equal(r.int(0, 1000), 252, "a shuffle of n draws n - 1 numbers");
  const items = Array.from({ length: 50 }, (_, i) => `x${i}`);
  const p = makeRng(11).permutation(items.length);
  assert.deepEqual(makeRng(11).shuffle(items), Array.from(p, (i) => items[i]));
  assert.deepEqual([...p].sort((a, b) => a - b), items.map((_, i) => i));
});
