/**
 * Normalising a MATH final answer so that equivalent spellings become the same string: the
 * Hendrycks et al. `strip_string` rules plus a few more (`x=` / `x \in` prefixes, text units,
 * `\sqrt2`, `a/b` to `\frac`, unit words).
 */

/** Unit words dropped after a number (`5 cm`, `12 inches`): plural or singular, case-insensitive. */
const UNIT_WORDS = [
  "degrees?", "radians?", "units?", "square units?", "sq units?", "cubic units?", "cm", "mm", "km", "meters?", "metres?",
  "centimeters?", "inches?", "inch", "feet", "foot", "ft", "yards?", "miles?", "mph", "hours?", "minutes?", "mins?", "seconds?",
  "days?", "weeks?", "years?", "dollars?", "cents?", "pounds?", "ounces?", "grams?", "kg", "liters?", "gallons?", "percent",
  "square feet", "square inches", "square meters", "square centimeters", "square units", "cubic feet", "cubic inches",
];
const UNIT_RE = new RegExp(`(?<=[\\d}])\\s*(?:${UNIT_WORDS.join("|")})(?:\\^\\{?[23]\\}?)?\\.?$`, "i");

/** Reads one TeX argument at `i`: a braced group's content or a single character. */
function readArg(s: string, i: number): { arg: string; end: number } | null {
  if (i >= s.length) return null;
  if (s[i] !== "{") return { arg: s[i] === "\\" ? (/^\\[a-zA-Z]+/.exec(s.slice(i))?.[0] ?? s[i]!) : s[i]!, end: i + 1 };
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === "{") depth++;
    else if (s[j] === "}" && --depth === 0) return { arg: s.slice(i + 1, j), end: j + 1 };
  }
  return null;
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{x}` → `\frac{1}{x}`; `\sqrt2` → `\sqrt{2}`. Expects no spaces. */
function braceArgs(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const frac = s.startsWith("\\frac", i) && !/[a-zA-Z]/.test(s[i + 5] ?? "");
    const sqrt = s.startsWith("\\sqrt", i) && !/[a-zA-Z]/.test(s[i + 5] ?? "");
    if (!frac && !sqrt) {
      out += s[i++];
      continue;
    }
    let j = i + 5;
    let root = "";
    if (sqrt && s[j] === "[") {
      const close = s.indexOf("]", j);
      if (close < 0) return out + s.slice(i);
      root = s.slice(j, close + 1);
      j = close + 1;
    }
    const a = readArg(s, j);
    if (!a) return out + s.slice(i);
    if (sqrt) {
      out += `\\sqrt${root}{${braceArgs(a.arg)}}`;
      i = a.end;
      continue;
    }
    const b = readArg(s, a.end);
    if (!b) return out + s.slice(i);
    out += `\\frac{${braceArgs(a.arg)}}{${braceArgs(b.arg)}}`;
    i = b.end;
  }
  return out;
}

/** Removes a trailing `\text{...}` (a unit) when something precedes it, then unwraps the remaining ones. */
function stripTextUnits(s: string): string {
  const trailing = /^(.*\S)\s*\\(?:text|textnormal|textrm|mbox|mathrm)\{[^{}]*\}(?:\^\{?[23]\}?)?\s*\.?$/s;
  for (let m = trailing.exec(s); m && /[\d}.)]$/.test(m[1]!); m = trailing.exec(s)) s = m[1]!;
  return s.replace(/\\(?:text|textnormal|textrm|textbf|mbox|mathrm|mathbf)\{([^{}]*)\}/g, "$1");
}

/**
 * Canonical string of a MATH answer. Equal outputs mean equivalent answers; different outputs
 * may still be equivalent numerically (see `mathEquivalent`).
 * @example normalizeMathAnswer("\\left( 3, \\dfrac{\\pi}{2} \\right)") // "(3,\\frac{\\pi}{2})"
 * @example normalizeMathAnswer("x = 30^\\circ") // "30"
 */
export function normalizeMathAnswer(answer: string): string {
  let s = answer.trim();
  s = s.replace(/\n/g, " ").replace(/\\(?:displaystyle|!|,|;|:| )/g, " ").replace(/~/g, " ");
  s = s.replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])/g, "");
  s = s.replace(/\\[dtc]frac(?![a-zA-Z])/g, "\\frac");
  s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])/g, "");
  s = s.replace(/\\%|%|\\\$|\$/g, "");
  s = s.replace(/\{,\}/g, "");
  s = stripTextUnits(s).trim();
  s = s.replace(/\.$/, "").trim();
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(UNIT_RE, "").trim();
  }
  // `x = 3`, `y=2x+1`, `\theta = 30`, `x \in [1, 2)`: keep the right-hand side of a single `=` / `\in`.
  const lhs = /^(?:[a-zA-Z](?:_\{?\w+\}?)?|\\[a-zA-Z]+)\s*(?:=|\\in\b)\s*(.+)$/s.exec(s);
  if (lhs && !lhs[1]!.includes("=")) s = lhs[1]!;
  s = s.replace(/\s+/g, "");
  s = s.replace(/^\+/, "");
  s = braceArgs(s);
  // Thousands separators: 11,880 / 1,000,000 (only when the whole answer is one such number).
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  s = s.replace(/(^|[^\d])\.(\d)/g, "$10.$2");
  // A single top-level `X/Y` of two simple operands → \frac{X}{Y}.
  const slash = /^(-?)([^/+\-=,]+)\/([^/+\-=,]+)$/.exec(s);
  if (slash) s = `${slash[1]}\\frac{${slash[2]}}{${slash[3]}}`;
  s = s.replace(/^\(([A-Z])\)$/, "$1");
  return s;
}
