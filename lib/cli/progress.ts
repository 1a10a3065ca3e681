/**
 * Progress bars with ETA on a terminal (redrawn in place), or one plain line per change of state
 * when the output is not a terminal (CI logs).
 */
export interface Bar {
  label: string;
  done: number;
  total: number;
  detail: string;
  startedAt: number;
}

export class ProgressBoard {
  private readonly bars = new Map<string, Bar>();
  private drawn = 0;
  private lastDraw = 0;
  private readonly lastPlain = new Map<string, number>();
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly now: () => number = Date.now) {
    this.tty = Boolean(stream.isTTY) && process.env.CI !== "true";
  }

  /** Creates or updates a bar; `done`/`total` in any unit (iterations, runs). */
  update(key: string, label: string, done: number, total: number, detail = ""): void {
    const bar = this.bars.get(key);
    // plain output: a line when the bar moves or its step changes, else at most one per 10 s
    const stepOf = (d: string) => d.replace(/[\d/.%@|]+/g, "");
    const t = this.now();
    const changed = !bar || bar.done !== done || stepOf(bar.detail) !== stepOf(detail) || t - (this.lastPlain.get(key) ?? 0) > 10_000;
    if (changed) this.lastPlain.set(key, t);
    if (bar) Object.assign(bar, { label, done, total, detail });
    else this.bars.set(key, { label, done, total, detail, startedAt: this.now() });
    if (this.tty) this.draw(false);
    else if (changed) this.stream.write(this.line(this.bars.get(key)!) + "\n");
  }

  /** Writes a message above the bars. */
  log(message: string): void {
    if (this.tty) {
      this.clear();
      this.stream.write(message + "\n");
      this.draw(true);
    } else this.stream.write(message + "\n");
  }

  /** Leaves the final state on screen. */
  finish(): void {
    if (this.tty) this.draw(true);
    this.drawn = 0;
  }

  private clear(): void {
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.clear();
    const lines = [...this.bars.values()].map((b) => this.line(b));
    this.stream.write(lines.join("\n") + "\n");
    this.drawn = lines.length;
  }

  private line(bar: Bar): string {
    const width = 24;
    const fraction = bar.total > 0 ? Math.min(1, bar.done / bar.total) : 0;
    const filled = Math.round(fraction * width);
    const elapsed = (this.now() - bar.startedAt) / 1000;
    const eta = fraction > 0 && fraction < 1 ? formatSeconds((elapsed / fraction) * (1 - fraction)) : fraction >= 1 ? "done" : "--";
    const label = bar.label.padEnd(18).slice(0, 18);
    return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(bar.done).padStart(3)}/${bar.total} ${formatSeconds(elapsed)} eta ${eta} ${bar.detail}`;
  }
}

/** `75` → `1m15s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
