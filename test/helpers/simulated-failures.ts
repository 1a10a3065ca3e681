import assert from "node:assert/strict";
import type { Example } from "../../lib/tasks/types.js";
import type { Generation, GenerateRequest } from "../../lib/teacher/types.js";

interface SyncTeacher {
  generateSync(request: GenerateRequest): Generation;
}

/**
 * A procedural teacher's `failureRate` over `draws` rngSeeds: each failure says it was simulated
 * (with the rate) and cost one call; every success is exactly what the same teacher without
 * failures writes (checked for the first `compare` draws). Asserts the failed share is within
 * 0.06 of the rate; returns the failures.
 */
export function checkSimulatedFailures(failing: SyncTeacher, plain: SyncTeacher, seed: Example, rate: number, draws = 1000, compare = draws): number {
  let failed = 0;
  for (let i = 0; i < draws; i++) {
    const g = failing.generateSync({ seed, sampleIndex: 0, rngSeed: i });
    if (!g.ok) {
      failed++;
      assert.match(g.reason, new RegExp(`simulated failure \\(failureRate ${rate}\\)`));
      assert.equal(g.usage.calls, 1);
    } else if (i < compare) assert.deepEqual(g, plain.generateSync({ seed, sampleIndex: 0, rngSeed: i }));
  }
  assert.ok(Math.abs(failed - rate * draws) <= 0.06 * draws, `failed ${failed} of ${draws}`);
  return failed;
}
