/** A plotly figure as plain data: what every builder in lib/plots returns (no I/O, no DOM). */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}
