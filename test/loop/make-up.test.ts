// Samples the teacher fails are made up within their iteration (issue 10): under a sample budget
// a teacher that fails 30% of the time still gives iterations of the planned size, not the old
// tail of extra iterations of +2 and +1 samples, each a full fine-tune and evaluation.
//   node --test dist/test/loop/make-up.test.js
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../lib/loop/run.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import { openStore } from "../../lib/store/index.js";
import { StudentClient } from "../../lib/student/client.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { startTinyServer, type TinyServer } from "../helpers/tiny-server.js";

let server: TinyServer;
before(async () => {
  server = await startTinyServer();
});
after(async () => server?.stop());

test("a teacher failing 30% of samples: two iterations of exactly 20 samples, the failures made up from the same seeds", async () => {
  const store = openStore(":memory:");
  const config = smallArithConfig({ name: "make-up", criterion: "random", teacher: { kind: "procedural", failureRate: 0.3 }, scoreSynthetic: [] });
  const student = new StudentClient({ baseURL: server.url, pollMs: 50 });
  await runExperiment(config, { store, student, ...makePartsFactory(store)(config) });
  const iterations = store.listIterations(config.name);
  assert.deepEqual(iterations.map((r) => r.samples), [0, 20, 40], "no tail iteration");
  for (const t of [1, 2]) {
    const gens = store.getGenerations(config.name, t);
    const failed = gens.filter((g) => g.status === "failed");
    assert.ok(failed.length > 0, `iteration ${t} had failures to make up`);
    assert.equal(gens.filter((g) => g.status === "ok").length, 20);
    // make-up samples come from the iteration's own seeds, at sample indices past the first k
    const selected = new Set(store.getSelection(config.name, t).map((s) => s.exampleId));
    const extra = gens.filter((g) => g.sampleIndex >= config.samplesPerSeed);
    assert.ok(extra.length >= failed.length && extra.every((g) => selected.has(g.parentId)));
  }
  store.close();
});
