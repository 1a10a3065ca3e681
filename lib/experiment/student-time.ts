/**
 * The line `activesynth run` prints before a real student's runs start: their estimated wall time
 * from measured rates (wall-time.ts), or why there is none.
 */
import { studentBackend, type RunConfig } from "./config.js";
import type { TaskData } from "../tasks/types.js";
import { estimateExperiment, estimateStudentSeconds, SMOLLM2_135M_CPU } from "./wall-time.js";

const minutes = (s: number): string => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/**
 * "real student: about 84 min with 2 workers (...)" for the hf runs of an experiment; null when
 * none uses an hf student. Rates exist for SmolLM2-135M on CPU; other models get a line saying so.
 * Servers given by URL (`--url`) may be anything, so they get no estimate.
 */
export function describeStudentTime(configs: RunConfig[], loadData: (c: RunConfig) => TaskData, workers: number, givenServers: boolean): string | null {
  const hf = configs.filter((c) => studentBackend(c.student) === "hf");
  if (hf.length === 0 || givenServers) return null;
  const known = hf.filter((c) => /smollm2-135m/i.test(c.student.baseModel) && (c.student.server?.device ?? "cpu") === "cpu");
  if (known.length < hf.length) {
    return `real student: no measured rate for ${[...new Set(hf.filter((c) => !known.includes(c)).map((c) => c.student.baseModel))].join(", ")}; the first iteration's progress bars give the pace`;
  }
  const runs = hf.map((config) => ({ config, estimate: estimateStudentSeconds(config, loadData(config), SMOLLM2_135M_CPU) }));
  const total = estimateExperiment(runs, workers);
  const sum = (k: keyof (typeof runs)[number]["estimate"]["parts"]) => runs.reduce((a, r) => a + r.estimate.parts[k], 0);
  const work = runs.reduce((a, r) => a + r.estimate.seconds - r.estimate.parts.pretrain, 0) || 1;
  const share = (k: "train" | "evaluate" | "pool" | "scoreSamples") => `${Math.round((100 * sum(k)) / work)}% ${k === "scoreSamples" ? "scoring samples" : k === "pool" ? "answering the pool" : k === "train" ? "training" : "evaluating"}`;
  return `real student: about ${minutes(total)} for ${hf.length} run(s) with ${workers} worker${workers === 1 ? "" : "s"} (${share("train")}, ${share("evaluate")}, ${share("pool")}, ${share("scoreSamples")}; from rates measured for ${SMOLLM2_135M_CPU.measured}: generate ${SMOLLM2_135M_CPU.generate}, score ${SMOLLM2_135M_CPU.score}, train ${SMOLLM2_135M_CPU.train} tokens/s)`;
}
