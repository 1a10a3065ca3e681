/**
 * Group commit of teacher call rows: the rows of calls that finish in the same turn of the event
 * loop (a burst of 256 answers in flight) are written in one SQLite transaction instead of one
 * each. A call's result is returned only after its row is written (`write` resolves after the
 * commit), so a kill never loses a call whose answer was used: a resume finds every one in the
 * cache and pays for none again.
 */
import type { Store, TeacherCallRow } from "../store/types.js";

/** The part of the store the teacher-call cache needs. */
export type TeacherCallStore = Pick<Store, "getTeacherCall" | "putTeacherCall"> & Partial<Pick<Store, "putTeacherCalls">>;

export class CallWriter {
  private queue: TeacherCallRow[] = [];
  private waiting: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly store: TeacherCallStore) {}

  /** Queues a row; resolves once it is in the store (with the other rows of this turn). */
  write(row: TeacherCallRow): Promise<void> {
    this.queue.push(row);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return done;
  }

  private flush(): void {
    const rows = this.queue;
    const waiting = this.waiting;
    this.queue = [];
    this.waiting = [];
    this.scheduled = false;
    try {
      if (this.store.putTeacherCalls) this.store.putTeacherCalls(rows);
      else for (const r of rows) this.store.putTeacherCall(r);
      for (const w of waiting) w.resolve();
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
  }
}
