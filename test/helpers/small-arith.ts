import type { RunConfig } from "../../lib/experiment/config.js";

/**
 * A small arith-world run config for integration tests: pool 200, test 60, budget 40 samples in
 * iterations of 10 seeds x 2 samples (iterations 0..2), a few training steps on the untrained
 * tiny base, the procedural teacher. Fields of `overrides` replace the defaults (shallowly).
 */
export function smallArithConfig(overrides: Partial<RunConfig> & { name: string }): RunConfig {
  return {
    task: "arith",
    taskOptions: { seed: 0, poolSize: 200, testSize: 60 },
    method: "active",
    criterion: "loss",
    budget: { samples: 40 },
    perIteration: 10,
    samplesPerSeed: 2,
    selection: "top",
    trainFrom: "base",
    seed: 0,
    student: { baseModel: "tiny", hyperparameters: { steps: 8, batchSize: 16, learningRate: 0.003 } },
    teacher: { kind: "procedural" },
    generationConcurrency: 8,
    maxIterations: 10,
    ...overrides,
  };
}
