/** The store: one SQLite file per project. */
export { openStore } from "./open-store.js";
export type { OpenStoreOptions } from "./open-store.js";
export { SqliteStore } from "./sqlite-store.js";
export { migrations, latestVersion } from "./migrations.js";
export type { Migration } from "./migrations.js";
export type {
  Store, RunRow, RunStatus, ExampleRow, ExampleSource, TeacherCallRow, CallStatus, CallPurpose, SpendSums, SpendFilter, GenerationRow, AnswerRow,
  ScoreRow, SelectionRow, TrainingJobRow, JobStatus, CheckpointRow, EvaluationRow, IterationRow,
} from "./types.js";
