/**
 * FOLIO v0.0: first-order-logic stories, True/False/Unknown. Seeds: folio-train.jsonl (1,004);
 * test: folio-validation.jsonl (204; its rows have no ids, so the row index is used, and its
 * labels say "Uncertain" where train says "Unknown").
 */
import { enumField, optionalStringField, readJsonLines, stringArrayField, stringField } from "../jsonl.js";
import { applyCaps, dataFile, type LoadTaskOptions } from "../options.js";
import type { Example, TaskData } from "../types.js";
import { makeLabelTask } from "./task.js";
import { logicTemplate } from "./template.js";
import { DATASET_OPTIONS, type TaskPlugin } from "../plugin.js";

const LABELS = ["True", "False", "Unknown"] as const;
export const folioTask = makeLabelTask("folio", "folio-v1", LABELS);

function readFolio(file: string, split: string): Example[] {
  return readJsonLines(file).map((row) => {
    // Four train rows (lines 816-819, one story) start their premises with an empty string: dropped.
    const premises = stringArrayField(row, "premises", true);
    const conclusion = stringField(row, "conclusion");
    // The validation file spells Unknown as "Uncertain" (69 rows); both read as Unknown.
    const raw = enumField(row, "label", [...LABELS, "Uncertain"] as const);
    const label = raw === "Uncertain" ? "Unknown" : raw;
    const sourceId = optionalStringField(row, "example_id") ?? String(row.index);
    return {
      id: `folio/${split}/${sourceId}`,
      task: "folio",
      question:
        `Premises:\n${premises.map((p) => p.trim()).join("\n")}\n\n` +
        `Question: Based on the premises, is the following statement true, false, or unknown? ${conclusion.trim()}`,
      answer: `Answer: ${label}`,
      meta: { file: row.file, line: row.line, options: [...LABELS], label, storyId: optionalStringField(row, "story_id") ?? null },
    };
  });
}

/** Loads FOLIO from `folio/folio-train.jsonl` and `folio/folio-validation.jsonl`. */
export function loadFolio(options: LoadTaskOptions = {}): TaskData {
  const seeds = readFolio(dataFile(options, "folio", "folio-train.jsonl"), "train");
  const test = readFolio(dataFile(options, "folio", "folio-validation.jsonl"), "validation");
  return { task: folioTask, ...applyCaps("folio", seeds, test, options) };
}

/** The plug-in unit (see plugin.ts). */
export const folioPlugin: TaskPlugin = { task: folioTask, load: loadFolio, options: DATASET_OPTIONS, teacherTemplate: logicTemplate };
