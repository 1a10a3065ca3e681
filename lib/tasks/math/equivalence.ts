/**
 * Whether two MATH answers are equivalent: same normal form, or the same exact rational number
 * (`\frac12`, `1/2`, `0.5`, `\dfrac{1}{2}`), or tuples/intervals with the same brackets whose
 * elements are equivalent in order.
 */
import { equals, parseDecimal, rational, add, sub, type Rational } from "../game24/rational.js";
import { normalizeMathAnswer } from "./normalize.js";

/**
 * The exact value of a normalised answer when it is a plain number: an integer or terminating
 * decimal, `\frac{a}{b}` or `a/b` of integers (optionally negated), or a mixed number `2\frac{1}{3}`.
 * Null otherwise (`0.333` is 333/1000, never 1/3).
 */
export function exactValue(normal: string): Rational | null {
  const dec = parseDecimal(normal);
  if (dec) return dec;
  let m = /^(-?)\\frac\{(-?\d+(?:\.\d+)?)\}\{(-?\d+(?:\.\d+)?)\}$/.exec(normal);
  if (m) {
    const num = parseDecimal(m[2]!);
    const den = parseDecimal(m[3]!);
    if (!num || !den || den.n === 0n) return null;
    const r = rational(num.n * den.d, num.d * den.n);
    return m[1] === "-" ? rational(-r.n, r.d) : r;
  }
  m = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/.exec(normal);
  if (m && BigInt(m[4]!) !== 0n) {
    const whole = rational(BigInt(m[2]!));
    const frac = rational(BigInt(m[3]!), BigInt(m[4]!));
    const r = add(whole, frac);
    return m[1] === "-" ? sub(rational(0n), r) : r;
  }
  return null;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "\\{": "\\}" };

/** Splits at top-level commas (outside (), [], {}). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && (s[i + 1] === "{" || s[i + 1] === "}")) {
      depth += s[i + 1] === "{" ? 1 : -1;
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** `{ open, close, items }` when the normal form is one bracketed, comma-separated group; else null. */
function asGroup(s: string): { open: string; close: string; items: string[] } | null {
  const open = s.startsWith("\\{") ? "\\{" : s[0] ?? "";
  if (!(open in OPEN)) return null;
  const close = s.endsWith("\\}") ? "\\}" : s[s.length - 1]!;
  if (![")", "]", "\\}"].includes(close) || s.length < open.length + close.length) return null;
  // The opening bracket must be closed by the last character, not earlier: "(1)+(2)" is no group.
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && (s[i + 1] === "{" || s[i + 1] === "}")) continue;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth === 0 && i !== s.length - 1) return null;
  }
  return { open, close, items: splitTopLevel(s.slice(open.length, s.length - close.length)) };
}

function normalsEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = exactValue(a);
  const rb = exactValue(b);
  if (ra && rb) return equals(ra, rb);
  const ga = asGroup(a);
  const gb = asGroup(b);
  if (ga && gb) {
    return (
      ga.open === gb.open &&
      ga.close === gb.close &&
      ga.items.length === gb.items.length &&
      ga.items.every((x, i) => normalsEquivalent(normalizeMathAnswer(x), normalizeMathAnswer(gb.items[i]!)))
    );
  }
  const la = splitTopLevel(a);
  const lb = splitTopLevel(b);
  if (la.length > 1 && la.length === lb.length) {
    return la.every((x, i) => normalsEquivalent(normalizeMathAnswer(x), normalizeMathAnswer(lb[i]!)));
  }
  return false;
}

/**
 * True when two final answers (the contents of `\boxed{}`) are equivalent.
 * Order matters inside tuples, intervals and lists; brackets must agree (`(1,2]` is not `[1,2)`).
 * @example mathEquivalent("\\frac12", "0.5") // true
 * @example mathEquivalent("(1,2]", "[1,2)") // false
 */
export function mathEquivalent(a: string, b: string): boolean {
  return normalsEquivalent(normalizeMathAnswer(a), normalizeMathAnswer(b));
}
