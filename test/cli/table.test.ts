// The command line's number formatting: one decimal for accuracies, p-values never 0.000, a
// table column's numbers with the same decimals, RFC 4180 CSV fields.
//   node --test dist/test/cli/table.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTable } from "../../lib/cli/table.js";
import { formatAccuracy, formatPValue } from "../../lib/cli/format.js";
import { csvField, toCsv } from "../../lib/cli/csv.js";

const column = (table: string, i: number) => table.split("\n").slice(2).map((l) => l.trim().split(/\s{2,}/)[i]);

test("a column of numbers has the same decimals: 66 next to 66.3 is 66.0", () => {
  const table = formatTable(["run", "acc", "n"], [["a", 66, 3], ["b", 66.3, 12], ["c", 0.25, 0]]);
  assert.deepEqual(column(table, 1), ["66.00", "66.30", "0.25"]);
  assert.deepEqual(column(table, 2), ["3", "12", "0"], "whole numbers stay whole");
  // costs as run prints them (4 decimals at most)
  assert.deepEqual(column(formatTable(["run", "cost $"], [["a", 0], ["b", 0.0123], ["c", 1.5]]), 1), ["0.0000", "0.0123", "1.5000"]);
  // a tiny non-zero number is not written as zero
  assert.deepEqual(column(formatTable(["run", "p"], [["a", 0.00001234], ["b", 0.5]]), 1), ["0.0000123", "0.5000"]);
  assert.doesNotMatch(formatTable(["x"], [[1e-9]]), /0\.000/);
});

test("numbers right-aligned, text left-aligned, strings written as numbers (and < 0.001) right-aligned", () => {
  const table = formatTable(["name", "acc %", "p"], [["loss", "66.3", "< 0.001"], ["random-long", "100.0", "0.0886"]]);
  assert.equal(table, [
    "name         acc %        p",
    "-----------  -----  -------",
    "loss          66.3  < 0.001",
    "random-long  100.0   0.0886",
  ].join("\n"));
});

test("accuracies: one decimal always", () => {
  assert.deepEqual([0.66, 0.663, 1, 0, 2 / 3, 0.0004].map(formatAccuracy), ["66.0", "66.3", "100.0", "0.0", "66.7", "0.0"]);
  assert.equal(formatAccuracy(null), "-");
  assert.equal(formatAccuracy(NaN), "-");
});

test("p-values: < 0.001 below 0.001, else 3 significant digits; never 0.000", () => {
  assert.deepEqual([0, 1e-12, 0.0009999, 0.001, 0.0012345, 0.04, 0.08858700531354381, 0.5, 1].map(formatPValue),
    ["< 0.001", "< 0.001", "< 0.001", "0.00100", "0.00123", "0.0400", "0.0886", "0.500", "1.00"]);
  assert.equal(formatPValue(NaN), "-");
});

test("CSV: fields with a comma, a quote or a line break are quoted; records end with CRLF", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField(null), "");
  assert.equal(csvField(2 / 3), "0.6666666666666666");
  assert.equal(toCsv(["a", "b"], [["x,y", 1], [null, "z"]]), 'a,b\r\n"x,y",1\r\n,z\r\n');
});
