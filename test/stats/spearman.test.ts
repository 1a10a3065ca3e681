import { test } from "node:test";
import assert from "node:assert/strict";
import { spearman } from "../../lib/stats/spearman.js";

// Expected values: scipy 1.10.1 (Debian python3-scipy), e.g.
// /usr/bin/python3 -c "from scipy.stats import spearmanr; print(repr(spearmanr([1,2,2,3,4,4,4,5],[2,1,3,3,5,4,4,6])))"
// Tolerances: 1e-10 absolute on rho, 1e-8 relative on the p-value.
function agrees(actual: { rho: number; pValue: number }, rho: number, p: number): void {
  assert.ok(Math.abs(actual.rho - rho) <= 1e-10, `rho ${actual.rho} != ${rho}`);
  assert.ok(Math.abs(actual.pValue - p) <= 1e-8 * Math.abs(p), `p ${actual.pValue} != ${p}`);
}

test("ties get average ranks (scipy: 0.9256265453136692, 0.0009719602101529901)", () => {
  agrees(spearman([1, 2, 2, 3, 4, 4, 4, 5], [2, 1, 3, 3, 5, 4, 4, 6]), 0.9256265453136692, 0.0009719602101529901);
});

test("all-0/1 data (scipy: 0.4082482904638631, 0.24150397191305997)", () => {
  agrees(spearman([0, 1, 1, 0, 1, 0, 1, 1, 0, 1], [0, 1, 0, 0, 1, 1, 1, 1, 0, 0]), 0.4082482904638631, 0.24150397191305997);
});

test("n = 3 (scipy: -0.5, 0.6666666666666667)", () => {
  const r = spearman([1, 2, 3], [3, 1, 2]);
  agrees(r, -0.5, 0.6666666666666667);
  assert.equal(r.n, 3);
});

test("negative correlation (scipy: -0.9856107606091623, 0.0003090856678496699)", () => {
  agrees(spearman([10, 20, 30, 40, 50, 60], [6, 5, 4, 4, 2, 1]), -0.9856107606091623, 0.0003090856678496699);
});

test("tiny p-value keeps its relative accuracy (scipy: 0.9955822328931572, 5.590388595911162e-51)", () => {
  // x = np.arange(50.0); y = x + np.array([(i*7)%5 for i in range(50)])
  const x = Array.from({ length: 50 }, (_, i) => i);
  const y = x.map((v, i) => v + ((i * 7) % 5));
  agrees(spearman(x, y), 0.9955822328931572, 5.590388595911162e-51);
});

// i = np.arange(n); a = ((i*7919)%1009-504)/4; b = ((i*7919)%1009)+((i*104729)%m); spearmanr(a, b)
function largeCase(n: number, m: number): [Float64Array, Float64Array] {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (((i * 7919) % 1009) - 504) / 4;
    b[i] = ((i * 7919) % 1009) + ((i * 104729) % m);
  }
  return [a, b];
}

test("large n, radix ranking path (scipy n=5000: 0.09889342089576059, 2.4130544655936703e-12)", () => {
  agrees(spearman(...largeCase(5000, 10007)), 0.09889342089576059, 2.4130544655936703e-12);
});

test("large n = 100000 (scipy: 0.010031350321200172, 0.0015127228720539041)", () => {
  agrees(spearman(...largeCase(100000, 100003)), 0.010031350321200172, 0.0015127228720539041);
});

test("perfect monotone relation gives rho 1 and p 0 (scipy: 1.0, 0.0)", () => {
  assert.deepEqual(spearman([1, 2, 3, 4], [10, 20, 30, 1000]), { rho: 1, pValue: 0, n: 4 });
});

test("constant input gives NaN rho and p, like scipy (without a warning)", () => {
  const r = spearman([1, 1, 1, 1], [1, 0, 1, 0]);
  assert.ok(Number.isNaN(r.rho) && Number.isNaN(r.pValue));
  assert.equal(r.n, 4);
});

test("NaN: propagate (default) gives NaN; scipy: SignificanceResult(nan, nan)", () => {
  const r = spearman([1, 2, NaN, 4], [1, 2, 3, 4]);
  assert.ok(Number.isNaN(r.rho) && Number.isNaN(r.pValue));
});

test("NaN: omit drops pairs (scipy nan_policy='omit': 0.6, 0.40000000000000013)", () => {
  const r = spearman([1, 2, NaN, 4, 5, 6], [2, 1, 3, NaN, 6, 5], { nan: "omit" });
  agrees(r, 0.6, 0.40000000000000013);
  assert.equal(r.n, 4);
});

test("NaN: throw names the index", () => {
  assert.throws(() => spearman([1, 2, 3, 4, 5], [1, 2, 3, 4, NaN], { nan: "throw" }), {
    message: 'spearman found NaN at index 4 (nan: "throw")',
  });
});

test("errors: length mismatch, fewer than 3 pairs (also after omitting NaN)", () => {
  assert.throws(() => spearman([1, 2, 3], [1, 2, 3, 4]), { message: "spearman requires x and y of equal length (got 3 and 4)" });
  assert.throws(() => spearman([1, 2], [2, 1]), { message: "spearman requires at least 3 pairs (got 2)" });
  assert.throws(() => spearman([1, 2, NaN], [2, 1, 3], { nan: "omit" }), { message: "spearman requires at least 3 pairs (got 2)" });
  assert.throws(() => spearman(new Array(11).fill(1), new Array(11).fill(1), { pValue: "exact" }), {
    message: "spearman exact p-value requires at most 10 pairs (got 11)",
  });
});

// /usr/bin/python3 -c "import numpy as np; from scipy.stats import spearmanr, permutation_test;
//   r = permutation_test((X, Y), lambda x, y: spearmanr(x, y)[0], permutation_type='pairings',
//   n_resamples=np.inf, alternative='two-sided'); print(repr(r.statistic), repr(r.pvalue))"
test("exact p-value equals scipy's exhaustive permutation test (0.058333333333333334)", () => {
  const r = spearman([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], { pValue: "exact" });
  agrees(r, 0.8285714285714287, 0.058333333333333334);
});

test("exact p-value with ties (scipy permutation_test: 0.8088235294117647, 0.08333333333333333)", () => {
  const r = spearman([1, 2, 2, 3, 4, 5], [1, 3, 2, 2, 5, 4], { pValue: "exact" });
  agrees(r, 0.8088235294117647, 0.08333333333333333);
});

test("accepts typed arrays and does not modify its input", () => {
  const x = Float64Array.of(3, 1, 2);
  const r = spearman(x, [1, 2, 3]);
  assert.deepEqual([...x], [3, 1, 2]);
  agrees(r, -0.5, 0.6666666666666667); // scipy: spearmanr([3,1,2],[1,2,3])
});
