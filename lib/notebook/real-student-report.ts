/**
 * The report of a real-student experiment from its compact results file (`activesynth results`,
 * {@link CompactResults}), shared by the notebooks that replot one (real-student.ipynb,
 * real-student-proofwriter.ipynb): no store, no model. Each section of the report is one function
 * that returns what the notebook shows (table rows, a plotly figure, a markdown sentence, notes)
 * and what it checks (problems, mismatches); the notebook shows them and throws on a failed check.
 *
 *   const results = parseCompactResults(readFileSync("../data/results/smollm2-paper.json", "utf8"));
 *   const planned = expandExperiment(JSON.parse(readFileSync("../data/experiments/smollm2-paper.json", "utf8")));
 *   const structure = checkResultsStructure(results, planned, "data/experiments/smollm2-paper.json");
 *   if (structure.problems.length > 0) throw new Error(structure.problems.join("; "));
 *   showMarkdown(structure.sentence);
 *
 * The sentences say what the file holds, whatever the outcome; a claim about one experiment
 * (which kind a criterion picks, say) stays in its notebook. Pure: no I/O.
 */
import type { CompactIteration, CompactResults, CompactRun } from "../figures/compact-types.js";
import { accuracyAxis, baseLayout } from "../plots/layout.js";
import { learningCurvesFigure } from "../plots/learning-curves.js";
import { methodColor } from "../plots/palette.js";
import { selectionsFigure, type SelectionCount } from "../plots/selections-figure.js";
import type { Figure } from "../plots/types.js";

/** A row of a table the notebook shows with `showTable`. */
export type ReportRow = Record<string, string | number>;

/** The baselines the efficiency ratios and win counts are taken over. */
const BASELINES = ["random", "static"];

// ---- small helpers (exported: the notebooks' own claim cells use them) ---------------------------

/**
 * A fraction as a percentage, "n/a" for anything not a number.
 * @example percent(0.5) // "50.0%"
 * @example percent(null) // "n/a"
 */
export function percent(value: number | null | undefined, digits = 1): string {
  return typeof value === "number" ? `${(100 * value).toFixed(digits)}%` : "n/a";
}

/**
 * The mean of the values (NaN for none).
 * @example meanOf([1, 2, 6]) // 3
 */
export function meanOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * A count with its noun, plural unless one.
 * @example plural(1, "seed") // "1 seed"
 * @example plural(5, "run") // "5 runs"
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The runs of a method: those whose curve label (`CompactRun.label`) is it, in the file's order. */
export function methodRuns(results: CompactResults, method: string): CompactRun[] {
  return results.runs.filter((r) => r.label === method);
}

/** A run's last evaluated iteration (undefined for a run without one). */
export function lastIteration(run: CompactRun): CompactIteration | undefined {
  return run.iterations[run.iterations.length - 1];
}

/**
 * The accuracies of the runs on the test items of one kind, at the base model (t = 0, the first
 * point) or at each run's last iteration; runs without items of the kind are left out.
 * @example
 * const mul = (correct) => ({ byKind: { mul: { items: 2, correct, accuracy: correct / 2 } } });
 * kindAccuracies([{ iterations: [mul(0), mul(1)] }, { iterations: [mul(0), mul(2)] }], "mul", "last") // [0.5, 1]
 */
export function kindAccuracies(runs: readonly CompactRun[], kind: string, at: "base" | "last"): number[] {
  return runs
    .map((r) => (at === "base" ? r.iterations[0] : lastIteration(r))?.byKind[kind]?.accuracy)
    .filter((v): v is number => typeof v === "number");
}

/**
 * The share of `kind` among the counts (0 when there are none).
 * @example shareOf({ add: 3, mul: 1 }, "mul") // 0.25
 */
export function shareOf(counts: Record<string, number>, kind: string): number {
  return (counts[kind] ?? 0) / Math.max(1, Object.values(counts).reduce((a, b) => a + b, 0));
}

const pointsOf = (r: CompactRun) => r.iterations.length;
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

// ---- what the file holds --------------------------------------------------------------------------

/**
 * The file in one sentence (runs, methods, task, student, the runs' description as a quote) and a
 * row per method: its seeds, how many runs finished, the points a run has and the samples at its
 * last one (distinct values joined by " / ").
 */
export function resultsOverview(results: CompactResults, resultsFile: string): { sentence: string; rows: ReportRow[] } {
  const methods = results.summary.methods;
  const sentence =
    `**${resultsFile}**: ${plural(results.runs.length, "run")} of ${plural(methods.length, "method")} (${methods.join(", ")}) on task ` +
    `${distinct(results.runs.map((r) => r.task)).join(", ")}, student \`${distinct(results.runs.map((r) => r.baseModel)).join(", ")}\`.` +
    (results.description ? `\n\n> ${results.description}` : "");
  const rows = methods.map((m) => {
    const runs = methodRuns(results, m);
    return {
      method: m,
      seeds: runs.map((r) => r.seed).join(", "),
      finished: `${runs.filter((r) => r.status === "finished").length} of ${runs.length}`,
      points: distinct(runs.map(pointsOf)).join(" / "),
      samples: distinct(runs.map((r) => lastIteration(r)?.samples)).join(" / "),
    };
  });
  return { sentence, rows };
}

// ---- structure ----------------------------------------------------------------------------------

/** A run the experiment file plans, as `expandExperiment` returns it: the fields the checks read. */
export interface PlannedRun {
  name: string;
  method?: string;
  criterion: string;
  seed: number;
  budget: { samples: number };
  perIteration: number;
  samplesPerSeed: number;
}

/** The grid an experiment file plans. */
export interface ExperimentGrid {
  /** Every planned run's name. */
  names: string[];
  /** The methods in order of first appearance: each run's criterion, or `static`. */
  methods: string[];
  seeds: number[];
  /** Points a run has when it finishes: the base model (t = 0) and one per iteration, budget / (seeds per iteration x samples per seed). */
  points: number;
}

/**
 * The grid of an experiment file's runs (`expandExperiment`'s output); the points come from the
 * first run's budget.
 * @throws {Error} "the experiment file plans no runs" when the list is empty
 * @example experimentGrid([{ name: "loss-s0", criterion: "loss", seed: 0, budget: { samples: 48 }, perIteration: 8, samplesPerSeed: 3 }]).points // 3
 */
export function experimentGrid(planned: readonly unknown[]): ExperimentGrid {
  const runs = planned as readonly PlannedRun[];
  const first = runs[0];
  if (!first) throw new Error("the experiment file plans no runs");
  return {
    names: runs.map((c) => c.name),
    methods: distinct(runs.map((c) => (c.method === "static" ? "static" : c.criterion))),
    seeds: distinct(runs.map((c) => c.seed)),
    points: first.budget.samples / (first.perIteration * first.samplesPerSeed) + 1,
  };
}

/** What {@link checkResultsStructure} found. */
export interface StructureReport {
  /** Every run of the file is a run of the experiment (by name); otherwise a pilot or another experiment. */
  isExperiment: boolean;
  /** What fails, one phrase each; empty when the file passes. */
  problems: string[];
  /** What the file is, for the notebook to show when there are no problems (a pilot gets a bold note). */
  sentence: string;
}

/**
 * The structural checks of a results file against the experiment it reports. For any file: the
 * kinds' test items add up to the test size and their right answers to the accuracy, every
 * method ran the same seeds, every run has the same number of points. When every run of the file
 * is one of the experiment's (`isExperiment`), also: every planned run is there and finished,
 * the same methods, one run per planned seed, and the planned number of points a run.
 * @param planned the experiment file's runs, `expandExperiment(JSON.parse(text), file)`
 * @param experimentFile the experiment file's name as the sentences give it
 * @example
 * const planned = [{ name: "loss-s0", criterion: "loss", seed: 0, budget: { samples: 6 }, perIteration: 2, samplesPerSeed: 3 }];
 * checkResultsStructure({ runs: [], summary: { methods: ["loss"] } }, planned, "e.json").problems // ["the file lacks 1 of the experiment's 1 runs: loss-s0", "loss has 0 seeds, the experiment 1"]
 */
export function checkResultsStructure(results: CompactResults, planned: readonly unknown[], experimentFile: string): StructureReport {
  const grid = experimentGrid(planned);
  const methods = results.summary.methods;
  const isExperiment = results.runs.every((r) => grid.names.includes(r.name));
  const problems: string[] = [];
  for (const r of results.runs) {
    for (const it of r.iterations) {
      const kinds = Object.values(it.byKind);
      const items = kinds.reduce((s, k) => s + k.items, 0);
      const right = kinds.reduce((s, k) => s + k.correct, 0);
      if (items !== it.testSize) problems.push(`${r.name} t=${it.iteration}: the kinds hold ${items} test items, the test set ${it.testSize}`);
      if (Math.abs(right - it.accuracy * it.testSize) > 1e-6) problems.push(`${r.name} t=${it.iteration}: ${right} right answers by kind, accuracy ${it.accuracy} of ${it.testSize}`);
    }
  }
  const seedLists = methods.map((m) => `${m}: ${methodRuns(results, m).map((r) => r.seed).sort((a, b) => a - b).join(",")}`);
  if (new Set(seedLists.map((s) => s.split(": ")[1])).size > 1) problems.push(`the methods ran different seeds (${seedLists.join("; ")})`);
  const pointCounts = distinct(results.runs.map(pointsOf));
  if (pointCounts.length > 1) problems.push(`the runs have different numbers of points (${pointCounts.join(", ")})`);
  if (isExperiment) {
    const missing = grid.names.filter((n) => !results.runs.some((r) => r.name === n));
    if (missing.length > 0) problems.push(`the file lacks ${missing.length} of the experiment's ${grid.names.length} runs: ${missing.join(", ")}`);
    if (methods.length !== grid.methods.length) problems.push(`${methods.length} methods, the experiment has ${grid.methods.length} (${grid.methods.join(", ")})`);
    for (const m of methods) {
      const seeds = methodRuns(results, m).length;
      if (seeds !== grid.seeds.length) problems.push(`${m} has ${seeds} seeds, the experiment ${grid.seeds.length}`);
    }
    const unfinished = results.runs.filter((r) => r.status !== "finished").map((r) => r.name);
    if (unfinished.length > 0) problems.push(`runs not finished: ${unfinished.join(", ")}`);
    const short = results.runs.filter((r) => pointsOf(r) !== grid.points).map((r) => `${r.name} (${pointsOf(r)})`);
    if (short.length > 0) problems.push(`runs without ${grid.points} points: ${short.join(", ")}`);
  }
  const seedsOfFirst = methods[0] === undefined ? 0 : methodRuns(results, methods[0]).length;
  const sentence = isExperiment
    ? `The file holds the whole experiment: ${methods.length} methods x ${grid.seeds.length} seeds, every run finished with ${grid.points} points (the base model and ${grid.points - 1} iterations).`
    : `**Note: not the experiment's runs.** The file's runs (${results.runs.map((r) => r.name).join(", ")}) are not runs of ${experimentFile} ` +
      `(${grid.methods.length} methods x ${grid.seeds.length} seeds, ${grid.points} points a run): a pilot or another experiment. The checks of the full grid are skipped; ` +
      `the checks that hold for any outcome passed (${plural(methods.length, "method")} with the same ${plural(seedsOfFirst, "seed")}, ` +
      `${plural(pointCounts[0] ?? 0, "point")} a run, kinds adding up).`;
  return { isExperiment, problems, sentence };
}

// ---- final accuracy -------------------------------------------------------------------------------

/**
 * Final test accuracy by method (the summary's min, mean and max over seeds, next to the base
 * model's mean accuracy) and one sentence: the methods ranked by mean, the base model's score, and
 * whether the ranges over seeds overlap at the top.
 */
export function finalAccuracyReport(results: CompactResults): { rows: ReportRow[]; sentence: string } {
  const baseAccuracy = (m: string) =>
    meanOf(methodRuns(results, m).map((r) => r.iterations.find((it) => it.iteration === 0)?.accuracy).filter((v): v is number => typeof v === "number"));
  const final = results.summary.final;
  const rows = final.map((f) => ({
    method: f.method, seeds: f.runs, samples: f.samples.join(" / "), base: percent(baseAccuracy(f.method)),
    "final, mean": percent(f.mean), "final, range over seeds": `${percent(f.min)} - ${percent(f.max)}`,
  }));
  const ranked = [...final].sort((a, b) => b.mean - a.mean);
  const top = ranked[0];
  if (!top) return { rows, sentence: "The file has no final accuracy: no run." };
  const order = ranked.map((f, i) => `${i === 0 ? "" : f.mean === ranked[i - 1]!.mean ? " = " : " > "}**${f.method}** ${percent(f.mean)} (${percent(f.min)}-${percent(f.max)})`).join("");
  const apart = ranked.length > 1 && top.min > Math.max(...ranked.slice(1).map((f) => f.max));
  const sentence =
    `Ranked by mean final accuracy: ${order}, after ${top.samples.join("/")} synthetic samples; the base model scores ` +
    `${percent(meanOf(results.runs.map((r) => r.iterations[0]?.accuracy ?? Number.NaN)))} before any. The ranges ` +
    (apart
      ? `do not overlap at the top: every seed of ${top.method} ends above every seed of the others`
      : "overlap: the order of the means is not the order of every seed (the win counts below say how often each seed's order holds)") +
    ".";
  return { rows, sentence };
}

// ---- learning curves ------------------------------------------------------------------------------

/**
 * The learning curves as `activesynth figures` draws them (mean over seeds with the 95% bootstrap
 * band and the efficiency guide) plus each run as a thin line, the accuracy axis spanning the
 * single runs too; `notes` says when the guide lines are missing.
 * @param title the figure's title ("SmolLM2-135M on the arith world: test accuracy vs synthetic samples")
 */
export function learningCurvesWithRuns(results: CompactResults, title: string): { figure: Figure; notes: string[] } {
  const methods = results.summary.methods;
  const guide = results.summary.efficiencyGuide;
  const figure = learningCurvesFigure(results.summary.curves, {
    title,
    subtitle: `mean over ${distinct(methods.map((m) => methodRuns(results, m).length)).join("/")} seed(s) per method; thin lines: single seeds`,
    bandLabel: "shaded: 95% bootstrap CI over seeds",
    ...(guide ? { efficiency: guide } : {}),
  });
  for (const r of results.runs) {
    figure.data.push({
      type: "scatter", mode: "lines", x: r.iterations.map((it) => it.samples), y: r.iterations.map((it) => it.accuracy),
      line: { color: methodColor(r.label), width: 1 }, opacity: 0.35, legendgroup: r.label, showlegend: false,
      hovertemplate: `${r.name}<br>%{x} samples<br>%{y:.1%}<extra></extra>`,
    });
  }
  figure.data.push({ type: "scatter", mode: "lines", x: [null], y: [null], name: "thin lines: single seeds", line: { color: "#444", width: 1 }, opacity: 0.5, hoverinfo: "skip", legendrank: 1003 });
  const allAccuracies = [
    ...results.runs.flatMap((r) => r.iterations.map((it) => it.accuracy)),
    ...results.summary.curves.flatMap((c) => [...c.mean, ...(c.lo ?? []), ...(c.hi ?? [])]),
  ];
  figure.layout.yaxis = { ...(figure.layout.yaxis as object), ...accuracyAxis(allAccuracies) };
  const notes = guide ? [] : ["note: no efficiency guide lines (the file has no random or static curve, or no active method next to one)"];
  return { figure, notes };
}

// ---- accuracy by kind -----------------------------------------------------------------------------

/** One group of bars of the by-kind figure: the base model, or a method at its runs' last iteration. */
export interface KindGroup {
  name: string;
  color: string;
  /** The accuracies on a kind's test items, one per run that has such items. */
  values(kind: string): number[];
}

/** What {@link accuracyByKind} returns. */
export interface KindAccuracyReport {
  /** The kinds of test items in the file, sorted. */
  kinds: string[];
  /** The base model (every run's t = 0) first, then each method at its last iteration. */
  groups: KindGroup[];
  /** Grouped bars: mean over seeds per kind and group, whiskers from the worst seed to the best. */
  figure: Figure;
  /** A row per group: its mean accuracy per kind. */
  rows: ReportRow[];
  /** The table's caption, with the test items per kind. */
  caption: string;
  /** The base model's weakest kind (null when the file has no kinds). */
  weakest: string | null;
  /** The base model's weakest kind and each method's accuracy on it at the last iteration. */
  sentence: string;
}

/**
 * Test accuracy by kind of test item: the base model, then each method at its runs' last
 * iteration, as a figure of grouped bars (mean over seeds, whiskers: range over seeds), a table
 * of the means and a sentence on the base model's weakest kind.
 */
export function accuracyByKind(results: CompactResults): KindAccuracyReport {
  const methods = results.summary.methods;
  const kinds = distinct(results.runs.flatMap((r) => r.iterations.flatMap((it) => Object.keys(it.byKind)))).sort();
  const groups: KindGroup[] = [
    { name: "base (t = 0)", color: "#bab0ac", values: (kind) => kindAccuracies(results.runs, kind, "base") },
    ...methods.map((m) => ({ name: m, color: methodColor(m), values: (kind: string) => kindAccuracies(methodRuns(results, m), kind, "last") })),
  ];
  const meanOrNull = (v: number[]) => (v.length ? meanOf(v) : null);
  const figure: Figure = {
    data: groups.map((g) => {
      const stats = kinds.map((k) => g.values(k));
      const means = stats.map(meanOrNull);
      return {
        type: "bar", name: g.name, x: kinds, y: means, marker: { color: g.color },
        error_y: {
          type: "data", symmetric: false,
          array: stats.map((v, i) => (v.length ? Math.max(...v) - means[i]! : 0)),
          arrayminus: stats.map((v, i) => (v.length ? means[i]! - Math.min(...v) : 0)),
          color: "#444", thickness: 1,
        },
        hovertemplate: `${g.name}<br>%{x}: %{y:.1%}<extra></extra>`,
      };
    }),
    layout: baseLayout("Test accuracy by kind at the last iteration<br><sup>mean over seeds; whiskers: range over seeds</sup>", {
      barmode: "group", xaxis: { title: { text: "kind of test item" } }, yaxis: { title: { text: "test accuracy" }, tickformat: ".0%", range: [0, 1] },
    }),
  };
  const testItems = results.runs[0]?.iterations[0]?.byKind ?? {};
  const rows = groups.map((g) => ({ method: g.name, ...Object.fromEntries(kinds.map((k) => [k, percent(meanOrNull(g.values(k)))])) }));
  const caption = `accuracy by kind, mean over seeds (test items: ${kinds.map((k) => `${k} ${testItems[k]?.items ?? 0}`).join(", ")})`;
  const base = groups[0]!;
  const weakest = kinds.length === 0 ? null : kinds.reduce((a, b) => (meanOf(base.values(a)) <= meanOf(base.values(b)) ? a : b));
  const sentence = weakest === null
    ? "The file has no test items by kind."
    : `The base model's weakest kind is **${weakest}** (${percent(meanOf(base.values(weakest)))}); at the last iteration: ` +
      `${methods.map((m) => `${m} ${percent(meanOf(kindAccuracies(methodRuns(results, m), weakest, "last")))}`).join(", ")}.`;
  return { kinds, groups, figure, rows, caption, weakest, sentence };
}

// ---- picks by kind ----------------------------------------------------------------------------------

/** What {@link picksByKind} returns. */
export interface PicksReport {
  /** The seed pool of the first run's task, counted by kind ({} when the file has none). */
  pool: Record<string, number>;
  poolTotal: number;
  /** Per method, the seeds its runs selected over all iterations and seeds, counted by kind. */
  picked: Record<string, Record<string, number>>;
  /** The pool's kinds and the picked ones, sorted. */
  kinds: string[];
  /** Per method and iteration, the picks as shares by kind (all seeds of a method together). */
  figure: Figure;
  /** The pool's row, then a row per method: seeds picked and the share of each kind. */
  rows: ReportRow[];
  caption: string;
  /** The pool's rarest kind (null when there are no kinds). */
  rare: string | null;
  /** The rarest kind's share of the pool and of each method's picks. */
  sentence: string;
}

/**
 * The seeds each method picked, by kind, against the pool's mix: a figure of each iteration's
 * picks as shares, a table of the shares over all iterations and seeds, and a sentence on the
 * pool's rarest kind. `shareOf(picks.picked[method], kind)` is a method's share of a kind among its picks.
 */
export function picksByKind(results: CompactResults): PicksReport {
  const methods = results.summary.methods;
  const task = results.runs[0]?.task;
  const pool = (task !== undefined ? results.pools[task] : undefined) ?? {};
  const poolTotal = sumOf(pool);
  const selectionRows: Array<SelectionCount & { method: string; kind: string }> = results.runs.flatMap((r) =>
    r.iterations.flatMap((it) => Object.entries(it.selected).map(([kind, count]) => ({ method: r.label, iteration: it.iteration, kind, count }))));
  const figure = selectionsFigure(selectionRows, { title: "Seeds selected per iteration, by kind (all seeds of a method)", normalize: true });
  const picked: Record<string, Record<string, number>> = {};
  for (const m of methods) {
    const counts: Record<string, number> = {};
    for (const row of selectionRows.filter((s) => s.method === m)) counts[row.kind] = (counts[row.kind] ?? 0) + row.count;
    picked[m] = counts;
  }
  const pickedOf = (m: string) => picked[m] ?? {};
  const kinds = distinct([...Object.keys(pool), ...selectionRows.map((s) => s.kind)]).sort();
  const shares = (counts: Record<string, number>) => Object.fromEntries(kinds.map((k) => [k, percent(shareOf(counts, k))]));
  const rows = [
    { picked: "pool", seeds: poolTotal, ...shares(pool) },
    ...methods.map((m) => ({ picked: m, seeds: sumOf(pickedOf(m)), ...shares(pickedOf(m)) })),
  ];
  const rare = kinds.length === 0 ? null : kinds.reduce((a, b) => (shareOf(pool, a) <= shareOf(pool, b) ? a : b));
  const sentence = rare === null
    ? "The file has neither a seed pool by kind nor picks."
    : `The pool holds ${percent(shareOf(pool, rare))} **${rare}** (${pool[rare] ?? 0} of ${poolTotal} seeds). Over all iterations and seeds, the share of ${rare} among the picks: ` +
      `${methods.map((m) => `${m} ${percent(shareOf(pickedOf(m), rare))} (${pickedOf(m)[rare] ?? 0} of ${sumOf(pickedOf(m))})`).join(", ")}.`;
  return { pool, poolTotal, picked, kinds, figure, rows, caption: "share of the selected seeds by kind, over all iterations and seeds", rare, sentence };
}

// ---- data efficiency and win counts ------------------------------------------------------------------

/**
 * The summary's data-efficiency ratios as table rows (ratio, 95% interval, data fraction, the two
 * final accuracies) and their sentences as a markdown list, with a note where a mean curve reaches
 * the baseline's final accuracy and then ends below it; `notes` names the baselines the file lacks.
 * `markdown` is null when there is no ratio.
 */
export function efficiencyReport(results: CompactResults): { notes: string[]; rows: ReportRow[]; caption: string; markdown: string | null } {
  const methods = results.summary.methods;
  const efficiency = results.summary.efficiency;
  const notes = BASELINES.filter((b) => !methods.includes(b)).map((b) => `note: the file has no ${b} runs: the ratios and win counts over ${b} are skipped`);
  if (efficiency.length === 0) notes.push("note: no data-efficiency ratio: the file has no random or static runs next to another method");
  const bound = (v: number | null) => (v === null ? "unbounded" : v.toFixed(2));
  const ratioText = (e: (typeof efficiency)[number]) =>
    e.efficiency !== null ? `${e.efficiency.toFixed(2)}x` : e.bound !== null ? `< ${e.bound.toFixed(2)}x (not reached)` : "n/a";
  const rows = efficiency.map((e) => ({
    method: e.method, over: e.baseline, seeds: e.seeds, efficiency: ratioText(e),
    "95% CI": e.seeds > 1 && e.lower !== null ? `${bound(e.lower)} - ${bound(e.upper)}` : "n/a",
    "data fraction": percent(e.dataFraction, 0),
    "final (method vs baseline)": e.methodFinal && e.baselineFinal ? `${percent(e.methodFinal.accuracy)} vs ${percent(e.baselineFinal.accuracy)}` : "n/a",
  }));
  // a ratio reads where the mean curve first reaches the baseline's final accuracy: a curve that gets there and then falls has a ratio and ends lower
  const fellBack = efficiency.filter((e) => e.efficiency !== null && e.methodFinal && e.baselineFinal && e.methodFinal.accuracy < e.baselineFinal.accuracy);
  const markdown = efficiency.length === 0 ? null : [
    ...efficiency.map((e) => `- ${e.sentence}`),
    ...fellBack.map((e) =>
      `- Note: ${e.method}'s mean curve reaches ${e.baseline}'s final accuracy (${percent(e.baselineFinal?.accuracy)}) on the way but ends below it ` +
      `(${percent(e.methodFinal?.accuracy)}): its ratio says how early it got there, not that it stayed there.`),
  ].join("\n");
  return { notes, rows, caption: "data-efficiency ratios (efficiencyRatio through experimentSummary)", markdown };
}

/**
 * The summary's seed-by-seed win counts as table rows and, per method other than the baselines,
 * a markdown line saying in how many seeds it ends above random and static. `markdown` is null when
 * the file has no win count.
 */
export function winsReport(results: CompactResults): { rows: ReportRow[]; caption: string; markdown: string | null } {
  const wins = results.summary.wins;
  const rows = wins.map((w) => ({ method: w.method, over: w.baseline, wins: `${w.wins} of ${w.comparisons}`, ties: w.ties, losses: w.losses }));
  const markdown = wins.length === 0 ? null : results.summary.methods.filter((m) => !BASELINES.includes(m)).map((m) => {
    const parts = BASELINES.flatMap((b) => {
      const w = winsOf(results, m, b);
      return w ? [`${w.baseline} in ${w.wins} of ${w.comparisons} seeds${w.ties ? ` (${w.ties} tied)` : ""}`] : [];
    });
    return parts.length ? `- **${m}** ends above ${parts.join(" and ")}.` : `- **${m}**: no baseline with the same seeds.`;
  }).join("\n");
  return { rows, caption: "final accuracy, seed by seed (winrateMatrix, rule final)", markdown };
}

const winsOf = (results: CompactResults, method: string, baseline: string) => results.summary.wins.find((w) => w.method === method && w.baseline === baseline);

// ---- the paper's four findings ----------------------------------------------------------------------

/**
 * The file's findings (Figures 2-5) as table rows (value and 95% interval) and their sentences as a
 * markdown list; `note` counts the findings without a number (null when all have one).
 */
export function findingsReport(results: CompactResults): { rows: ReportRow[]; markdown: string; note: string | null } {
  const num = (v: number | null, digits = 2) => (v === null ? "n/a" : v.toFixed(digits));
  const rows = results.findings.map((f) => ({ figure: f.figure, finding: f.label, value: num(f.value), "95% CI": f.value === null ? "n/a" : `${num(f.lower)} to ${num(f.upper)}` }));
  const missing = results.findings.filter((f) => f.value === null);
  const note = missing.length === 0 ? null : `note: ${missing.length} finding(s) without a number in this file: ${missing.map((f) => f.label).join("; ")}`;
  return { rows, markdown: results.findings.map((f) => `- ${f.text}`).join("\n"), note };
}

// ---- does the summary agree with the runs? -------------------------------------------------------------

/**
 * Recomputes from the per-run numbers what the summary says without statistics: each method's
 * final accuracy (min, mean, max), the seed-by-seed win counts over random and static (and that a
 * ratio exists where a win count does), and Figure 5's count for loss over random. `mismatches`
 * names each disagreement (empty when none); `sentence` says what was compared.
 */
export function checkSummaryAgreement(results: CompactResults): { mismatches: string[]; sentence: string } {
  const methods = results.summary.methods;
  const finalOf = (r: CompactRun) => lastIteration(r)?.accuracy ?? Number.NaN;
  const mismatches: string[] = [];
  for (const f of results.summary.final) {
    const finals = methodRuns(results, f.method).map(finalOf);
    if (Math.abs(meanOf(finals) - f.mean) > 1e-12 || Math.min(...finals) !== f.min || Math.max(...finals) !== f.max) mismatches.push(`final accuracy of ${f.method}`);
  }
  for (const b of BASELINES.filter((x) => methods.includes(x))) {
    for (const m of methods.filter((x) => x !== b)) {
      const pairs = methodRuns(results, m).flatMap((r) => {
        const other = methodRuns(results, b).find((o) => o.seed === r.seed && o.task === r.task);
        return other ? [[finalOf(r), other] as const] : [];
      });
      const wins = pairs.filter(([a, o]) => a > finalOf(o)).length;
      const w = winsOf(results, m, b);
      if (pairs.length > 0 && (!w || w.wins !== wins || w.comparisons !== pairs.length)) {
        mismatches.push(`${m} over ${b}: ${wins} wins of ${pairs.length} from the runs, the summary ${w ? `${w.wins} of ${w.comparisons}` : "none"}`);
      }
      if (pairs.length > 0 && !results.summary.efficiency.some((e) => e.method === m && e.baseline === b) && !(b === "random" && m === "static")) mismatches.push(`no ratio of ${m} over ${b}`);
    }
  }
  const fig5 = results.findings.find((f) => f.label === "Fig 5 loss beats random");
  const lossOverRandom = winsOf(results, "loss", "random");
  if (fig5 && lossOverRandom && !fig5.text.includes(`in ${lossOverRandom.wins} of ${lossOverRandom.comparisons} cells`)) {
    mismatches.push(`Figure 5 says "${fig5.text}", the win counts ${lossOverRandom.wins} of ${lossOverRandom.comparisons}`);
  }
  const sentence =
    `The summary agrees with the runs: the final accuracies of ${plural(results.summary.final.length, "method")}, ` +
    `${plural(results.summary.wins.length, "win count")}${fig5 && lossOverRandom ? ", and Figure 5's count" : ""}.`;
  return { mismatches, sentence };
}
