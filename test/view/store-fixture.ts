/**
 * A small real store for the viewer's tests: two runs of the loop (loss and random; arith pool
 * 200, 2 iterations of 10 seeds x 2 samples, smallArithConfig) with the real tiny student server
 * and the fake OpenAI teacher (so teacher calls are stored, with tokens and a price), then a
 * hostile seed and run added by hand: a question holding `<script>` and `<img onerror=...>`, a run
 * id with markup, selected in its iteration 1. About 20 s on 2 cores.
 */
import { join } from "node:path";
import { openStore } from "../../lib/store/index.js";
import { startStudentServer } from "../../lib/student/spawn.js";
import { StudentClient } from "../../lib/student/client.js";
import { validateRunConfig } from "../../lib/experiment/validate-config.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import { runExperiment } from "../../lib/loop/run.js";
import { startFakeOpenAI } from "../fake-openai/server.js";
import { smallArithConfig } from "../helpers/small-arith.js";

export const RUNS = ["view-loss", "view-random"] as const;
/** What a hostile store holds: shown as text by every page, never run. */
export const XSS_QUESTION = `What is <script>window.__pwned = 1</script> 2 + <img src=x onerror="window.__pwned = 2"> 3?`;
export const XSS_ID = "arith/xss/seed/0";
export const XSS_RUN = `xss-<img src=x onerror="window.__pwned = 3">`;

export async function buildViewStore(dir: string): Promise<string> {
  const path = join(dir, "view.sqlite");
  const store = openStore(path);
  const fake = await startFakeOpenAI();
  const server = await startStudentServer({ checkpointDir: join(dir, "ckpt"), threads: 2 });
  try {
    const parts = makePartsFactory(store);
    for (const [i, criterion] of ["loss", "random"].entries()) {
      const config = validateRunConfig(smallArithConfig({
        name: RUNS[i]!, criterion,
        teacher: { kind: "openai", baseURL: fake.url, model: "fake-teacher", priceTable: { "fake-teacher": { promptPer1M: 0.5, completionPer1M: 1.5 } } },
      }));
      await runExperiment(config, { store, student: new StudentClient({ baseURL: server.url }), ...parts(config) });
    }
    // the hostile seed and run
    store.putExamples([{ id: XSS_ID, task: "arith", source: "seed", kind: "add", question: XSS_QUESTION, answer: "2 + 3 = 5\n#### 5", runId: null, iteration: null, parentId: null, sampleIndex: null }]);
    store.upsertRun({ id: XSS_RUN, name: XSS_RUN, config: { name: XSS_RUN, task: "arith", method: "active", criterion: "loss", seed: 0, budget: { samples: 1 } } });
    store.putIteration({ runId: XSS_RUN, iteration: 0, samples: 0, teacherTokens: 0, costUsd: 0, model: "tiny", accuracy: 0.5, testSize: 2 });
    store.putSelection([{ runId: XSS_RUN, iteration: 1, rank: 0, exampleId: XSS_ID, score: 1 }]);
  } finally {
    store.close();
    await server.stop();
    await fake.close();
  }
  return path;
}
