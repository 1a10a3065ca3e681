import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonPathLines, lineOfFirst } from "../../lib/util/json-lines.js";

test("jsonPathLines: the line of every key and array element, escapes and nesting included", () => {
  const text = '{\n  "a": {\n    "b": [1,\n 2, {"c\\"d": "x}"}]\n  },\n  "e": null\n}';
  const lines = jsonPathLines(text);
  assert.equal(lines.get("a"), 2);
  assert.equal(lines.get("a.b"), 3);
  assert.equal(lines.get("a.b[0]"), 3);
  assert.equal(lines.get("a.b[1]"), 4);
  assert.equal(lines.get('a.b[2].c"d'), 4);
  assert.equal(lines.get("e"), 6);
  assert.equal(lines.get("nope"), undefined);
});

test("lineOfFirst: exact paths first, then the nearest present parent", () => {
  const lines = jsonPathLines('{\n "defaults": {\n  "student": {}\n },\n "runs": [\n  {"name": "a"}\n ]\n}');
  assert.equal(lineOfFirst(lines, ["runs[0].student.replay", "defaults.student.replay"]), 6, "the run entry holds no student: its own line");
  assert.equal(lineOfFirst(lines, ["runs[0].name", "defaults.name"]), 6);
  assert.equal(lineOfFirst(lines, ["defaults.student.replay"]), 3);
  assert.equal(lineOfFirst(lines, ["x.y"]), null);
});
