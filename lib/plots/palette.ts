/** One color per method, the same in every figure (static grey, random blue, loss red...). */
const fixed: Record<string, string> = {
  static: "#7f7f7f",
  random: "#1f77b4",
  loss: "#d62728",
  "gt-loss": "#ff7f0e",
  entropy: "#9467bd",
  reward: "#8c564b",
  "llm-judge": "#e377c2",
  "llm-judge-hard": "#bcbd22",
  lion: "#17becf",
  llm2llm: "#2ca02c",
  badge: "#393b79",
  coreset: "#637939",
};
const extra = ["#843c39", "#7b4173", "#5254a3", "#8ca252", "#bd9e39", "#ad494a"];

/** The color of a method. */
export function methodColor(method: string, index = 0): string {
  return fixed[method] ?? extra[index % extra.length]!;
}
