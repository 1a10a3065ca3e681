// Run: node --test dist/test/notebook/  (after the build). No kernel needed: these check the
// mime bundles the notebook helpers send, and that the helpers fall back to text outside tslab.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { figureBundle, tableBundle, markdownBundle, progressBundle, progressText, figureTitle, PLOTLY_MIME } from "../../lib/notebook/bundles.js";
import { inKernel, loopProgress, showTable } from "../../lib/notebook/display.js";
import type { Figure } from "../../lib/plots/types.js";

const figure: Figure = {
  data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "a</script>b" }],
  layout: { title: { text: "Learning <b>curves</b>" } },
};

describe("figureBundle", () => {
  test("carries the plotly JSON, an HTML fallback and a text line", () => {
    const b = figureBundle(figure, { width: 640, height: 400, id: "f1" });
    assert.deepEqual(Object.keys(b), [PLOTLY_MIME, "text/html", "text/plain"]);
    assert.deepEqual(b[PLOTLY_MIME], { data: figure.data, layout: { title: { text: "Learning <b>curves</b>" }, width: 640, height: 400 } });
    assert.equal(b["text/plain"], "<plotly figure: Learning curves (1 trace)>");
    const html = b["text/html"] as string;
    assert.match(html, /<div id="f1" style="width:100%;max-width:640px;min-height:400px">/);
    assert.match(html, /run the cell in Jupyter/);
    // the trace name cannot close the script element
    assert.ok(!html.includes("a</script>b"));
    assert.ok(html.includes("a\\u003c/script>b"));
    assert.ok(!html.includes("module={exports:{}}"), "no plotly.js unless given");
  });

  test("inlines plotly.js as a CommonJS module and a PNG when given", () => {
    const b = figureBundle(figure, { plotlySource: "module.exports={newPlot:function(){}};", png: new Uint8Array([137, 80, 78, 71]) });
    const html = b["text/html"] as string;
    assert.match(html, /if\(!window\.Plotly\)\{\(function\(\)\{var module=\{exports:\{\}\};\nmodule\.exports=\{newPlot:function\(\)\{\}\};\n;window\.Plotly=module\.exports;\}\)\(\);\}/);
    assert.match(html, /<img alt="Learning curves" style="max-width:100%" src="data:image\/png;base64,iVBORw==">/);
    assert.ok(!("width" in (b[PLOTLY_MIME] as { layout: object }).layout), "no size unless asked");
  });

  test("figureTitle reads string and object titles", () => {
    assert.equal(figureTitle({ data: [], layout: { title: "plain" } } as unknown as Figure), "plain");
    assert.equal(figureTitle({ data: [], layout: {} }), "");
  });
});

describe("tableBundle", () => {
  test("rows: union of columns, numbers right-aligned and rounded, HTML escaped", () => {
    const b = tableBundle([{ method: "loss", accuracy: 0.51234 }, { method: "<r>", samples: 40 }], { caption: "final" });
    assert.equal(b["text/plain"], "final\nmethod  accuracy  samples\nloss       0.512\n<r>                    40");
    const html = b["text/html"] as string;
    assert.match(html, /<caption style="text-align:left">final<\/caption>/);
    assert.match(html, /<td style="text-align:left">&lt;r&gt;<\/td><td style="text-align:right"><\/td><td style="text-align:right">40<\/td>/);
  });

  test("maxRows counts the rest; an HTML string passes through", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ i }));
    assert.match(tableBundle(rows, { maxRows: 2 })["text/plain"] as string, /\(3 more rows\)$/);
    assert.deepEqual(tableBundle("<table><tr><td>x</td></tr></table>"), { "text/html": "<table><tr><td>x</td></tr></table>", "text/plain": "x" });
  });
});

describe("markdown and progress bundles", () => {
  test("markdown keeps its source as text", () => {
    assert.deepEqual(markdownBundle("**a**"), { "text/markdown": "**a**", "text/plain": "**a**" });
  });
  test("progress: a bar with counts, a note and a done mark", () => {
    assert.equal(progressText({ label: "scoring", done: 5, total: 10, note: "seeds" }), "scoring [##########..........] 5/10 seeds");
    assert.equal(progressText({ label: "x", done: 3 }), "x 3");
    assert.equal(progressText({ label: "x", finished: true }), "x (done)");
    assert.match(progressBundle({ label: "a&b", done: 12, total: 10 })["text/html"] as string, /<b>a&amp;b<\/b> <progress value="10" max="10"/);
  });
});

describe("outside a kernel", () => {
  test("helpers print text and loopProgress prints one line per finished run", () => {
    assert.equal(inKernel(), false);
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => lines.push(args.join(" "));
    try {
      showTable([{ a: 1 }]);
      const listen = loopProgress();
      listen({ type: "run-start", runId: "r", iterations: 2, resumedFrom: 0 });
      listen({ type: "step", runId: "r", iteration: 0, step: "train", done: 1, total: 5 });
      listen({ type: "iteration-end", runId: "r", iteration: 0, samples: 20, teacherTokens: 100, accuracy: 0.25, cached: false });
      listen({ type: "run-end", runId: "r", cached: false });
    } finally {
      console.log = log;
    }
    assert.deepEqual(lines, ["a\n1", "r [##########..........] 1/2 acc 25.0% at 20 samples; finished (done)"]);
  });
});
