/**
 * The one warning channel of lib/plots: legal but suspicious input (an empty group, a correlation
 * over too few points). Prints to stderr once per distinct message; silence it with
 * `setPlotWarnings(false)` or the environment variable ACTIVESYNTH_PLOT_WARNINGS=0, or route it
 * with `setPlotWarnings((message) => ...)`.
 */
type Sink = (message: string) => void;

let sink: Sink | null = null;
let enabled = process.env.ACTIVESYNTH_PLOT_WARNINGS !== "0";
const seen = new Set<string>();

/** Turns plot warnings on or off, or sends them to a function (tests, notebooks). */
export function setPlotWarnings(setting: boolean | Sink): void {
  if (typeof setting === "function") {
    sink = setting;
    enabled = true;
  } else {
    sink = null;
    enabled = setting;
  }
  seen.clear();
}

/** Reports legal but suspicious input (once per message). */
export function warn(message: string): void {
  if (!enabled) return;
  if (sink) return sink(message);
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(`activesynth plots: ${message} (silence with ACTIVESYNTH_PLOT_WARNINGS=0)`);
}
