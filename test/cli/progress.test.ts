import { test } from "node:test";
import assert from "node:assert/strict";
import { ProgressBoard, formatRate, formatSeconds } from "../../lib/cli/progress.js";

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = "";
  const stream = { isTTY: false, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

test("plain output: full run names, one line per iteration or step, counted bars at most every 10 s and at completion", () => {
  const { stream, text } = fakeStream();
  let now = 0;
  const board = new ProgressBoard(stream, () => now, false);
  const name = "paper-arith-criterion-loss-seed-3";
  board.update(name, name, 0, 4, "it 1: score");
  board.update(name, name, 0, 4, "it 1: score"); // nothing new: no line
  for (let step = 1; step <= 400; step++) {
    now += 50; // 20 s of training in all
    board.update("base model", "base model", step, 400, "pretraining", { unit: "steps" });
  }
  board.update(name, name, 0, 4, "it 1: select");
  const lines = text().trimEnd().split("\n");
  assert.ok(lines[0]!.startsWith(`${name} [`), lines[0]);
  const base = lines.filter((l) => l.startsWith("base model"));
  // the first step, one every 10 s (at 10 s and 20 s), and the completion (also at 20 s)
  assert.ok(base.length >= 2 && base.length <= 4, base.join("\n"));
  assert.match(base[base.length - 1]!, /400\/400 20\.\d steps\/s 20s eta done/);
  assert.equal(lines.filter((l) => l.includes("it 1: score")).length, 1, "an unchanged state prints no line");
  assert.equal(lines.filter((l) => l.includes("it 1: select")).length, 1);
});

test("terminal output: a nested bar under its run with a rate; removed when its step ends", () => {
  const { stream, text } = fakeStream();
  let now = 0;
  const board = new ProgressBoard(stream, () => now, true);
  board.update("r", "loss-s0", 1, 4, "it 1: train");
  board.update("r/step", "it 1 train", 0, 240, "", { parent: "r", unit: "steps" });
  now = 10_000;
  board.update("r/step", "it 1 train", 120, 240, "", { parent: "r", unit: "steps" });
  const frame = text().split("\x1b[0J").pop()!;
  const [run, nested] = frame.trimEnd().split("\n");
  assert.match(run!, /^loss-s0\s+\[/);
  assert.match(nested!, /^ {2}it 1 train \[########\.{8}\] 120\/240 12\.0 steps\/s 10s eta 10s/);
  board.remove("r/step");
  board.finish();
  assert.equal(text().split("\x1b[0J").pop()!.trimEnd().split("\n").length, 1);
});

test("formatRate and formatSeconds", () => {
  assert.deepEqual([formatRate(0.523), formatRate(12.34), formatRate(140.2)], ["0.52", "12.3", "140"]);
  assert.deepEqual([formatSeconds(75), formatSeconds(9.6), formatSeconds(NaN)], ["1m15s", "10s", "--"]);
});
