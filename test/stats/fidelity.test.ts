import { test } from "node:test";
import assert from "node:assert/strict";
import { fidelity } from "../../lib/stats/fidelity.js";

test("medians per group, dataset-level and point-level Spearman (values from scipy)", () => {
  const groups = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "d"];
  const seedScores = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const syntheticScores = [2, 1, 4, 3, 6, 5, 9, 7, 8, 0];
  const r = fidelity({ seedScores, syntheticScores, groups });
  assert.deepEqual(r.groups.map((g) => [g.group, g.n, g.seedMedian, g.syntheticMedian]), [
    ["a", 3, 2, 2], ["b", 3, 5, 5], ["c", 3, 8, 8], ["d", 1, 10, 0],
  ]);
  assert.equal(r.groups[3]!.spearman, null);
  // /usr/bin/python3 -c "from scipy.stats import spearmanr; print(repr(spearmanr([2,5,8,10],[2,5,8,0])))"
  //   -> SignificanceResult(statistic=-0.19999999999999998, pvalue=0.8)
  assert.ok(Math.abs(r.datasetLevel!.rho - -0.19999999999999998) < 1e-12);
  assert.ok(Math.abs(r.datasetLevel!.pValue - 0.8) < 1e-9);
  // /usr/bin/python3 -c "from scipy.stats import spearmanr; print(repr(spearmanr(range(1,11),[2,1,4,3,6,5,9,7,8,0])))"
  //   -> SignificanceResult(statistic=0.38181818181818183, pvalue=0.27625533338543595)
  assert.ok(Math.abs(r.pointLevel.rho - 0.38181818181818183) < 1e-12);
  assert.ok(Math.abs(r.pointLevel.pValue - 0.27625533338543595) < 1e-9);
  // group a: spearmanr([1,2,3],[2,1,4]) -> 0.5, p 0.6666666666666667
  assert.equal(r.groups[0]!.spearman!.rho, 0.5);
});

test("fewer than 3 groups: no dataset-level correlation; even groups use the mean of the middle two", () => {
  const r = fidelity({ seedScores: [1, 2, 3, 4], syntheticScores: [1.5, 2.5, 2, 5], groups: ["a", "a", "b", "b"] });
  assert.equal(r.datasetLevel, null);
  assert.deepEqual(r.groups.map((g) => [g.seedMedian, g.syntheticMedian]), [[1.5, 2], [3.5, 3.5]]);
  assert.ok(Math.abs(r.pointLevel.rho - 0.7999999999999999) < 1e-12); // scipy: spearmanr([1,2,3,4],[1.5,2.5,2,5]) -> 0.7999999999999999
});

test("errors", () => {
  assert.throws(() => fidelity({ seedScores: [1, 2, 3, 4], syntheticScores: [1, 2, 3, 4], groups: ["a", "a", "a"] }), {
    message: "fidelity requires seedScores, syntheticScores and groups of equal length (got 4, 4 and 3)",
  });
  assert.throws(() => fidelity({ seedScores: [1, 2], syntheticScores: [1, 2], groups: ["a", "a"] }), { message: "fidelity requires at least 3 pairs (got 2)" });
  assert.throws(() => fidelity({ seedScores: [1, NaN, 3], syntheticScores: [1, 2, 3], groups: ["a", "a", "a"] }), {
    message: "fidelity requires finite scores (seedScores[1] = NaN)",
  });
});
