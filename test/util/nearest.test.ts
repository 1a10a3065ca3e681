import { test } from "node:test";
import assert from "node:assert/strict";
import { didYouMean, nearest } from "../../lib/util/nearest.js";

test("nearest: case, one or two edits, and nothing for names too far off", () => {
  assert.equal(nearest("replya", ["replay", "replayPerSample"]), "replay");
  assert.equal(nearest("temprature", ["temperature", "maxTokens"]), "temperature");
  assert.equal(nearest("poolsize", ["poolSize", "testSize"]), "poolSize");
  assert.equal(nearest("maxInflight", ["maxInFlight", "maxTokens"]), "maxInFlight");
  assert.equal(nearest("epohcs", ["epochs", "steps"]), "epochs");
  assert.equal(nearest("vibes", ["seed", "steps"]), null);
  assert.equal(nearest("ab", ["ac"]), null, "a two-letter name is not corrected");
  assert.equal(didYouMean("replya", ["replay"]), ' (did you mean "replay"?)');
  assert.equal(didYouMean("zzz", ["replay"]), "");
});
