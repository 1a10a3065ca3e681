import { openStore } from "../store/index.js";
import type { Store } from "../store/types.js";
import { UsageError } from "./errors.js";

/**
 * openStore for a command's --db: a file that is not an activesynth store (not SQLite, or a
 * newer schema) is a usage error naming the flag and the file, not a stack trace.
 */
export function openCliStore(path: string, options: { readonly?: boolean } = {}): Store {
  try {
    return openStore(path, options);
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e.code === "SQLITE_NOTADB" || /file is not a database/.test(e.message)) {
      throw new UsageError(`--db: ${path} is not an activesynth store (not a SQLite database); give another path, or a new one to create a store`);
    }
    if (e.code?.startsWith("SQLITE_")) throw new UsageError(`--db: ${path} cannot be opened as a store: ${e.message}`);
    throw error;
  }
}
