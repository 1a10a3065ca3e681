import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { assertSnapshot } from "./snapshot.js";
import { fidelityFigure } from "../../lib/plots/fidelity-figure.js";
import { orderingDeltaFigure } from "../../lib/plots/ordering-figure.js";
import { learningCurvesFigure } from "../../lib/plots/learning-curves.js";
import { winrateFigure } from "../../lib/plots/winrate-figure.js";
import { scoreHistogramFigure } from "../../lib/plots/score-histogram.js";
import { selectionsFigure } from "../../lib/plots/selections-figure.js";
import { childrenFigure } from "../../lib/plots/children-figure.js";
import { setPlotWarnings } from "../../lib/plots/warn.js";
import { kindColor, kindColors, methodColor } from "../../lib/plots/palette.js";
import { accuracyAxis } from "../../lib/plots/layout.js";
import { cumulativeAccuracyDelta, fidelity, winrateMatrix } from "../../lib/stats/index.js";
import { experimentSummary } from "../../lib/results/summary.js";

const titleOf = (f: { layout: Record<string, unknown> }) => (f.layout.title as { text: string }).text;
const warnings: string[] = [];
before(() => setPlotWarnings((m) => warnings.push(m)));
after(() => setPlotWarnings(true));

describe("fidelityFigure (Figure 2)", () => {
  const input = { seedScores: [1, 2, 3, 4, 5, 6], syntheticScores: [1.5, 2.5, 2, 5, 4, 7], groups: ["gsm8k", "gsm8k", "gsm8k", "math", "math", "math"] };
  test("snapshot", () => assertSnapshot("fidelity", fidelityFigure(input, { scoreName: "loss" })));
  test("title shows rho to 2 decimals and p; one scatter and one median per group", () => {
    const f = fidelityFigure(input);
    const rho = fidelity(input).pointLevel.rho; // 0.8857142857142858 (scipy.stats.spearmanr gives 0.8857)
    assert.ok(titleOf(f).includes(`Spearman ρ = ${rho.toFixed(2)}`), titleOf(f));
    assert.ok(titleOf(f).includes("ρ = 0.89, p = 0.0188 (6 pairs)"), titleOf(f));
    assert.equal(f.data.length, 1 + 2 * 2 + 1); // diagonal, points and median per group, the diamond's legend entry
    assert.deepEqual(f.data[1]!.x, [1, 2, 3]);
    assert.deepEqual(f.data[2]!.y, [2]); // gsm8k synthetic median
  });
  test("every mark is in the legend: the diamond (medians) and the diagonal", () => {
    const f = fidelityFigure(input);
    const shown = f.data.filter((t) => t.showlegend !== false);
    const diamond = shown.find((t) => (t.marker as { symbol?: string } | undefined)?.symbol === "diamond");
    assert.ok(diamond, "a legend entry drawn as a diamond");
    assert.match(String(diamond.name), /^diamond: a group's median seed and synthetic score$/);
    assert.deepEqual(diamond.x, [null]); // legend only: no point of its own
    assert.ok(shown.some((t) => /y = x/.test(String(t.name))), "the diagonal is named");
    // the medians themselves are drawn as diamonds in their group's color
    const medians = f.data.filter((t) => /median$/.test(String(t.name)));
    assert.deepEqual(medians.map((t) => (t.marker as { symbol: string }).symbol), ["diamond", "diamond"]);
    assert.equal((medians[0]!.marker as { color: string }).color, kindColor("gsm8k"));
  });
  test("across-group rho appears with 3 groups; a group of 2 warns", () => {
    warnings.length = 0;
    const f = fidelityFigure({ seedScores: [1, 2, 3, 4, 5, 6, 7], syntheticScores: [1, 2, 3, 4, 5, 6, 8], groups: ["a", "a", "a", "b", "b", "c", "c"] });
    assert.match(titleOf(f), /across 3 group medians ρ = 1\.00/);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /group "b" has 2 pair/);
  });
});

describe("orderingDeltaFigure (Figure 3)", () => {
  const loss = cumulativeAccuracyDelta({ scores: [5, 4, 3, 2, 1], correct: [0, 0, 1, 1, 1], order: "desc", shuffles: 20 });
  const reward = cumulativeAccuracyDelta({ scores: [5, 4, 3, 2, 1], correct: [1, 0, 1, 0, 1], order: "asc", shuffles: 20 });
  const f = orderingDeltaFigure([{ name: "loss", result: loss }, { name: "reward", result: reward }]);
  test("snapshot", () => assertSnapshot("ordering", f));
  test("x is the cumulative fraction, y the % deltas, zero line, method colors", () => {
    assert.deepEqual(f.data[0]!.x, [0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(f.data[0]!.y, loss.curve.map((p) => p.deltaPercent));
    assert.equal((f.data[0]!.y as number[])[4], 0); // at k = n both orders have the overall accuracy
    assert.equal((f.data[0]!.line as { color: string }).color, "#d62728");
    assert.equal((f.data[1]!.line as { color: string }).color, methodColor("reward"));
    const shapes = f.layout.shapes as Array<{ y0: number; y1: number }>;
    assert.deepEqual([shapes[0]!.y0, shapes[0]!.y1], [0, 0]);
    assert.equal((f.layout.yaxis as { ticksuffix: string }).ticksuffix, "%");
  });
  test("curves of one criterion share its method color and differ by dash", () => {
    const g = orderingDeltaFigure([
      { name: "loss, first iteration", criterion: "loss", dash: "dash", result: loss },
      { name: "loss, final iteration", criterion: "loss", result: loss },
      { name: "entropy, first iteration", criterion: "entropy", dash: "dash", result: reward },
    ]);
    const lines = g.data.map((t) => t.line as { color: string; dash: string });
    assert.deepEqual(lines.map((l) => l.color), [methodColor("loss"), methodColor("loss"), methodColor("entropy")]);
    assert.deepEqual(lines.map((l) => l.dash), ["dash", "solid", "dash"]);
    assert.notEqual(methodColor("loss"), methodColor("entropy"));
  });
  test("undefined deltas are gaps (null)", () => {
    const g = orderingDeltaFigure([{ name: "loss", result: { curve: [{ k: 1, accuracy: 1, randomMean: 0, deltaPercent: NaN }], summary: { meanDeltaPercent: NaN, areaDelta: 1, finalAccuracy: 1 } } }]);
    assert.deepEqual(g.data[0]!.y, [null]);
    assert.equal(JSON.parse(JSON.stringify(g)).data[0].y[0], null);
  });
});

describe("learningCurvesFigure (Figure 4)", () => {
  const points = [
    ...([[100, 0.3], [200, 0.4], [400, 0.5]] as [number, number][]).flatMap(([x, a], i) => [
      { runId: "r0", task: "t", method: "random", seed: 0, iteration: i + 1, samples: x, teacherTokens: 0, accuracy: a },
      { runId: "r1", task: "t", method: "random", seed: 1, iteration: i + 1, samples: x, teacherTokens: 0, accuracy: a + 0.02 },
    ]),
    ...([[100, 0.4], [200, 0.5], [400, 0.55]] as [number, number][]).flatMap(([x, a], i) => [
      { runId: "l0", task: "t", method: "loss", seed: 0, iteration: i + 1, samples: x, teacherTokens: 0, accuracy: a },
      { runId: "l1", task: "t", method: "loss", seed: 1, iteration: i + 1, samples: x, teacherTokens: 0, accuracy: a + 0.02 },
    ]),
  ];
  const summary = experimentSummary(points, { baseline: "random", methods: ["loss"] });
  const f = learningCurvesFigure(summary.curves, { efficiency: summary.efficiencyGuide!, subtitle: "loss: 2.00x" });
  test("snapshot", () => assertSnapshot("learning-curves", f));
  test("bands, means, percent ticks and the efficiency lines", () => {
    assert.equal(f.data.length, 6); // band + mean per method, then legend entries for the bands and the dotted lines
    assert.deepEqual(f.data.slice(4).map((t) => t.name), ["shaded: confidence band over seeds", "dotted: the baseline's final accuracy, and where it is reached"]);
    assert.equal(f.data[1]!.name, "random");
    assert.deepEqual((f.data[1]!.y as number[]).map((v) => Number(v.toFixed(9))), [0.31, 0.41, 0.51]); // mean of the 2 seeds
    assert.equal((f.layout.yaxis as { tickformat: string }).tickformat, ".0%");
    const shapes = f.layout.shapes as Array<Record<string, number>>;
    // random ends at 0.51 (x = 400); loss's mean (0.41, 0.51, 0.56) reaches 0.51 at x = 200: efficiency 2
    assert.equal(summary.efficiencyGuide!.xActive, 200);
    assert.equal(shapes[0]!.y0, summary.efficiencyGuide!.accuracy);
    assert.equal(shapes[1]!.x0, summary.efficiencyGuide!.xActive);
    assert.equal(shapes[2]!.x0, 400);
    assert.match(titleOf(f), /<sup>loss: 2.00x<\/sup>/);
  });
  test("the accuracy axis spans the data, not 0-100%; accuracyRange: \"full\" gives 0-100%", () => {
    // means 0.31-0.57, bands 0.30-0.57 with the guide at 0.51
    const y = f.layout.yaxis as { range: [number, number]; dtick: number; tickformat: string };
    const values = summary.curves.flatMap((c) => [...c.mean, ...c.lo!, ...c.hi!]);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    assert.ok(y.range[0] < lo && y.range[0] > lo - 0.05, `bottom ${y.range[0]} just under the lowest value ${lo}`);
    assert.ok(y.range[1] > hi && y.range[1] < hi + 0.05, `top ${y.range[1]} just over the highest value ${hi}`);
    assert.equal(y.dtick, 0.05); // a span of about 0.3: ticks every 5 points
    assert.equal(y.tickformat, ".0%");
    // the vertical guide lines start at the bottom of the zoomed axis, not at 0
    assert.equal((f.layout.shapes as Array<{ y0: number }>)[1]!.y0, y.range[0]);
    const full = learningCurvesFigure(summary.curves, { accuracyRange: "full" }).layout.yaxis as { range: [number, number] };
    assert.ok(full.range[0] <= 0 && full.range[1] >= 1, JSON.stringify(full.range));
  });
  test("accuracyAxis: padding, round steps, never a tick beyond 0% or 100%", () => {
    assert.deepEqual(accuracyAxis([0.62, 0.68]), { range: [0.6152, 0.6848], dtick: 0.01, tick0: 0, tickformat: ".0%" });
    const flat = accuracyAxis([0.65, 0.65]);
    assert.ok(flat.range[1] - flat.range[0] >= 0.04, "a flat curve is not blown up");
    const top = accuracyAxis([0.9, 1]);
    assert.ok(top.range[1] > 1 && top.range[1] < 1 + top.dtick, JSON.stringify(top));
    const wide = accuracyAxis([0, 1]);
    assert.equal(wide.dtick, 0.2);
    assert.ok(wide.range[0] < 0 && wide.range[0] > -wide.dtick);
    assert.deepEqual(accuracyAxis([NaN]).range, [-0.02, 1.02]);
  });
});

describe("winrateFigure (Figure 5)", () => {
  const curve = (a: number) => [{ x: 100, accuracy: a }];
  const cells = [
    { dataset: "d", model: "m", seed: 0, method: "loss", curve: curve(0.6) },
    { dataset: "d", model: "m", seed: 0, method: "random", curve: curve(0.5) },
    { dataset: "d", model: "m", seed: 0, method: "static", curve: curve(0.5) },
    { dataset: "d", model: "m", seed: 1, method: "loss", curve: curve(0.4) },
    { dataset: "d", model: "m", seed: 1, method: "random", curve: curve(0.5) },
    { dataset: "d", model: "m", seed: 1, method: "static", curve: curve(0.3) },
  ];
  const m = winrateMatrix(cells, { rule: "final" });
  const f = winrateFigure(m);
  test("snapshot", () => assertSnapshot("winrate", f));
  test("heat map z equals the matrix (NaN as null); cell text; overall row of loss rates", () => {
    assert.deepEqual(f.data[0]!.z, m.winRate.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))));
    assert.deepEqual(f.data[0]!.z, [[null, 0.5, 1], [0.5, null, 0.5], [0, 0, null]]);
    assert.deepEqual((f.data[0]!.text as string[][])[0], ["", "50%<br>(2)", "100%<br>(2)"]);
    assert.deepEqual(f.data[1]!.z, [m.overall.map((o) => o.lossRate)]);
    assert.deepEqual(f.data[1]!.z, [[0.25, 0.25, 0.75]]);
    // good is blue in both: high win rates above, low loss rates in the overall row
    assert.deepEqual([f.data[0]!.reversescale, f.data[1]!.reversescale], [true, false]);
    assert.match(JSON.stringify(f.layout.annotations), /lower is better/);
  });
});

describe("scoreHistogramFigure", () => {
  const f = scoreHistogramFigure([{ name: "add", values: [0.1, 0.2, 0.25, 0.3] }, { name: "mul", values: [1.5, 2, NaN] }], { bins: 4, xTitle: "loss" });
  test("snapshot", () => assertSnapshot("score-histogram", f));
  test("shared explicit bins over the pooled range; NaN dropped with a warning", () => {
    // 4 bins from 0.1 to 2 with both ends at bin centres: width 1.9 / 3
    const bins = f.data[0]!.xbins as { start: number; end: number; size: number };
    assert.ok(Math.abs(bins.size - 1.9 / 3) < 1e-12 && Math.abs(bins.start - (0.1 - 1.9 / 6)) < 1e-12 && Math.abs(bins.end - (2 + 1.9 / 6)) < 1e-12);
    assert.deepEqual(f.data[1]!.xbins, f.data[0]!.xbins);
    assert.deepEqual(f.data[1]!.x, [1.5, 2]);
    assert.equal(f.layout.barmode, "stack"); // no overlap mixing two colors into an unexplained third
    assert.equal(scoreHistogramFigure([{ name: "add", values: [1, 2] }], { histnorm: "probability" }).layout.barmode, "group");
    warnings.length = 0;
    scoreHistogramFigure([{ name: "mul", values: [1.5, 2, NaN] }]);
    assert.ok(warnings.some((w) => /dropped 1 non-finite value\(s\) of group "mul"/.test(w)));
  });
  test("equal values get one unit-wide range; bad bins throw", () => {
    assert.deepEqual(scoreHistogramFigure([{ name: "a", values: [3, 3] }], { bins: 2 }).data[0]!.xbins, { start: 2.5, end: 3.5, size: 0.5 });
    assert.throws(() => scoreHistogramFigure([], { bins: 0 }), /bins to be a positive integer \(got 0\)/);
  });
});

describe("selectionsFigure", () => {
  const rows = [
    { iteration: 2, kind: "mul", count: 3, method: "loss" }, { iteration: 1, kind: "add", count: 2, method: "loss" },
    { iteration: 1, kind: "mul", count: 1, method: "loss" }, { iteration: 2, kind: "add", count: 1, method: "loss" },
    { iteration: 1, kind: "add", count: 3, method: "random" }, { iteration: 2, kind: "add", count: 2, method: "random" },
    { iteration: 2, kind: "mul", count: 1, method: "random" },
  ];
  test("snapshot (two methods: two-level x axis)", () => assertSnapshot("selections", selectionsFigure(rows)));
  test("stacked counts per kind, sorted, independent of row order", () => {
    const one = selectionsFigure(rows.filter((r) => r.method === "loss"));
    assert.equal(one.layout.barmode, "stack");
    assert.equal((one.layout.yaxis as { dtick?: number }).dtick, 1); // whole seeds: no 0.5 ticks
    assert.deepEqual(one.data.map((t) => t.name), ["add", "mul"]);
    assert.deepEqual(one.data[0]!.x, [1, 2]);
    assert.deepEqual(one.data.map((t) => t.y), [[2, 1], [1, 3]]);
    const two = selectionsFigure([...rows].reverse());
    assert.deepEqual(two.data[0]!.x, [["loss", "loss", "random", "random"], [1, 2, 1, 2]]);
    assert.deepEqual(two.data[1]!.y, [1, 3, 0, 1]);
    assert.deepEqual(selectionsFigure(rows, { normalize: true }).data[1]!.y, [1 / 3, 0.75, 0, 1 / 3]);
    assert.throws(() => selectionsFigure([{ iteration: 1, kind: "a", count: -1 }]), /non-negative finite counts \(rows\[0\]\.count = -1\)/);
  });
  test("one kind only: its own color (not the first of a palette) and a legend", () => {
    const onlyMul = selectionsFigure([{ iteration: 1, kind: "mul", count: 15 }, { iteration: 2, kind: "mul", count: 15 }]);
    assert.equal(onlyMul.data.length, 1);
    assert.equal(onlyMul.layout.showlegend, true);
    assert.equal((onlyMul.data[0]!.marker as { color: string }).color, kindColor("mul"));
    assert.notEqual(kindColor("mul"), kindColor("add"));
  });
});

describe("fixed colors per kind and per method (palette.ts)", () => {
  const colorOf = (f: { data: Array<Record<string, unknown>> }, name: RegExp) =>
    (f.data.find((t) => name.test(String(t.name)))!.marker as { color: string }).color;
  test("the same kind gets the same color in a selections figure and a histogram, whatever else they show", () => {
    const sel = selectionsFigure([{ iteration: 1, kind: "mul", count: 3 }]);
    const sel2 = selectionsFigure([{ iteration: 1, kind: "add", count: 1 }, { iteration: 1, kind: "mul", count: 3 }, { iteration: 1, kind: "sub", count: 2 }]);
    const hist = scoreHistogramFigure([{ name: "sub", values: [0.1] }, { name: "mul", values: [1, 2] }]);
    assert.equal(colorOf(sel, /^mul$/), colorOf(sel2, /^mul$/));
    assert.equal(colorOf(sel, /^mul$/), colorOf(hist, /^mul /));
    assert.equal(colorOf(sel2, /^sub$/), colorOf(hist, /^sub /));
    assert.equal(new Set(["add", "sub", "addsub", "mul"].map(kindColor)).size, 4);
  });
  test("every method has its own fixed color; a method is the same color in learning curves and ordering", () => {
    const methods = ["random", "static", "loss", "entropy", "gt-loss", "margin", "llm2llm", "llm-judge", "llm-judge-hard", "lion", "badge", "coreset", "reward"];
    assert.equal(new Set(methods.map((m) => methodColor(m))).size, methods.length);
    const curves = learningCurvesFigure([{ method: "entropy", x: [0, 1], mean: [0.5, 0.6] }, { method: "loss", x: [0, 1], mean: [0.5, 0.7] }]);
    const order = orderingDeltaFigure([{ name: "loss", result: cumulativeAccuracyDelta({ scores: [2, 1], correct: [0, 1], order: "desc" }) }]);
    assert.equal((curves.data.find((t) => t.name === "loss")!.line as { color: string }).color, (order.data[0]!.line as { color: string }).color);
    // an unknown method's color is a hash of its name: the same at any position
    assert.equal(methodColor("my-method"), methodColor("my-method", 7));
  });
  test("hashed kinds: stable, and two that clash in one figure are told apart", () => {
    assert.equal(kindColor("Algebra"), kindColor("Algebra"));
    const names = Array.from({ length: 60 }, (_, i) => `kind${i}`);
    const a = names[0]!;
    const b = names.find((n) => n !== a && kindColor(n) === kindColor(a))!;
    assert.ok(b, "some name clashes with kind0 in a palette of 14");
    const colors = kindColors([b, a]);
    assert.notEqual(colors.get(a), colors.get(b));
    assert.deepEqual(kindColors([a, b]), colors, "depends on the set of names, not their order");
  });
});

test("the legend is shown with a single trace in every builder", () => {
  const one = [
    fidelityFigure({ seedScores: [1, 2, 3], syntheticScores: [1, 3, 2], groups: ["a", "a", "a"] }),
    orderingDeltaFigure([{ name: "loss", result: cumulativeAccuracyDelta({ scores: [2, 1], correct: [0, 1], order: "desc" }) }]),
    learningCurvesFigure([{ method: "loss", x: [0, 1], mean: [0.5, 0.6] }]),
    scoreHistogramFigure([{ name: "add", values: [1, 2] }]),
    selectionsFigure([{ iteration: 1, kind: "add", count: 1 }]),
  ];
  for (const f of one) assert.equal(f.layout.showlegend, true, titleOf(f));
});

describe("childrenFigure", () => {
  const seed = { id: "s1", question: "What is 2 + 3?", kind: "add", scores: { loss: 1.5 } };
  const children = [
    { id: "c1", question: "What is 4 + <5>?", kind: "add", iteration: 1, scores: { loss: 0.25, entropy: 0.1 } },
    { id: "c2", question: "", iteration: 2, failed: "no final answer" },
  ];
  const f = childrenFigure(seed, children);
  test("snapshot", () => assertSnapshot("children", f));
  test("one row per node, score columns sorted, text escaped, failures shown", () => {
    const cells = (f.data[0]!.cells as { values: string[][] }).values;
    assert.deepEqual(cells[0], ["seed", "child 1", "child 2"]);
    assert.deepEqual((f.data[0]!.header as { values: string[] }).values, ["<b></b>", "<b>id</b>", "<b>kind</b>", "<b>iteration</b>", "<b>entropy</b>", "<b>loss</b>", "<b>question</b>"]);
    assert.deepEqual(cells[5], ["1.500", "0.250", ""]);
    assert.equal(cells[6]![1], "What is 4 + &lt;5&gt;?");
    assert.equal(cells[6]![2], "<i>failed: no final answer</i>");
    assert.match(titleOf(f), /Seed s1 and its synthetic children<br><sup>2 child/);
  });
});

test("builders are deterministic and JSON-clean (no NaN, no functions)", () => {
  const a = JSON.stringify(fidelityFigure({ seedScores: [1, 2, 3], syntheticScores: [3, 2, 1], groups: ["a", "a", "a"] }));
  const b = JSON.stringify(fidelityFigure({ seedScores: [1, 2, 3], syntheticScores: [3, 2, 1], groups: ["a", "a", "a"] }));
  assert.equal(a, b);
  assert.ok(!a.includes("NaN"));
});
