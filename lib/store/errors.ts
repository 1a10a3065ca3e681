/**
 * Runs asked for by id or name that the store does not hold: one error, one wording, wherever a
 * run is looked up (figures, export, scoring); the CLI turns it into a usage error.
 * @example new UnknownRunError(["ghost"], ["loss-s0"], "x.sqlite").message
 *   // 'unknown run(s): ghost (the store x.sqlite has: loss-s0)'
 */
export class UnknownRunError extends Error {
  override readonly name = "UnknownRunError";
  constructor(readonly runs: readonly string[], readonly known: readonly string[], storePath?: string) {
    super(`unknown run(s): ${runs.join(", ")} (the store${storePath ? ` ${storePath}` : ""} has: ${known.join(", ") || "none"})`);
  }
}

/** A run's name is already in the store with another config: the loop refuses to mix the two. */
export class RunConfigConflictError extends Error {
  override readonly name = "RunConfigConflictError";
  constructor(readonly run: string, storePath: string) {
    super(`run "${run}" is already in ${storePath} with a different config; give the run another name or use a fresh store`);
  }
}
