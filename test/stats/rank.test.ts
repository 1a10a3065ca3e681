import { test } from "node:test";
import assert from "node:assert/strict";
import { rank } from "../../lib/stats/rank.js";

test("average ranks for ties (scipy rankdata([10, 20, 10, 30]) = [1.5, 3, 1.5, 4])", () => {
  assert.deepEqual([...rank([10, 20, 10, 30])], [1.5, 3, 1.5, 4]);
});

test("0/1 data: two blocks of ties", () => {
  // scipy: rankdata([0,1,1,0,1]) = [1.5, 4, 4, 1.5, 4]
  assert.deepEqual([...rank([0, 1, 1, 0, 1])], [1.5, 4, 4, 1.5, 4]);
});

test("-0 ties with 0; empty input; NaN propagates to every rank", () => {
  assert.deepEqual([...rank([0, -0, 1])], [1.5, 1.5, 3]);
  assert.equal(rank([]).length, 0);
  assert.ok([...rank([1, NaN, 2])].every(Number.isNaN));
});

test("radix path (n >= 2048) matches scipy, with ties, Infinity, -1e300 and -0", () => {
  // /usr/bin/python3 -c "import numpy as np; from scipy.stats import rankdata;
  //   v=np.concatenate([((np.arange(3000)*7919)%1009-504)/4.0,[np.inf,-1e300,-0.0]]); r=rankdata(v);
  //   print([r[k] for k in (0,1,2,100,2999,3000,3001,3002)], r.sum())"
  // -> [3.0, 2549.0, 2094.0, 2513.0, 740.0, 3003.0, 1.0, 1501.5] 4510506.0
  const v = Array.from({ length: 3000 }, (_, i) => (((i * 7919) % 1009) - 504) / 4);
  v.push(Infinity, -1e300, -0);
  const r = rank(v);
  assert.deepEqual([0, 1, 2, 100, 2999, 3000, 3001, 3002].map((k) => r[k]), [3, 2549, 2094, 2513, 740, 3003, 1, 1501.5]);
  assert.equal(r.reduce((a, b) => a + b, 0), 4510506);
});

test("radix and search paths agree on random tied data with negatives", () => {
  let s = 12345;
  const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const big = Array.from({ length: 5000 }, () => Math.round(next() * 200) / 10);
  const full = rank(big);
  // the search path is used below 2048 values: rank a slice and compare with ranks recomputed by counting
  const small = big.slice(0, 500);
  const r = rank(small);
  for (let i = 0; i < 500; i += 37) {
    const less = small.filter((u) => u < small[i]!).length;
    const equal = small.filter((u) => u === small[i]).length;
    assert.equal(r[i], less + (equal + 1) / 2);
  }
  for (let i = 0; i < 5000; i += 311) {
    const less = big.filter((u) => u < big[i]!).length;
    const equal = big.filter((u) => u === big[i]).length;
    assert.equal(full[i], less + (equal + 1) / 2);
  }
});
