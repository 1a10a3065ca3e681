/**
 * activesynth: the public API, listed by hand and grouped. Notebooks and the CLI use only this.
 *
 * Usage:
 * import { openStore, curvePoints, learningCurves } from "activesynth";
 */

// ---- domain types
export type { Example, GradeResult, Task, TaskData } from "./tasks/types.js";

// ---- tasks: the arith world and real datasets, prompts and graders
export { loadTask, grade, getTask, taskNames, registerTask, getTaskPlugin } from "./tasks/registry.js";
export type { TaskPlugin, OptionSpec } from "./tasks/plugin.js";
export { intOption, numberOption, oneOfOption, stringOption, objectOption, DATASET_OPTIONS } from "./tasks/plugin.js";
export type { LoadTaskOptions } from "./tasks/options.js";
export { DataError } from "./tasks/jsonl.js";
export { makeArithWorld, arithBaseExamples, arithTask, gradeArith, makeArithProblem, ARITH_KINDS } from "./tasks/arith/index.js";
export type { ArithWorldOptions, ArithKind, ArithMeta } from "./tasks/arith/index.js";
export { gradeGsm8k } from "./tasks/gsm8k.js";
export { gradeMath, mathEquivalent, lastBoxed, normalizeMathAnswer } from "./tasks/math/index.js";
export { gradeGame24, solveGame24, GAME24_KINDS, game24BaseExamples } from "./tasks/game24/index.js";
export { extractLabel, extractOption } from "./tasks/logic/extract.js";
export { solveProntoqa, checkProntoqaProof } from "./tasks/logic/prontoqa-solve.js";
export { PRONTOQA_KINDS } from "./tasks/logic/prontoqa-world.js";
export { prontoqaBaseExamples } from "./tasks/logic/prontoqa-base.js";

// ---- teachers
export type { Teacher, GenerateRequest, Generation, TeacherUsage } from "./teacher/types.js";
export { ProceduralTeacher } from "./tasks/arith/teacher.js";
export { Game24Teacher } from "./tasks/game24/teacher.js";
export { ProntoqaTeacher } from "./tasks/logic/prontoqa-teacher.js";
export { OpenAITeacher, CachedChat, TeacherError, TeacherOutputError, TeacherTimeoutError } from "./teacher/index.js";
export { templateFor } from "./tasks/registry.js";
export type { OpenAITeacherOptions, ChatResult, PriceTable } from "./teacher/index.js";

// ---- the student (client of gpu-server/)
export type { Student, ScoreItem, ScoreResult, TrainHyperparameters, FinetuneRequest, FinetuneResult } from "./student/types.js";
export { StudentClient } from "./student/client.js";
export type { StudentClientOptions } from "./student/client.js";
export { startStudentServer } from "./student/spawn.js";
export type { StudentServerOptions, StudentServerHandle } from "./student/spawn.js";
export { LazyStudent } from "./student/lazy.js";
export { StudentServerError, StudentConnectionError } from "./student/errors.js";

// ---- selection criteria
export type { Criterion, CriterionContext, CriterionCosts, CriterionOptions, CriterionOptionSpec } from "./select/types.js";
export { kMeansPlusPlus, kCenterGreedy, minPairwiseDistance } from "./select/vectors.js";
export { judgeNonce, runJudgeCalls } from "./select/judge.js";
export type { JudgeCall, JudgeOutcome, JudgeTeacher } from "./select/judge.js";
export { getCriterion, criterionNames, registerCriterion } from "./select/registry.js";
export { choose, chooseSeeds } from "./select/choose.js";
export { SeedScores } from "./select/seed-scores.js";
export { trainingPair, answerPair } from "./tasks/pairs.js";

// ---- the loop
export type { RunConfig, StudentConfig, TeacherConfig } from "./experiment/config.js";
export { ConfigError } from "./experiment/config.js";
export { validateRunConfig } from "./experiment/validate-config.js";
export { runConfigSchema } from "./experiment/config-schema.js";
export { experimentJsonSchema, runJsonSchema } from "./experiment/json-schema.js";
export { withDefault } from "./util/option-schema.js";
export { readExperimentFile, expandExperiment } from "./experiment/experiment-file.js";
export { runExperiment } from "./loop/run.js";
export type { LoopDeps, RunResult } from "./loop/run.js";
export { runPool } from "./experiment/pool.js";
export type { PoolOptions, RunParts } from "./experiment/pool.js";
export { makePartsFactory } from "./experiment/parts.js";
export { demoConfigs } from "./experiment/demo.js";
export type { LoopEvent, LoopListener, LoopStep } from "./loop/events.js";
export { curvePoints, resultsJson, meanCurves, methodOf } from "./results/curves.js";
export type { CurvePoint } from "./results/curves.js";
export { experimentSummary } from "./results/summary.js";
export type { ExperimentSummary } from "./results/summary.js";
// the results of a store as one small JSON document (`activesynth results`), and read back
export { compactResults, parseCompactResults } from "./figures/compact-results.js";
export { COMPACT_RESULTS_FORMAT } from "./figures/compact-types.js";
export type {
  CompactResults, CompactResultsOptions, CompactRun, CompactIteration, CompactSummary, CompactEfficiency, FinalAccuracy, WinCount,
} from "./figures/compact-types.js";
export { spentByRun } from "./loop/spent.js";
export type { Spent } from "./loop/spent.js";
export { mayStartBatch, mayJudge, samplesLeft, tokensPerAttempt } from "./loop/budget.js";
export type { Budget } from "./loop/budget.js";
export { estimateRun, formatTokens } from "./experiment/estimate.js";
export type { CallTokens, EstimateOptions, RunEstimate } from "./experiment/estimate.js";
export { runProgress } from "./results/progress.js";
export { exportLines, exportSamples, hfSplit, syntheticSamples } from "./results/export.js";
export type { ExportFormat, ExportOptions as SampleExportOptions, ExportedSample, HfRow, HfSplitOptions, SampleMetadata } from "./results/export.js";

// ---- the store
export { openStore } from "./store/index.js";
export { UnknownRunError } from "./store/errors.js";
export { mergeStores, MergeConflictError, type MergeReport } from "./store/merge.js";
export { serverUrl as viewUrl, type Route as ViewRoute } from "./view/routes.js";
export type {
  Store, RunRow, ExampleRow, TeacherCallRow, GenerationRow, ScoreRow, SelectionRow, TrainingJobRow, EvaluationRow, IterationRow,
} from "./store/index.js";

// ---- statistics (pure)
export {
  rank, spearman, bootstrapCI, cumulativeAccuracyDelta, learningCurves, efficiencyRatio, winrateMatrix, fidelity, normalizedAuc,
} from "./stats/index.js";
export type {
  SpearmanResult, CumulativeAccuracyDelta, LearningCurve, LearningPoint, EfficiencyRatio, WinrateMatrix, Fidelity,
} from "./stats/index.js";

// ---- figures (pure builders) and HTML export
export type { Figure } from "./plots/types.js";
export { learningCurvesFigure } from "./plots/learning-curves.js";
export type { CurveSeries } from "./plots/learning-curves.js";
export type { LearningCurvesOptions as LearningCurvesFigureOptions } from "./plots/learning-curves.js";
export { fidelityFigure } from "./plots/fidelity-figure.js";
export type { FidelityFigureOptions } from "./plots/fidelity-figure.js";
export { orderingDeltaFigure } from "./plots/ordering-figure.js";
export type { OrderingCurve, OrderingFigureOptions } from "./plots/ordering-figure.js";
export { winrateFigure } from "./plots/winrate-figure.js";
export type { WinrateFigureOptions } from "./plots/winrate-figure.js";
export { scoreHistogramFigure } from "./plots/score-histogram.js";
export type { ScoreGroup, ScoreHistogramOptions } from "./plots/score-histogram.js";
export { selectionsFigure } from "./plots/selections-figure.js";
export type { SelectionCount, SelectionsFigureOptions } from "./plots/selections-figure.js";
export { childrenFigure } from "./plots/children-figure.js";
export type { LineageNode, ChildrenFigureOptions } from "./plots/children-figure.js";
export { figuresHtml } from "./plots/html.js";
export { methodColor } from "./plots/palette.js";
export { kindColor, kindColors, methodColors, METHOD_COLORS, KIND_COLORS } from "./plots/palette.js";
export { accuracyAxis, withoutTitle, BOTTOM_LEGEND } from "./plots/layout.js";
export type { AccuracyRange } from "./plots/layout.js";
export type { FiguresHtmlOptions } from "./plots/html.js";
export { stablePdfDates, SHARED_PLOTLY, INDEX_PAGE } from "./plots/export.js";
export { categoryColor, baseLayout } from "./plots/layout.js";
export { setPlotWarnings } from "./plots/warn.js";
export { exportFigures, stableSvgIds, NoChromiumError } from "./plots/export.js";
export type { ExportOptions, ExportedFile, ExportFormat as FigureFormat } from "./plots/export.js";
// store -> figure data (pure functions of a Store; the CLI's `figures` command uses these)
export {
  storeFigures, learningFigures, winrateFigures, orderingFigures, fidelityFigures, explorationFigures,
  winrateCells, orderingSamples, fidelityPairs, selectionCounts, lastSelectionScores, seedLineage, selectRuns,
} from "./figures/index.js";
export type { StoreFiguresOptions } from "./figures/index.js";
export { paperFindings } from "./figures/findings.js";
export type { Finding } from "./figures/findings.js";
export type { FigureSet, NamedFigure, SkippedFigure, RunInfo, OrderingSample } from "./figures/index.js";

// ---- frames: the store as danfojs DataFrames for notebooks (danfojs loads on first use)
export { runsFrame, examplesFrame, scoresFrame, evaluationsFrame, iterationsFrame, selectionsFrame, generationsFrame, spendFrame, frameHtml, makeFrame } from "./notebook/frames.js";
export { resolveRun, runIdOf } from "./results/run-ref.js";
export type { RunRef } from "./results/run-ref.js";
export type { ExamplesFilter, FrameHtmlOptions } from "./notebook/frames.js";

// ---- utilities
export { makeRng, mixSeed } from "./util/rng.js";
export type { Rng } from "./util/rng.js";
export { hashOf, canonicalJson } from "./util/hash.js";

// ---- notebook display (tslab; loaded only inside a kernel, plain text elsewhere)
export { showFigure, showTable, showMarkdown, showBundle, progress, loopProgress, inKernel } from "./notebook/display.js";
export type { ShowFigureOptions, Progress } from "./notebook/display.js";
// the shared first cell of the worked notebooks: store, demo runs, student servers
export { notebookSetup, demoCommand, MissingDemoRunsError, NOTEBOOK_DB_DEFAULT, NOTEBOOK_CHECKPOINTS_DEFAULT } from "./notebook/setup.js";
export type { NotebookSetup, NotebookSetupOptions } from "./notebook/setup.js";
// the report of a real-student experiment from its results file (real-student*.ipynb): checks, tables, figures, sentences
export {
  resultsOverview, checkResultsStructure, experimentGrid, finalAccuracyReport, learningCurvesWithRuns, accuracyByKind, picksByKind,
  efficiencyReport, winsReport, findingsReport, checkSummaryAgreement, methodRuns, lastIteration, kindAccuracies, shareOf, percent, meanOf, plural,
} from "./notebook/real-student-report.js";
export type { ReportRow, PlannedRun, ExperimentGrid, StructureReport, KindGroup, KindAccuracyReport, PicksReport } from "./notebook/real-student-report.js";
export { figureBundle, tableBundle, markdownBundle, progressBundle, progressText, figureTitle, PLOTLY_MIME } from "./notebook/bundles.js";
export type { MimeBundle, FigureBundleOptions, TableOptions, ProgressState } from "./notebook/bundles.js";
export { scoreSynthetic } from "./results/score-synthetic.js";
export { scoreChildren, SYNTHETIC_CRITERIA } from "./loop/score-children.js";
export type { ScoreSyntheticOptions, ScoreSyntheticResult } from "./results/score-synthetic.js";
