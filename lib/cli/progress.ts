/**
 * Progress bars on a terminal (redrawn in place, at most 10 times a second), or throttled plain
 * lines when the output is not a terminal (CI logs): a line when a bar's count or step changes,
 * else at most one per bar every 10 s; a bar counted in a unit (training steps, generated
 * samples) only every 10 s and when it completes. Labels are never cut: the label column is as wide as the longest.
 *
 *     const board = new ProgressBoard();
 *     board.update("loss-s0", "loss-s0", 1, 4, "it 1: train");
 *     board.update("loss-s0/step", "train", 120, 232, "", { parent: "loss-s0", unit: "steps" });
 */
export interface Bar {
  label: string;
  done: number;
  total: number;
  detail: string;
  startedAt: number;
  /** Key of the bar this one is drawn under (indented). */
  parent?: string;
  /** What `done` counts when it moves fast ("steps", "samples"): the bar shows a rate, and plain output is throttled. */
  unit?: string;
}

const PLAIN_EVERY_MS = 10_000;
const LABEL_MAX = 48;

export class ProgressBoard {
  private readonly bars = new Map<string, Bar>();
  private drawn = 0;
  private lastDraw = 0;
  private readonly lastPlain = new Map<string, number>();
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly now: () => number = Date.now, tty?: boolean) {
    this.tty = tty ?? (Boolean(stream.isTTY) && process.env.CI !== "true");
  }

  /** Creates or updates a bar; `done`/`total` in any unit (iterations, runs, steps). A bar with a new label restarts its clock. */
  update(key: string, label: string, done: number, total: number, detail = "", options: { parent?: string; unit?: string } = {}): void {
    const bar = this.bars.get(key);
    const t = this.now();
    const stepOf = (d: string) => d.replace(/[\d/.%@|,]+/g, "");
    const last = this.lastPlain.get(key);
    // bars counted in a unit (steps, samples) move often: throttled; the others print each move
    const counted = options.unit !== undefined;
    const moved = !bar || bar.label !== label || (!counted && (bar.done !== done || stepOf(bar.detail) !== stepOf(detail)));
    const complete = total > 0 && done >= total && (!bar || bar.done < total);
    const due = last === undefined || t - last >= PLAIN_EVERY_MS;
    if (bar && bar.label === label) Object.assign(bar, { done, total, detail });
    else this.bars.set(key, { label, done, total, detail, startedAt: t, ...options });
    if (this.tty) return this.draw(false);
    if (moved || complete || due) {
      this.lastPlain.set(key, t);
      this.stream.write(this.line(this.bars.get(key)!, this.labelWidth()).trimEnd() + "\n");
    }
  }

  /** Removes a bar (a finished sub-bar). */
  remove(key: string): void {
    if (this.bars.delete(key) && this.tty) this.draw(true);
    this.lastPlain.delete(key);
  }

  /** Writes a message above the bars. */
  log(message: string): void {
    if (this.tty) {
      this.clear();
      this.stream.write(message + "\n");
      this.draw(true);
    } else this.stream.write(message + "\n");
  }

  /** Leaves the final state on screen (sub-bars dropped). */
  finish(): void {
    for (const [key, bar] of this.bars) if (bar.parent !== undefined) this.bars.delete(key);
    if (this.tty) this.draw(true);
    this.drawn = 0;
  }

  private labelWidth(): number {
    let width = 0;
    for (const b of this.bars.values()) width = Math.max(width, b.label.length + (b.parent !== undefined ? 2 : 0));
    return Math.min(LABEL_MAX, width);
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
    const width = this.labelWidth();
    const lines: string[] = [];
    for (const [key, bar] of this.bars) {
      if (bar.parent !== undefined) continue;
      lines.push(this.line(bar, width));
      for (const sub of this.bars.values()) if (sub.parent === key) lines.push(this.line(sub, width));
    }
    this.stream.write(lines.join("\n") + "\n");
    this.drawn = lines.length;
  }

  private line(bar: Bar, labelWidth: number): string {
    const sub = bar.parent !== undefined;
    const width = sub ? 16 : 24;
    const fraction = bar.total > 0 ? Math.min(1, bar.done / bar.total) : 0;
    const filled = Math.round(fraction * width);
    const elapsed = (this.now() - bar.startedAt) / 1000;
    const eta = fraction > 0 && fraction < 1 ? formatSeconds((elapsed / fraction) * (1 - fraction)) : fraction >= 1 ? "done" : "--";
    const label = (sub ? `  ${bar.label}` : bar.label).padEnd(labelWidth);
    const rate = bar.unit !== undefined && elapsed > 0 && bar.done > 0 ? ` ${formatRate(bar.done / elapsed)} ${bar.unit}/s` : "";
    const bars = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
    return `${label} ${bars} ${String(bar.done).padStart(3)}/${bar.total}${rate} ${formatSeconds(elapsed)} eta ${eta} ${bar.detail}`;
  }
}

/** `75` → `1m15s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A rate with about three significant digits: `12.3`, `0.52`, `140`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 100) return String(Math.round(perSecond));
  if (perSecond >= 10) return perSecond.toFixed(1);
  return perSecond.toFixed(2);
}
