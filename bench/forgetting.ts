/**
 * Why does the tiny student forget? Fine-tuning recipes side by side on the demo's world.
 *
 * For each pretrained base (pretraining seeds 0..B-1, standing in for machines) it builds two
 * training sets the loop produces: "loss-like" (600 procedural samples from seeds 80% of which are
 * the kind the base does not know, as loss selection picks them) and "random-like" (600 samples from
 * seeds drawn from the pool). Each recipe fine-tunes the base on each set and the result is graded
 * per kind on the demo's test set. A recipe is good when the loss-like set teaches multiplication
 * and keeps addition and subtraction, so loss selection beats random on every base.
 *
 *   npm run bench -- forgetting [--bases 5] [--recipes replay600,replay2x,...] [--workers 2]
 *
 * Prints one row per recipe: add+sub and mul accuracy after each set (mean and range over bases),
 * and the final-accuracy gap loss-like minus random-like per base. The default pair is the former
 * demo recipe (replay600, the baseline) and the current one (replay2x), side by side: about 10
 * minutes on 2 cores; every recipe (--recipes all) about 30.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProceduralTeacher } from "../lib/tasks/arith/teacher.js";
import { arithBaseExamples, arithTask, makeArithWorld } from "../lib/tasks/arith/index.js";
import { trainingPair } from "../lib/tasks/pairs.js";
import { startStudentServer } from "../lib/student/spawn.js";
import { StudentClient } from "../lib/student/client.js";
import type { ScoreItem, TrainHyperparameters } from "../lib/student/types.js";
import type { Example } from "../lib/tasks/types.js";
import { makeRng } from "../lib/util/rng.js";

interface Recipe {
  hp: TrainHyperparameters;
  /** Pretraining examples added to every fine-tune. */
  replay: number;
  /** Train in 3 steps of 200 samples, each from the previous model (with replay each time). */
  sequential?: boolean;
}

const RECIPES: Record<string, Recipe> = {
  // the demo's recipe until 2026-12: a fixed replay of 600 pretraining examples (the baseline)
  replay600: { hp: { epochs: 6, batchSize: 32, learningRate: 0.002 }, replay: 600 },
  // the demo's recipe now: student.replayPerSample 2, i.e. 1200 replayed next to the last iteration's 600 samples
  replay2x: { hp: { epochs: 6, batchSize: 32, learningRate: 0.002 }, replay: 1200 },
  replay0: { hp: { epochs: 6, batchSize: 32, learningRate: 0.002 }, replay: 0 },
  "replay600-lr1e-3": { hp: { epochs: 6, batchSize: 32, learningRate: 0.001 }, replay: 600 },
  "replay600-lr5e-4-e12": { hp: { epochs: 12, batchSize: 32, learningRate: 0.0005 }, replay: 600 },
  // trainFrom "continue": 3 rounds of 200 samples, each from the last model, 600 replayed each time
  "continue-lr1e-3": { hp: { epochs: 6, batchSize: 32, learningRate: 0.001 }, replay: 600, sequential: true },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`forgetting: --${name} needs a value`);
  return value;
}

const bases = Number(arg("bases", "5"));
const recipeNames = arg("recipes", "replay600,replay2x").split(",");
const workers = Number(arg("workers", "2"));
if (recipeNames[0] === "all") recipeNames.splice(0, 1, ...Object.keys(RECIPES));
for (const r of recipeNames) if (!RECIPES[r]) throw new Error(`unknown recipe ${r} (known: ${Object.keys(RECIPES).join(", ")})`);

const world = makeArithWorld({ seed: 0, digits: 1, poolSize: 1000, testSize: 300, poolMix: { add: 0.45, sub: 0.45, mul: 0.1 } });
const teacher = new ProceduralTeacher();

/** 600 samples from 60 seeds: `mulShare` of them multiplication seeds, the rest add/sub, drawn with rng. */
function trainingSet(mulShare: number, seed: number): ScoreItem[] {
  const rng = makeRng(seed);
  const mul = world.seeds.filter((s) => s.meta?.kind === "mul");
  const easy = world.seeds.filter((s) => s.meta?.kind !== "mul");
  const pick = (from: Example[], n: number) => Array.from({ length: n }, () => from[Math.floor(rng.next() * from.length)]!);
  const nMul = Math.round(60 * mulShare);
  const seeds = [...pick(mul, nMul), ...pick(easy, 60 - nMul)];
  const out: ScoreItem[] = [];
  seeds.forEach((s, i) => {
    for (let k = 0; k < 10; k++) {
      const g = teacher.generateSync({ seed: s, sampleIndex: k, rngSeed: seed * 1000 + i });
      if (g.ok) out.push(trainingPair(arithTask, { question: g.question, answer: g.answer }));
    }
  });
  // the loop trains on samples in iteration order: interleave so each third holds both kinds
  return out.map((p, i) => ({ p, k: makeRng(seed + i).next() })).sort((a, b) => a.k - b.k).map((x) => x.p);
}

const sets = { loss: trainingSet(0.8, 1), random: trainingSet(0.1, 2) };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "activesynth-forgetting-"));
  const servers = await Promise.all(Array.from({ length: workers }, () => startStudentServer({ checkpointDir: join(dir, "ckpt"), threads: 1 })));
  const clients = servers.map((s) => new StudentClient({ baseURL: s.url, pollMs: 200 }));
  try {
    // 1. bases
    const baseModel: string[] = [];
    const perKind = async (client: StudentClient, model: string) => {
      const out = await client.generate(model, world.test.map((e) => arithTask.prompt(e.question)), { maxTokens: 48, stop: ["\n"] });
      const acc: Record<string, [number, number]> = {};
      world.test.forEach((e, i) => {
        const k = e.meta?.kind === "mul" ? "mul" : "addsub";
        acc[k] ??= [0, 0];
        acc[k][0] += arithTask.grade(out[i]!, e).correct ? 1 : 0;
        acc[k][1] += 1;
      });
      return { addsub: acc.addsub![0] / acc.addsub![1], mul: acc.mul![0] / acc.mul![1], all: (acc.addsub![0] + acc.mul![0]) / world.test.length };
    };
    const pool = async <T>(tasks: ((client: StudentClient) => Promise<T>)[]): Promise<T[]> => {
      const results: T[] = new Array(tasks.length);
      let next = 0;
      await Promise.all(clients.map(async (client) => {
        while (next < tasks.length) {
          const i = next++;
          results[i] = await tasks[i]!(client);
        }
      }));
      return results;
    };
    const t0 = Date.now();
    const pretrain = (b: number) => arithBaseExamples({ kinds: ["add", "sub"], n: 2000, seed: b, digits: 1 }).map((e) => trainingPair(arithTask, e));
    const built = await pool(Array.from({ length: bases }, (_, b) => async (client: StudentClient) => {
      const r = await client.finetune({ baseModel: "tiny", examples: pretrain(b), hyperparameters: { steps: 400, batchSize: 32, learningRate: 0.003 }, seed: b, suffix: `base${b}` });
      return r.model;
    }));
    baseModel.push(...built);
    await Promise.all(clients.map((c) => c.listModels())); // each server finds the checkpoints the other one wrote
    const baseAcc = await pool(baseModel.map((m) => (client: StudentClient) => perKind(client, m)));
    console.log(`bases built in ${((Date.now() - t0) / 1000).toFixed(0)} s; base add+sub ${fmtRange(baseAcc.map((a) => a.addsub))}, mul ${fmtRange(baseAcc.map((a) => a.mul))}`);
    console.log(`\n${"recipe".padEnd(12)} ${"set".padEnd(7)} ${"add+sub".padEnd(18)} ${"mul".padEnd(18)} ${"all".padEnd(18)} s/finetune`);
    for (const name of recipeNames) {
      const recipe = RECIPES[name]!;
      const t1 = Date.now();
      const tasks: ((client: StudentClient) => Promise<{ set: string; acc: { addsub: number; mul: number; all: number } }>)[] = [];
      for (let b = 0; b < bases; b++) {
        for (const set of ["loss", "random"] as const) {
          tasks.push(async (client) => {
            const replay = pretrain(b).slice(0, recipe.replay);
            const samples = sets[set];
            let model = baseModel[b]!;
            const chunks = recipe.sequential ? [samples.slice(0, 200), samples.slice(200, 400), samples.slice(400)] : [samples];
            for (const [c, chunk] of chunks.entries()) {
              const r = await client.finetune({ baseModel: model, examples: [...chunk, ...replay], hyperparameters: recipe.hp, seed: 100 + c, suffix: `${name}-${set}-${b}-${c}` });
              model = r.model;
            }
            return { set, acc: await perKind(client, model) };
          });
        }
      }
      const results = await pool(tasks);
      const secs = (Date.now() - t1) / 1000 / (tasks.length * (recipe.sequential ? 3 : 1)) * workers;
      for (const set of ["loss", "random"]) {
        const rows = results.filter((r) => r.set === set).map((r) => r.acc);
        console.log(`${name.padEnd(12)} ${set.padEnd(7)} ${fmtRange(rows.map((r) => r.addsub)).padEnd(18)} ${fmtRange(rows.map((r) => r.mul)).padEnd(18)} ${fmtRange(rows.map((r) => r.all)).padEnd(18)} ${secs.toFixed(1)}`);
      }
      const gaps = Array.from({ length: bases }, (_, b) => results[2 * b]!.acc.all - results[2 * b + 1]!.acc.all);
      console.log(`${name.padEnd(12)} gap loss-random per base: ${gaps.map((g) => (100 * g).toFixed(1)).join(" ")} (min ${(100 * Math.min(...gaps)).toFixed(1)})`);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmtRange(xs: number[]): string {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${(100 * mean).toFixed(1)} (${(100 * Math.min(...xs)).toFixed(0)}-${(100 * Math.max(...xs)).toFixed(0)})`;
}

await main();
