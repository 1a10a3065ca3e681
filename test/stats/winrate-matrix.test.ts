import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizedAuc } from "../../lib/stats/curve.js";
import { winrateMatrix, type WinrateCell } from "../../lib/stats/winrate-matrix.js";

function cell(seed: number, method: string, acc: number[], xs = [10, 20, 40]): WinrateCell {
  return { dataset: "d", model: "m", seed, method, curve: acc.map((accuracy, i) => ({ x: xs[i]!, accuracy })) };
}

test("worked example of the doc: one cell, a beats b and c, b ties c", () => {
  const r = winrateMatrix([cell(1, "a", [0.5]), cell(1, "b", [0.4]), cell(1, "c", [0.4])], { rule: "final" });
  assert.deepEqual(r.methods, ["a", "b", "c"]);
  assert.deepEqual(r.wins, [[0, 1, 1], [0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(r.ties, [[0, 0, 0], [0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(r.overall.map((o) => o.lossRate), [0, 0.5, 0.5]);
  assert.deepEqual(r.overall.map((o) => o.tieRate), [0, 0.5, 0.5]);
  assert.ok(Number.isNaN(r.winRate[0]![0]));
});

test("final and auc rules can disagree; counts over cells by hand", () => {
  // a: fast start, low end; b: slow start, high end
  const cells = [
    cell(1, "a", [0.6, 0.6, 0.5]), cell(1, "b", [0.2, 0.4, 0.55]),
    cell(2, "a", [0.6, 0.6, 0.6]), cell(2, "b", [0.2, 0.4, 0.55]),
    cell(3, "a", [0.1, 0.1, 0.1]), // b missing in cell 3: no comparison
  ];
  const fin = winrateMatrix(cells, { rule: "final" });
  assert.equal(fin.cells, 3);
  assert.deepEqual(fin.comparisons, [[0, 2], [2, 0]]);
  assert.deepEqual(fin.wins, [[0, 1], [1, 0]]); // cell 1: b (0.55 > 0.5); cell 2: a (0.6 > 0.55)
  assert.deepEqual(fin.winRate.map((r) => r.map((v) => (Number.isNaN(v) ? -1 : v))), [[-1, 0.5], [0.5, -1]]);
  const auc = winrateMatrix(cells, { rule: "auc" });
  // AUC a (cell 1) = (10*(0.6+0.6)/2 + 20*(0.6+0.5)/2)/30 = 0.5666..., b = (10*0.6/2 + 20*0.95/2)/30 = 0.4166...
  assert.ok(Math.abs(normalizedAuc([10, 20, 40], [0.6, 0.6, 0.5]) - 17 / 30) < 1e-12);
  assert.deepEqual(auc.wins, [[0, 2], [0, 0]]);
  assert.deepEqual(auc.overall.map((o) => o.lossRate), [0, 1]);
});

test("tieTolerance turns near-equal values into ties", () => {
  const cells = [cell(1, "a", [0.5]), cell(1, "b", [0.5005])];
  assert.deepEqual(winrateMatrix(cells, { rule: "final" }).wins, [[0, 0], [1, 0]]);
  const t = winrateMatrix(cells, { rule: "final", tieTolerance: 0.001 });
  assert.deepEqual(t.wins, [[0, 0], [0, 0]]);
  assert.deepEqual(t.ties, [[0, 1], [1, 0]]);
});

test("bootstrap over cells: bounds bracket the estimate, reproducible", () => {
  const cells: WinrateCell[] = [];
  for (let s = 0; s < 10; s++) {
    cells.push(cell(s, "a", [0.5 + (s % 3 === 0 ? -0.2 : 0.1)]), cell(s, "b", [0.5]));
  }
  const r = winrateMatrix(cells, { rule: "final", bootstrap: { resamples: 500, seed: 2 } });
  assert.equal(r.overall[0]!.lossRate, 0.4); // a loses in cells 0, 3, 6, 9
  assert.ok(r.overall[0]!.lower! < 0.4 && r.overall[0]!.upper! > 0.4);
  assert.ok(r.winRateLower![0]![1]! < 0.6 && r.winRateUpper![0]![1]! > 0.6);
  assert.deepEqual(winrateMatrix(cells, { rule: "final", bootstrap: { resamples: 500, seed: 2 } }), r);
});

test("errors", () => {
  assert.throws(() => winrateMatrix([], { rule: "final" }), { message: "winrateMatrix requires at least 1 cell" });
  assert.throws(() => winrateMatrix([cell(1, "a", [1]), cell(1, "a", [1])], { rule: "final" }), {
    message: "winrateMatrix requires one curve per (dataset, model, seed, method) (cells[1] repeats d/m/1/a)",
  });
  assert.throws(() => winrateMatrix([{ ...cell(1, "a", [1]), curve: [] }], { rule: "auc" }), { message: "winrateMatrix requires a non-empty curve (cells[0])" });
  assert.throws(() => winrateMatrix([cell(1, "a", [0.1, NaN])], { rule: "auc" }), {
    message: "winrateMatrix requires finite x and accuracy (cells[0].curve[1].accuracy = NaN)",
  });
});
