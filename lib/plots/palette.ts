/**
 * Fixed colors: one per method and one per kind of example, the same in every figure, so a color
 * keeps its meaning across a folder of figures (loss is red wherever it is drawn, `mul` orange in
 * every selections figure and histogram).
 */

/** One color per method (static grey, random blue, loss red...). */
export const METHOD_COLORS: Readonly<Record<string, string>> = {
  static: "#7f7f7f",
  random: "#1f77b4",
  loss: "#d62728",
  "gt-loss": "#ff7f0e",
  entropy: "#9467bd",
  margin: "#7b4173",
  reward: "#8c564b",
  "llm-judge": "#e377c2",
  "llm-judge-hard": "#bcbd22",
  lion: "#17becf",
  llm2llm: "#2ca02c",
  badge: "#393b79",
  coreset: "#637939",
};

/** One color per arith kind (the other tasks' kinds are hashed into KIND_EXTRA). */
export const KIND_COLORS: Readonly<Record<string, string>> = {
  add: "#4c78a8",
  sub: "#54a24b",
  addsub: "#b279a2",
  mul: "#f58518",
  "(none)": "#bab0ac",
};

const METHOD_EXTRA = ["#843c39", "#5254a3", "#8ca252", "#bd9e39", "#ad494a", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];
const KIND_EXTRA = ["#e45756", "#72b7b2", "#eeca3b", "#9d755d", "#ff9da6", "#79706e", "#d67195", "#b6992d", "#499894", "#8cd17d", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#86bcb6"];

/** FNV-1a over the UTF-16 code units: a small stable hash (the same name, the same color, in every process). */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const hashed = (name: string, palette: readonly string[]) => palette[hash(name) % palette.length]!;

/**
 * The color of a method: fixed for the known methods, else a stable hash of the name into a
 * second palette (a method's color never depends on which other methods a figure shows).
 * `index` is ignored (kept for callers of the old signature).
 *
 * @example methodColor("loss") // "#d62728"
 */
export function methodColor(method: string, index?: number): string {
  void index;
  return METHOD_COLORS[method] ?? hashed(method, METHOD_EXTRA);
}

/**
 * The color of a kind of example (or any group label that is not a method): fixed for the arith
 * kinds, else a stable hash of the name into a palette that the fixed colors are not in.
 *
 * @example kindColor("mul") // "#f58518"
 */
export function kindColor(kind: string): string {
  return KIND_COLORS[kind] ?? hashed(kind, KIND_EXTRA);
}

function resolve(names: readonly string[], fixed: Readonly<Record<string, string>>, palette: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const unique = [...new Set(names)];
  for (const n of unique) {
    const c = fixed[n];
    if (c !== undefined) {
      out.set(n, c);
      used.add(c);
    }
  }
  // hashed names in sorted order, each taking the next free palette color on a clash, so the
  // result depends on the set of names only (not their order)
  for (const n of unique.filter((x) => fixed[x] === undefined).sort()) {
    const start = hash(n) % palette.length;
    let c = palette[start]!;
    for (let k = 0; k < palette.length && used.has(c); k++) c = palette[(start + k) % palette.length]!;
    out.set(n, c);
    used.add(c);
  }
  return out;
}

/**
 * Colors for the kinds one figure shows: `kindColor` of each, except that two hashed names that
 * land on the same color in this figure are told apart (the later in sorted order moves to the
 * next free color). Depends on the set of names only.
 */
export function kindColors(kinds: readonly string[]): Map<string, string> {
  return resolve(kinds, KIND_COLORS, KIND_EXTRA);
}

/** Colors for the methods one figure shows: `methodColor` of each, hash clashes resolved as in `kindColors`. */
export function methodColors(methods: readonly string[]): Map<string, string> {
  return resolve(methods, METHOD_COLORS, METHOD_EXTRA);
}
