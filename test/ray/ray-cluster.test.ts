// Student servers as replicas in a real two-node Ray cluster on this machine (a head and a worker,
// each started with `ray start`, each with its own CPUs): two runs dispatched over a replica on
// each node, the worker node killed (every process of it, SIGKILL) while its run generates
// iteration 2; the run resumes on the head's replica from the store, with the checkpoint the dead
// replica wrote (shared --checkpoint-dir), and ends exactly like an undisturbed run in another
// store: same selections, scores, accuracies and generations, and the teacher called as many times.
// Ray then restarts the lost replica on the head at a new URL, which serves the same checkpoints.
// Then `activesynth run --ray ADDR` end to end. Skipped when ray is not installed.
//   npm run build && node --test dist/test/ray/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { openStore } from "../../lib/store/index.js";
import type { Store } from "../../lib/store/types.js";
import type { RunConfig } from "../../lib/experiment/config.js";
import type { Teacher } from "../../lib/teacher/types.js";
import type { LoopEvent } from "../../lib/loop/events.js";
import { runPool } from "../../lib/experiment/pool.js";
import { makePartsFactory } from "../../lib/experiment/parts.js";
import { startRayReplicas, type RayReplicasHandle, type ReplicaEvent } from "../../lib/experiment/ray.js";
import { smallArithConfig } from "../helpers/small-arith.js";
import { tempDir } from "../helpers/temp-dir.js";
import { rayInstalled, startLocalRayCluster, type LocalRayCluster } from "../helpers/ray-cluster.js";
import { runCliProcess } from "../helpers/cli.js";

// npm test installs ray (scripts/setup.sh's full profile): without it these tests fail, never skip
const missing = rayInstalled() ? null : "ray is not installed: bash scripts/setup.sh installs it (pip install 'activesynth-server[ray]')";
const tmp = tempDir("activesynth-ray-");
let cluster: LocalRayCluster | null = null;
let replicas: RayReplicasHandle | null = null;
const events: ReplicaEvent[] = [];
const launcherLog: string[] = [];

// iterations 0..2 each: the second run is the one on the worker node
const configs: RunConfig[] = [smallArithConfig({ name: "ray-a" }), smallArithConfig({ name: "ray-b", criterion: "entropy", seed: 1 })];

before(async () => {
  assert.equal(missing, null, missing ?? "");
  // the head notices a dead node within about 3 s (default: about 30 s), so Ray restarts its replica soon
  const fast = { RAY_health_check_initial_delay_ms: "1000", RAY_health_check_period_ms: "1000", RAY_health_check_timeout_ms: "1000", RAY_health_check_failure_threshold: "3" };
  // head: 2 CPUs (one replica, and room for the one Ray restarts); worker: 1 CPU
  cluster = await startLocalRayCluster([2, 1], fast);
  replicas = await startRayReplicas({
    address: cluster.address,
    replicas: 2,
    host: "127.0.0.1",
    checkpointDir: tmp.path("shared-ckpt"),
    serverArgs: ["--backend", "tiny", "--threads", "1"],
    startTimeoutMs: 120_000,
    onEvent: (e) => events.push(e),
    onLog: (line) => launcherLog.push(line),
  });
});

after(async () => {
  await replicas?.stop();
  cluster?.stop();
  tmp.cleanup();
});

/** Wraps each run's teacher to count the calls it makes (what a paid teacher would bill). */
function countingParts(store: Store, calls: Map<string, number>) {
  const parts = makePartsFactory(store);
  return (config: RunConfig) => {
    const p = parts(config);
    const teacher: Teacher = {
      id: p.teacher.id,
      generate: (request) => {
        calls.set(config.name, (calls.get(config.name) ?? 0) + 1);
        return p.teacher.generate(request);
      },
    };
    return { ...p, teacher };
  };
}

/** What a run produced, without the ids that name the server or job that made it. */
function outcome(store: Store, run: string) {
  return {
    status: store.getRun(run)?.status,
    iterations: store.listIterations(run).map((r) => ({ iteration: r.iteration, samples: r.samples, accuracy: r.accuracy, teacherTokens: r.teacherTokens, testSize: r.testSize })),
    selections: store.listSelections(run).map((s) => [s.iteration, s.rank, s.exampleId, s.score]),
    generations: store.getGenerations(run).map((g) => [g.iteration, g.parentId, g.sampleIndex, g.status, g.exampleId, g.calls]),
    samples: store.getExamples({ source: "synthetic", runId: run }).map((e) => [e.id, e.question, e.answer]).sort(),
    teacherCalls: store.listTeacherCalls({ runId: run }).length,
  };
}

test("a run whose Ray node dies resumes on the other node's replica and ends like an undisturbed run, no teacher call paid twice", { timeout: 240_000 }, async () => {
  const c = cluster!;
  const r = replicas!;
  // one replica on each node (Ray's SPREAD), the worker's second so that it takes the second run
  const byNode = new Map(r.current().map((x) => [x.nodeId, x]));
  assert.equal(byNode.size, 2, `one replica per node: ${JSON.stringify(r.current())}`);
  const onHead = byNode.get(c.nodes[0]!.nodeId);
  const onWorker = byNode.get(c.nodes[1]!.nodeId);
  assert.ok(onHead && onWorker, `replicas on the head and the worker: ${JSON.stringify(r.current())}`);
  const urls = [onHead.url, onWorker.url];

  // undisturbed: both runs over both replicas, in their own store
  const calm = openStore(tmp.path("calm.sqlite"));
  const calmCalls = new Map<string, number>();
  const t0 = Date.now();
  await runPool(configs, { store: calm, parts: countingParts(calm, calmCalls), urls });
  const calmSeconds = (Date.now() - t0) / 1000;

  // disturbed: the worker node killed while its run generates iteration 2
  const store = openStore(tmp.path("killed.sqlite"));
  const calls = new Map<string, number>();
  const log: LoopEvent[] = [];
  let killedAt: { jobBefore: string | null | undefined; pids: number[] } | null = null;
  const t1 = Date.now();
  await runPool(configs, {
    store,
    parts: countingParts(store, calls),
    urls,
    onEvent: (e) => {
      log.push(e);
      if (!killedAt && e.type === "step" && e.runId === "ray-b" && e.iteration === 2 && e.step === "generate") {
        // iteration 1's checkpoint was written by the worker's replica; the run needs it again to score its samples
        killedAt = { jobBefore: store.getTrainingJob("ray-b", 1)?.jobId, pids: c.killNode(1) };
      }
    },
  });
  const killedSeconds = (Date.now() - t1) / 1000;
  assert.ok(killedAt, "the worker node was killed mid-run");
  const k = killedAt as { jobBefore: string | null | undefined; pids: number[] };
  assert.ok(k.pids.length >= 3, `killed the node's processes: ${k.pids.join(", ")}`);
  assert.ok(
    log.some((e) => e.type === "log" && e.runId === "ray-b" && /student server 2 is unreachable/.test(e.message)),
    "the pool moved ray-b off the dead replica",
  );

  for (const config of configs) {
    assert.deepEqual(outcome(store, config.name), outcome(calm, config.name), `${config.name} ends as undisturbed`);
    assert.equal(calls.get(config.name), calmCalls.get(config.name), `${config.name}: the teacher was called as many times as undisturbed (none paid twice)`);
  }
  // the moved run used the checkpoint the dead replica wrote (shared --checkpoint-dir): not trained again
  assert.ok(k.jobBefore, "iteration 1 was trained before the kill");
  assert.equal(store.getTrainingJob("ray-b", 1)?.jobId, k.jobBefore, "iteration 1's checkpoint was reused from the shared directory");

  // Ray restarts the lost replica where there is room (the head) at a new URL, serving the same checkpoints
  const deadline = Date.now() + 60_000;
  let restarted: { url: string; nodeId: string; up: boolean } | undefined;
  while (Date.now() < deadline) {
    restarted = r.current()[onWorker.replica];
    if (restarted?.up && restarted.url !== onWorker.url) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  assert.ok(restarted?.up && restarted.url !== onWorker.url, `the worker's replica restarted at a new URL: ${JSON.stringify(r.current())}`);
  assert.equal(restarted.nodeId, c.nodes[0]!.nodeId, "on the head, the node with room");
  assert.ok(events.some((e) => e.event === "down" && e.replica === onWorker.replica), `the launcher reported the replica down: ${JSON.stringify(events)}\n${launcherLog.join("\n")}`);
  const models = (await (await fetch(`${restarted.url}/v1/models`)).json()) as { data: { id: string }[] };
  for (const config of configs) {
    const last = store.listIterations(config.name).at(-1)!.model;
    assert.ok(models.data.some((m) => m.id === last), `the restarted replica lists ${last}`);
  }
  console.error(`undisturbed ${calmSeconds.toFixed(1)} s, with the worker node killed ${killedSeconds.toFixed(1)} s`);
  calm.close();
  store.close();
});

test("activesynth run --ray ADDR starts the replicas in the cluster, runs over them and stops them", { timeout: 180_000 }, async () => {
  const c = cluster!;
  // the replicas of the test before hold the head's CPUs: stopped, so that the CLI's have room
  await replicas?.stop();
  replicas = null;
  const config = tmp.path("cli.json");
  writeFileSync(config, JSON.stringify({ ...smallArithConfig({ name: "ray-cli" }), budget: { samples: 20 } }));
  const result = await runCliProcess(["run", "--config", config, "--db", tmp.path("cli.sqlite"), "--ray", c.address, "--ray-host", "127.0.0.1", "--workers", "2", "--checkpoint-dir", tmp.path("cli-ckpt")]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Ray replica 1 at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(result.stderr, /Ray replica 2 at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(result.stdout, /ray-cli/);
  const store = openStore(tmp.path("cli.sqlite"));
  assert.equal(store.getRun("ray-cli")?.status, "finished");
  store.close();
  // the launcher stopped its servers: nothing answers at their URLs
  for (const url of result.stderr.match(/http:\/\/127\.0\.0\.1:\d+/g) ?? []) {
    await assert.rejects(fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }), `${url} is stopped`);
  }
});
