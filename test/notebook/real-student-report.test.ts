// Run: node --test dist/test/notebook/real-student-report.test.js  (after the build). No kernel, no
// store: a hand-made results file of 2 methods x 2 seeds, 2 points a run, 4 test items (add, mul).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  accuracyByKind, checkResultsStructure, checkSummaryAgreement, efficiencyReport, experimentGrid, finalAccuracyReport, findingsReport,
  kindAccuracies, learningCurvesWithRuns, methodRuns, percent, picksByKind, resultsOverview, shareOf, winsReport,
} from "../../lib/notebook/real-student-report.js";
import { COMPACT_RESULTS_FORMAT, type CompactIteration, type CompactResults, type CompactRun } from "../../lib/figures/compact-types.js";

/** A test-set evaluation: right answers of 2 add and 2 mul items. */
function point(iteration: number, add: number, mul: number, selected: Record<string, number> = {}): CompactIteration {
  return {
    iteration, samples: 6 * iteration, teacherTokens: 100 * iteration, accuracy: (add + mul) / 4, testSize: 4,
    byKind: { add: { items: 2, correct: add, accuracy: add / 2 }, mul: { items: 2, correct: mul, accuracy: mul / 2 } },
    selected,
  };
}

function run(criterion: string, seed: number, last: CompactIteration): CompactRun {
  return {
    name: `t-${criterion}-s${seed}`, status: "finished", method: "active", criterion, label: criterion, seed, task: "arith", baseModel: "tiny",
    iterations: [point(0, 2, 0), last],
  };
}

/**
 * loss ends at 100% (seed 0) and 75% (seed 1), random at 50% twice; the base model gets every add
 * and no mul right. The pool holds 9 add and 1 mul; loss picked 5 mul of 6, random 1 of 6.
 */
function fixture(): CompactResults {
  const runs = [
    run("loss", 0, point(1, 2, 2, { add: 1, mul: 2 })),
    run("loss", 1, point(1, 2, 1, { mul: 3 })),
    run("random", 0, point(1, 2, 0, { add: 2, mul: 1 })),
    run("random", 1, point(1, 1, 1, { add: 3 })),
  ];
  return {
    format: COMPACT_RESULTS_FORMAT, description: null, config: {}, pools: { arith: { add: 9, mul: 1 } }, runs,
    summary: {
      methods: ["loss", "random"],
      final: [
        { method: "loss", runs: 2, samples: [6], min: 0.75, max: 1, mean: 0.875 },
        { method: "random", runs: 2, samples: [6], min: 0.5, max: 0.5, mean: 0.5 },
      ],
      curves: [
        { method: "loss", x: [0, 6], mean: [0.5, 0.875], lo: [0.5, 0.75], hi: [0.5, 1] },
        { method: "random", x: [0, 6], mean: [0.5, 0.5], lo: [0.5, 0.5], hi: [0.5, 0.5] },
      ],
      efficiencyGuide: null,
      efficiency: [{
        method: "loss", baseline: "random", seeds: 2, efficiency: null, reached: true, bound: null, lower: null, upper: null, reachedShare: 1,
        dataFraction: 0, methodFinal: { samples: 6, accuracy: 0.875 }, baselineFinal: { samples: 6, accuracy: 0.5 }, sentence: "loss vs random: no ratio.",
      }],
      wins: [{ method: "loss", baseline: "random", wins: 2, ties: 0, losses: 0, comparisons: 2 }],
    },
    findings: [
      { figure: "fig5", label: "Fig 5 loss beats random", value: 1, lower: 1, upper: 1, text: "Fig 5: loss beats random on final accuracy in 2 of 2 cells (100%)" },
      { figure: "fig4", label: "Fig 4 data-efficiency of loss over static", value: null, lower: null, upper: null, text: "Fig 4: no static curve" },
    ],
  };
}

/** The experiment the fixture's runs are: expandExperiment's output, 6 samples in 1 iteration of 2 seeds x 3. */
const planned = ["loss", "random"].flatMap((criterion) => [0, 1].map((seed) => ({
  name: `t-${criterion}-s${seed}`, criterion, seed, budget: { samples: 6 }, perIteration: 2, samplesPerSeed: 3,
})));
const FILE = "data/experiments/t.json";

describe("checkResultsStructure", () => {
  test("the whole experiment passes and says so", () => {
    assert.deepEqual(experimentGrid(planned), { names: planned.map((p) => p.name), methods: ["loss", "random"], seeds: [0, 1], points: 2 });
    const s = checkResultsStructure(fixture(), planned, FILE);
    assert.deepEqual(s.problems, []);
    assert.equal(s.isExperiment, true);
    assert.equal(s.sentence, "The file holds the whole experiment: 2 methods x 2 seeds, every run finished with 2 points (the base model and 1 iterations).");
  });

  test("a missing run, kinds that do not add up and an unfinished run are problems", () => {
    const results = fixture();
    results.runs = results.runs.filter((r) => r.name !== "t-random-s1");
    results.runs[0]!.iterations[1]!.testSize = 5;
    results.runs[1]!.status = "running";
    const s = checkResultsStructure(results, planned, FILE);
    assert.equal(s.isExperiment, true);
    assert.deepEqual(s.problems, [
      "t-loss-s0 t=1: the kinds hold 4 test items, the test set 5",
      "t-loss-s0 t=1: 4 right answers by kind, accuracy 1 of 5",
      "the methods ran different seeds (loss: 0,1; random: 0)",
      "the file lacks 1 of the experiment's 4 runs: t-random-s1",
      "random has 1 seeds, the experiment 2",
      "runs not finished: t-loss-s1",
    ]);
  });

  test("a pilot (runs the experiment does not name) gets the note and only the checks for any outcome", () => {
    const results = fixture();
    for (const r of results.runs) r.name = `pilot-${r.name}`;
    results.runs[3]!.iterations.pop();
    const s = checkResultsStructure(results, planned, FILE);
    assert.equal(s.isExperiment, false);
    assert.deepEqual(s.problems, ["the runs have different numbers of points (2, 1)"]);
    results.runs[3]!.iterations.push(point(1, 1, 1));
    const ok = checkResultsStructure(results, planned, FILE);
    assert.deepEqual(ok.problems, []);
    assert.match(ok.sentence, /^\*\*Note: not the experiment's runs\.\*\* The file's runs \(pilot-t-loss-s0, .*\) are not runs of data\/experiments\/t\.json \(2 methods x 2 seeds, 2 points a run\)/);
    assert.match(ok.sentence, /\(2 methods with the same 2 seeds, 2 points a run, kinds adding up\)\.$/);
  });
});

describe("accuracyByKind", () => {
  test("means over seeds per kind: the base model, then each method at its last iteration", () => {
    const k = accuracyByKind(fixture());
    assert.deepEqual(k.kinds, ["add", "mul"]);
    assert.deepEqual(k.rows, [
      { method: "base (t = 0)", add: "100.0%", mul: "0.0%" },
      { method: "loss", add: "100.0%", mul: "75.0%" },
      { method: "random", add: "75.0%", mul: "25.0%" },
    ]);
    assert.equal(k.caption, "accuracy by kind, mean over seeds (test items: add 2, mul 2)");
    assert.equal(k.weakest, "mul");
    assert.equal(k.sentence, "The base model's weakest kind is **mul** (0.0%); at the last iteration: loss 75.0%, random 25.0%.");
    // the bars are the same means; the whiskers run from the worst seed to the best
    const random = k.figure.data[2]!;
    assert.deepEqual(random.y, [0.75, 0.25]);
    assert.deepEqual((random.error_y as { array: number[]; arrayminus: number[] }).array, [0.25, 0.25]);
    assert.deepEqual((random.error_y as { array: number[]; arrayminus: number[] }).arrayminus, [0.25, 0.25]);
    assert.deepEqual(kindAccuracies(methodRuns(fixture(), "loss"), "mul", "base"), [0, 0]);
  });
});

describe("checkSummaryAgreement", () => {
  test("a summary written from the runs agrees", () => {
    const a = checkSummaryAgreement(fixture());
    assert.deepEqual(a.mismatches, []);
    assert.equal(a.sentence, "The summary agrees with the runs: the final accuracies of 2 methods, 1 win count, and Figure 5's count.");
  });

  test("a final mean, a win count and Figure 5's count that differ from the runs are mismatches", () => {
    const results = fixture();
    results.summary.final[1]!.mean = 0.55;
    results.summary.wins[0]!.wins = 1;
    const a = checkSummaryAgreement(results);
    assert.deepEqual(a.mismatches, [
      "final accuracy of random",
      "loss over random: 2 wins of 2 from the runs, the summary 1 of 2",
      'Figure 5 says "Fig 5: loss beats random on final accuracy in 2 of 2 cells (100%)", the win counts 1 of 2',
    ]);
  });

  test("a win count without its ratio is a mismatch", () => {
    const results = fixture();
    results.summary.efficiency = [];
    assert.deepEqual(checkSummaryAgreement(results).mismatches, ["no ratio of loss over random"]);
  });
});

describe("the other sections", () => {
  test("overview, final accuracy and picks by kind", () => {
    const results = fixture();
    const o = resultsOverview(results, "data/results/t.json");
    assert.equal(o.sentence, "**data/results/t.json**: 4 runs of 2 methods (loss, random) on task arith, student `tiny`.");
    assert.deepEqual(o.rows[0], { method: "loss", seeds: "0, 1", finished: "2 of 2", points: "2", samples: "6" });
    const f = finalAccuracyReport(results);
    assert.deepEqual(f.rows[0], { method: "loss", seeds: 2, samples: "6", base: "50.0%", "final, mean": "87.5%", "final, range over seeds": "75.0% - 100.0%" });
    assert.match(f.sentence, /^Ranked by mean final accuracy: \*\*loss\*\* 87\.5% \(75\.0%-100\.0%\) > \*\*random\*\* 50\.0% \(50\.0%-50\.0%\), after 6 synthetic samples; the base model scores 50\.0% before any\. The ranges do not overlap at the top/);
    const p = picksByKind(results);
    assert.deepEqual(p.picked, { loss: { add: 1, mul: 5 }, random: { add: 5, mul: 1 } });
    assert.equal(p.rare, "mul");
    assert.deepEqual(p.rows[0], { picked: "pool", seeds: 10, add: "90.0%", mul: "10.0%" });
    assert.equal(p.sentence, "The pool holds 10.0% **mul** (1 of 10 seeds). Over all iterations and seeds, the share of mul among the picks: loss 83.3% (5 of 6), random 16.7% (1 of 6).");
    assert.equal(shareOf(p.picked.loss!, "mul"), 5 / 6);
  });

  test("curves, efficiency, wins and findings: notes where the file lacks a part", () => {
    const results = fixture();
    const c = learningCurvesWithRuns(results, "T");
    assert.equal(c.figure.data.filter((t) => t.showlegend === false && t.opacity === 0.35).length, 4, "a thin line per run");
    assert.deepEqual(c.notes, ["note: no efficiency guide lines (the file has no random or static curve, or no active method next to one)"]);
    const e = efficiencyReport(results);
    assert.deepEqual(e.notes, ["note: the file has no static runs: the ratios and win counts over static are skipped"]);
    assert.equal(e.markdown, "- loss vs random: no ratio.");
    assert.equal(e.rows[0]!.efficiency, "n/a");
    const w = winsReport(results);
    assert.deepEqual(w.rows, [{ method: "loss", over: "random", wins: "2 of 2", ties: 0, losses: 0 }]);
    assert.equal(w.markdown, "- **loss** ends above random in 2 of 2 seeds.");
    const g = findingsReport(results);
    assert.equal(g.note, "note: 1 finding(s) without a number in this file: Fig 4 data-efficiency of loss over static");
    assert.deepEqual(g.rows[1], { figure: "fig4", finding: "Fig 4 data-efficiency of loss over static", value: "n/a", "95% CI": "n/a" });
    assert.equal(percent(undefined), "n/a");
  });
});
