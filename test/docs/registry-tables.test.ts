import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fromRoot } from "../../lib/util/paths.js";
import { criteriaTable } from "../../lib/select/registry.js";
import { tasksTable } from "../../lib/tasks/registry.js";

const readme = readFileSync(fromRoot("README.md"), "utf8");
const block = (name: string): string => {
  const m = new RegExp(`<!-- ${name} -->\\n([\\s\\S]*?)\\n<!-- /${name} -->`).exec(readme);
  assert.ok(m, `README has a ${name} block`);
  return m[1]!;
};

test("the README's task table is the registry's (a new task shows up, a changed option too)", () => {
  assert.equal(block("tasks-table"), tasksTable(), "regenerate the block from tasksTable()");
  assert.match(tasksTable(), /\| `arith` \| openai, procedural \| yes \|/);
});

test("the README's criteria table is the registry's (order, costs and options as each criterion declares them)", () => {
  assert.equal(block("criteria-table"), criteriaTable(), "regenerate the block from criteriaTable()");
  assert.match(criteriaTable(), /\| `reward` \| low first \| student answer, reward pass \| `rewardModel` \(required\)/);
});
