import type { RunConfig } from "./config.js";

export interface DemoOptions {
  quick?: boolean;
  /** Seeds per method (default 3; quick: 1). */
  seeds?: number;
}

/**
 * The embedded default experiment: the arith world, the procedural teacher and the tiny student on
 * CPU, comparing `loss` and `random` selection with static generation. The student starts from a
 * pretrained base that knows addition and subtraction; the pool also holds multiplication, a rarer
 * kind the base cannot solve yet (DESIGN.md §4, ENVIRONMENT.md).
 */
export function demoConfigs(options: DemoOptions = {}): RunConfig[] {
  const quick = options.quick ?? false;
  const seeds = options.seeds ?? (quick ? 1 : 3);
  const base: Omit<RunConfig, "name" | "method" | "criterion" | "seed"> = {
    task: "arith",
    taskOptions: { seed: 0, digits: 1, poolSize: 1000, testSize: quick ? 150 : 300, poolMix: { add: 0.45, sub: 0.45, mul: 0.1 } },
    budget: { samples: quick ? 300 : 600 },
    perIteration: quick ? 30 : 20,
    samplesPerSeed: 10,
    selection: "top",
    trainFrom: "base",
    student: {
      baseModel: "tiny",
      pretrain: { kinds: ["add", "sub"], examples: 2000, hyperparameters: { steps: 400, batchSize: 32, learningRate: 0.003 }, seed: 0 },
      // the tiny model forgets the easy kinds when finetuned on a new one; replay stands in for a real LM's robustness
      replay: 600,
      hyperparameters: { epochs: quick ? 8 : 6, batchSize: 32, learningRate: 0.002 },
    },
    teacher: { kind: "procedural" },
    generationConcurrency: 64,
    maxIterations: 20,
  };
  const out: RunConfig[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    for (const method of ["loss", "random", "static"] as const) {
      out.push({
        ...base,
        name: `demo${quick ? "-quick" : ""}-${method}-s${seed}`,
        method: method === "static" ? "static" : "active",
        criterion: method === "static" ? "random" : method,
        seed,
      });
    }
  }
  return out;
}
