import { openCliStore } from "../open-store.js";
import { assignGpus, visibleGpus } from "../../experiment/gpus.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { readExperimentFile } from "../../experiment/experiment-file.js";
import { criterionNames } from "../../select/registry.js";
import { curvePoints } from "../../results/curves.js";
import { runWithProgress } from "../run-experiments.js";
import { printResults } from "../report.js";
import { positiveInt } from "./demo.js";
import { estimateRun } from "../../experiment/estimate.js";
import { describeStudentTime } from "../../experiment/student-time.js";
import { spentByRun } from "../../loop/spent.js";
import { formatTable } from "../table.js";
import { taskNames } from "../../tasks/registry.js";
import { makePartsFactory, makeTaskDataLoader } from "../../experiment/parts.js";
import { ConfigError, studentBackend, type RunConfig } from "../../experiment/config.js";
import { existsSync } from "node:fs";
import { teacherApiKey } from "../../teacher/openai-teacher.js";
import { startRayReplicas, type RayReplicasHandle } from "../../experiment/ray.js";

export const runCommand: Command = {
  summary: "run (or resume) the experiments of a config file",
  usage: `usage: activesynth run --config FILE [options]

FILE holds one run config, or { "defaults": {...}, "runs": [...] }, or
{ "defaults": {...}, "grid": { "criterion": ["loss", "random"], "seed": [0, 1] } }.
Runs already in the store resume where they stopped; finished ones are read back.

options:
  --config FILE        the experiment (required)
  --db FILE            SQLite store (default .activesynth/activesynth.sqlite)
  --out DIR            also write results.json and learning-curves.html there
  --url URL            use a running student server instead of starting one (repeat for several)
  --teacher-url URL    the OpenAI-compatible endpoint of every "openai" teacher (replaces teacher.baseURL)
  --api-key KEY        bearer token of the student servers (or ACTIVESYNTH_API_KEY)
  --workers N          student servers to start side by side (default 1; with --gpus, one per GPU)
  --gpus LIST          GPUs for the started servers, one each: 0,2,3 (default: every visible GPU on
                       a CUDA machine; more workers than GPUs is refused)
  --checkpoint-dir DIR checkpoints of started servers (default .activesynth/checkpoints)
  --ray ADDR           start the --workers servers as replicas in the Ray cluster at ADDR
                       (HOST:PORT of its head): Ray places them where it has room and restarts
                       one that dies; --checkpoint-dir must then be shared storage, the same path
                       on every node (needs pip install 'activesynth-server[ray]')
  --ray-gpus G         GPUs Ray gives each replica (default 0: one CPU each)
  --ray-host HOST      address the replicas listen on (default: each node's IP)
  --baseline NAME      method the efficiency ratio is measured against (default random)
  --verbose            show the servers' logs`,
  options: {
    config: { type: "string" },
    db: { type: "string" },
    out: { type: "string" },
    url: { type: "string", multiple: true },
    "teacher-url": { type: "string" },
    "api-key": { type: "string" },
    workers: { type: "string" },
    gpus: { type: "string" },
    "checkpoint-dir": { type: "string" },
    ray: { type: "string" },
    "ray-gpus": { type: "string" },
    "ray-host": { type: "string" },
    baseline: { type: "string" },
    verbose: { type: "boolean" },
  },
  async run(values) {
    if (!values.config) throw new UsageError("--config FILE is required (see activesynth run --help)");
    const configs = readExperimentFile(values.config as string, { knownCriteria: criterionNames(), knownTasks: taskNames() });
    const teacherUrl = values["teacher-url"] as string | undefined;
    if (teacherUrl !== undefined) {
      if (!/^https?:\/\/[^\s/]+/.test(teacherUrl)) throw new UsageError(`--teacher-url must be an http(s) URL such as http://127.0.0.1:8000/v1 (got "${teacherUrl}")`);
      const openai = configs.filter((c) => c.teacher.kind === "openai");
      if (openai.length === 0) throw new UsageError(`--teacher-url: no run of ${values.config as string} has an "openai" teacher`);
      for (const c of openai) if (c.teacher.kind === "openai") c.teacher = { ...c.teacher, baseURL: teacherUrl };
    }
    const gpuList = values.gpus as string | undefined;
    const rayAddress = values.ray as string | undefined;
    if (rayAddress !== undefined && (values.url !== undefined || gpuList !== undefined)) throw new UsageError("--ray starts the servers in the Ray cluster: leave --url and --gpus out (--ray-gpus G gives each replica G GPUs)");
    if (rayAddress === undefined && (values["ray-gpus"] !== undefined || values["ray-host"] !== undefined)) throw new UsageError("--ray-gpus and --ray-host go with --ray ADDR");
    const rayGpus = values["ray-gpus"] === undefined ? 0 : Number(values["ray-gpus"]);
    if (!(rayGpus >= 0)) throw new UsageError(`--ray-gpus must be a number of GPUs (got "${values["ray-gpus"] as string}")`);
    if (gpuList !== undefined && values.url !== undefined) throw new UsageError("--gpus places the servers run starts; with --url the servers are already running");
    const workers = values.workers === undefined ? (gpuList !== undefined ? gpuList.split(",").length : 1) : positiveInt("--workers", values.workers as string);
    let gpus: string[] | null = null;
    if (values.url === undefined && rayAddress === undefined) {
      try {
        gpus = assignGpus(workers, gpuList, visibleGpus());
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const loadData = makeTaskDataLoader();
    // everything that can be checked before the store is created and a server starts
    preflight(configs, values.config as string, loadData, values.url !== undefined || rayAddress !== undefined);
    const apiKey = (values["api-key"] as string | undefined) ?? process.env.ACTIVESYNTH_API_KEY;
    for (const url of (values.url as string[] | undefined) ?? []) await checkServer(url, apiKey);
    const db = (values.db as string | undefined) ?? ".activesynth/activesynth.sqlite";
    const store = openCliStore(db);
    const checkpointDir = (values["checkpoint-dir"] as string | undefined) ?? ".activesynth/checkpoints";
    let ray: RayReplicasHandle | null = null;
    try {
      if (rayAddress !== undefined) {
        ray = await startRayReplicas({
          address: rayAddress,
          replicas: workers,
          gpusPerReplica: rayGpus,
          checkpointDir,
          ...(values["ray-host"] !== undefined ? { host: values["ray-host"] as string } : {}),
          ...(apiKey !== undefined ? { apiKey } : {}),
          verbose: Boolean(values.verbose),
          // the launcher's own lines; Ray's (and the servers') with --verbose
          onLog: (line) => (values.verbose || /^\[?activesynth-ray/.test(line)) && console.error(line),
          onEvent: (e) => {
            if (e.event === "ready") console.error(`Ray replica ${e.replica + 1} at ${e.url} (node ${e.node_id.slice(0, 8)}${e.start > 1 ? `, restarted by Ray: used by the next run or resume` : ""})`);
            else if (e.event === "down") console.error(`Ray replica ${e.replica + 1} at ${e.url} is gone; its run resumes on another replica`);
          },
        });
      }
      for (const c of configs) console.error(`${c.name}: ${estimateRun(c, { poolSize: loadData(c).seeds.length }).describe()}`);
      const studentTime = describeStudentTime(configs, loadData, workers, values.url !== undefined);
      if (studentTime) console.error(studentTime);
      await runWithProgress({
        store,
        configs,
        workers,
        gpus,
        ...(values.url !== undefined ? { urls: values.url as string[] } : ray ? { urls: ray.urls } : {}),
        ...(apiKey !== undefined ? { apiKey } : {}),
        checkpointDir,
        verbose: Boolean(values.verbose),
        parts: makePartsFactory(store, loadData),
      });
      const points = curvePoints(store, configs.map((c) => c.name));
      const spentRows = configs.map((c) => {
        const s = spentByRun(store, c.name);
        return [c.name, s.okSamples, s.failedSamples, s.calls, s.teacherTokens, s.judgeTokens, Number(s.costUsd.toFixed(4))];
      });
      console.log(formatTable(["run", "samples", "failed", "teacher calls", "teacher tokens", "of which judging", "cost $"], spentRows));
      console.log("");
      const baseline = (values.baseline as string | undefined) ?? "random";
      const files = printResults(points, { baseline, title: `activesynth: ${values.config}`, ...(values.out !== undefined ? { out: values.out as string } : {}) });
      if (files.length > 0) console.log(`wrote ${files.join(", ")}`);
      return 0;
    } finally {
      await ray?.stop();
      store.close();
    }
  },
};

/**
 * Checks, before any store or server, what validation of the file alone cannot: each run's task
 * data loads with its options (digits, mixes, dataDir and its JSONL lines), and each hosted
 * teacher's API key is set in the environment.
 * @throws {ConfigError} naming the file, the run and the field
 */
function preflight(configs: RunConfig[], file: string, loadData: (c: RunConfig) => unknown, givenServers: boolean): void {
  for (const c of configs) {
    const source = configs.length > 1 ? `${file} (run ${c.name})` : file;
    // a local model file or folder the servers started here would load (a hub name is the server's to find)
    const model = c.student.baseModel;
    if (!givenServers && studentBackend(c.student) === "hf" && /^(\.{0,2}\/|~)|\.gguf$/i.test(model) && !existsSync(model)) {
      throw new ConfigError("student.baseModel", `names ${model}, which does not exist${/smollm2/i.test(model) ? " (bash scripts/fetch-models.sh fetches SmolLM2-135M-Instruct into .activesynth/models/)" : ""}`, source);
    }
    try {
      loadData(c);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError("taskOptions", `cannot be used: ${(error as Error).message}`, source);
    }
    if (c.teacher.kind === "openai") {
      const { key, env } = teacherApiKey(c.teacher);
      if (key === undefined) {
        throw new ConfigError("teacher.apiKeyEnv", `names ${env}, which is not set in the environment (export ${env}=... before running; the key is never stored)`, source);
      }
    }
  }
}

/**
 * `--url`: the address answers GET /health as an activesynth student server, before the store is
 * created; otherwise one line saying what answered instead.
 * @throws {UsageError}
 */
async function checkServer(url: string, apiKey: string | undefined): Promise<void> {
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL such as http://127.0.0.1:8765 (got "${url}")`);
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/+$/, "")}/health`, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UsageError(`--url ${url}: no student server answers there (${cause}); start one with npm run gpu-server, or leave --url out`);
  }
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? ((await response.json().catch(() => null)) as { status?: string; backend?: string } | null) : null;
  if (response.status === 401) throw new UsageError(`--url ${url}: the server wants an API key (--api-key or ACTIVESYNTH_API_KEY)`);
  if (response.status !== 200 || body?.status !== "ok" || !body.backend) {
    throw new UsageError(`--url ${url}: GET /health answered ${response.status} ${type.split(";")[0] || "(no content type)"}, not an activesynth student server`);
  }
}
