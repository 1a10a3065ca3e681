/** The teacher-call part of the Store, in memory, for tests and benches. */
import type { CallStatus, Store, TeacherCallRow } from "../../../lib/store/types.js";

export class MemoryCallStore implements Pick<Store, "getTeacherCall" | "putTeacherCall" | "listTeacherCalls"> {
  readonly rows = new Map<string, TeacherCallRow>();
  getTeacherCall(key: string): TeacherCallRow | null {
    return this.rows.get(key) ?? null;
  }
  putTeacherCall(row: TeacherCallRow): void {
    this.rows.set(row.key, structuredClone(row));
  }
  listTeacherCalls(filter: { runId?: string; status?: CallStatus }): TeacherCallRow[] {
    return [...this.rows.values()].filter(
      (r) => (filter.runId === undefined || r.runId === filter.runId) && (filter.status === undefined || r.status === filter.status),
    );
  }
}

/** A clock whose sleeps are recorded; `virtual` sleeps advance time at once, otherwise they really wait. */
export class RecordingClock {
  readonly sleeps: number[] = [];
  private t = 0;
  constructor(private readonly virtual: boolean) {}
  now(): number {
    return this.virtual ? this.t : Date.now();
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    if (this.virtual) this.t += ms;
    else await new Promise((r) => setTimeout(r, ms));
  }
}
