/**
 * One way to name a run everywhere in the library: its name or id (a string), or any object that
 * carries one (a RunRow, a RunInfo, a RunConfig, a RunResult's `run`). An unknown run is an
 * UnknownRunError, never an empty result.
 *
 *     runIdOf(store, "demo-loss-s0")          // "demo-loss-s0"
 *     runIdOf(store, result.run)              // the same run, from an object
 */
import type { RunRow, Store } from "../store/types.js";
import { UnknownRunError } from "../store/errors.js";

/** A run: its name or id, or an object carrying one (`{ id }` or `{ name }`). */
export type RunRef = string | { readonly id: string } | { readonly name: string };

/** The stored run a reference names. @throws {UnknownRunError} naming it and the runs the store has */
export function resolveRun(store: Store, ref: RunRef): RunRow {
  const key = typeof ref === "string" ? ref : "id" in ref ? ref.id : (ref as { name: string }).name;
  if (typeof key !== "string") throw new TypeError(`a run is named by a string or an object with an id or a name, got ${JSON.stringify(ref)}`);
  const byId = store.getRun(key);
  if (byId) return byId;
  const all = store.listRuns();
  const byName = all.find((r) => r.name === key);
  if (!byName) throw new UnknownRunError([key], all.map((r) => r.id), store.path);
  return byName;
}

/** The id of the run a reference names. @throws {UnknownRunError} */
export function runIdOf(store: Store, ref: RunRef): string {
  return resolveRun(store, ref).id;
}
