import type { Figure } from "./types.js";
import { baseLayout, fmt, titleText } from "./layout.js";

/** A seed or one of its synthetic children, with the scores to show. */
export interface LineageNode {
  id: string;
  question: string;
  answer?: string;
  kind?: string;
  /** The iteration that made a child (absent for the seed). */
  iteration?: number | null;
  /** Scores by name, e.g. { loss: 1.23 }; null or absent for unscored. */
  scores?: Record<string, number | null>;
  /** A failed generation: its reason (shown instead of the question). */
  failed?: string | null;
}

export interface ChildrenFigureOptions {
  title?: string;
  /** Longest question shown in a cell (characters, then "…"). Default 160. */
  maxChars?: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");

/**
 * A seed and its synthetic children as a table: one row for the seed (shaded) and one per child
 * (in the given order), with its id, kind, iteration, each score (3 decimals) and the question.
 * Score columns are the union of the nodes' score names, sorted. Text is HTML-escaped, since
 * plotly renders table cells as HTML.
 *
 * Edge cases: no children gives the seed's row alone; a failed child shows "failed: reason".
 * Pure: builds a plotly spec.
 *
 * @example childrenFigure({ id: "s1", question: "2+3?", scores: { loss: 1.5 } }, [{ id: "c1", question: "4+5?", iteration: 1, scores: { loss: 0.25 } }])
 *   .data[0].cells.values[4] // ["1.500", "0.250"]
 */
export function childrenFigure(seed: LineageNode, children: readonly LineageNode[], options: ChildrenFigureOptions = {}): Figure {
  const maxChars = options.maxChars ?? 160;
  const nodes = [seed, ...children];
  const scoreNames = [...new Set(nodes.flatMap((n) => Object.keys(n.scores ?? {})))].sort();
  const header = ["", "id", "kind", "iteration", ...scoreNames, "question"];
  const columns: string[][] = [
    nodes.map((_, i) => (i === 0 ? "seed" : `child ${i}`)),
    nodes.map((n) => esc(n.id)),
    nodes.map((n) => esc(n.kind ?? "")),
    nodes.map((n, i) => (i === 0 || n.iteration == null ? "" : String(n.iteration))),
    ...scoreNames.map((s) => nodes.map((n) => {
      const v = n.scores?.[s];
      return v == null ? "" : fmt(v, 3);
    })),
    nodes.map((n) => (n.failed ? `<i>failed: ${esc(clip(n.failed, maxChars))}</i>` : esc(clip(n.question, maxChars)))),
  ];
  const widths = [60, 150, 60, 60, ...scoreNames.map(() => 70), 420];
  const fill = nodes.map((_, i) => (i === 0 ? "#e8eef7" : i % 2 ? "white" : "#f7f7f7"));
  return {
    data: [{
      type: "table", columnwidth: widths,
      header: { values: header.map((h) => `<b>${esc(h)}</b>`), align: "left", fill: { color: "#d9e2ef" }, font: { size: 13 }, height: 28 },
      cells: { values: columns, align: "left", fill: { color: columns.map(() => fill) }, font: { size: 12 }, height: 26 },
    }],
    layout: baseLayout(titleText(options.title ?? `Seed ${esc(seed.id)} and its synthetic children`, `${children.length} child(ren)`), {
      margin: { t: 80, r: 20, b: 20, l: 20 },
    }),
  };
}
