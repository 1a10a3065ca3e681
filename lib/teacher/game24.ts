/**
 * Local Game of 24 checks used to validate teacher output: read the four numbers of a puzzle,
 * evaluate an arithmetic expression exactly (rationals, so `8 / (3 - 8 / 3)` is exactly 24), and
 * decide whether a puzzle is solvable.
 * The project's grader (`grade("game24", ...)` in lib/tasks/registry.ts) decides whether an answer
 * is right; these checks validate new puzzles and explain why an answer was rejected.
 */

type Q = [number, number]; // numerator, denominator > 0, reduced

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
const q = (n: number, d: number): Q => {
  if (d === 0) throw new RangeError("division by zero");
  const s = d < 0 ? -1 : 1;
  const g = gcd(n, d) || 1;
  return [(s * n) / g, (s * d) / g];
};
const ops: Record<string, (a: Q, b: Q) => Q> = {
  "+": (a, b) => q(a[0] * b[1] + b[0] * a[1], a[1] * b[1]),
  "-": (a, b) => q(a[0] * b[1] - b[0] * a[1], a[1] * b[1]),
  "*": (a, b) => q(a[0] * b[0], a[1] * b[1]),
  "/": (a, b) => q(a[0] * b[1], a[1] * b[0]),
};

/** The integers of a puzzle text, e.g. `"Use 4 7 8 8 to make 24"` -> [4, 7, 8, 8] (the target 24 is dropped when five numbers are found). */
export function puzzleNumbers(question: string): number[] {
  const nums = (question.match(/\d+/g) ?? []).map(Number);
  if (nums.length === 5 && nums.includes(24)) nums.splice(nums.lastIndexOf(24), 1);
  return nums;
}

/**
 * Evaluates `expr` (integers, + - * / and parentheses; `×`, `÷` accepted) exactly and lists the
 * integers it uses. Throws a `SyntaxError` naming the position on bad input, `RangeError` on division by zero.
 * @example evaluate("(1 + 2 + 3) * 4") // { value: 24, numbers: [1, 2, 3, 4] }
 */
export function evaluate(expr: string): { value: number; numbers: number[] } {
  const src = expr.replace(/×/g, "*").replace(/÷/g, "/");
  const tokens = src.match(/\d+|[-+*/()]|\S/g) ?? [];
  const numbers: number[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`game24 expression: ${what} at token ${i} of "${expr}"`);
  };
  const atom = (): Q => {
    const t = tokens[i++];
    if (t === "(") {
      const v = sum();
      if (tokens[i++] !== ")") fail("missing )");
      return v;
    }
    if (t !== undefined && /^\d+$/.test(t)) {
      numbers.push(Number(t));
      return [Number(t), 1];
    }
    return fail(`unexpected ${t === undefined ? "end" : `"${t}"`}`);
  };
  const product = (): Q => {
    let v = atom();
    while (tokens[i] === "*" || tokens[i] === "/") v = ops[tokens[i++]](v, atom());
    return v;
  };
  const sum = (): Q => {
    let v = product();
    while (tokens[i] === "+" || tokens[i] === "-") v = ops[tokens[i++]](v, product());
    return v;
  };
  const v = sum();
  if (i !== tokens.length) fail(`unexpected "${tokens[i]}"`);
  return { value: v[0] / v[1], numbers };
}

/** Whether `expr` uses exactly the puzzle's numbers (each once) and equals 24; a reason when not. */
export function checkExpression(expr: string, puzzle: number[]): { ok: true } | { ok: false; reason: string } {
  let result: { value: number; numbers: number[] };
  try {
    result = evaluate(expr);
  } catch (error) {
    return { ok: false, reason: `unreadable expression: ${(error as Error).message}` };
  }
  const used = [...result.numbers].sort((a, b) => a - b).join(",");
  const want = [...puzzle].sort((a, b) => a - b).join(",");
  if (used !== want) return { ok: false, reason: `expression uses [${used}], puzzle is [${want}]` };
  if (Math.abs(result.value - 24) > 1e-9) return { ok: false, reason: `expression equals ${result.value}, not 24` };
  return { ok: true };
}

/** Whether the numbers can make 24 with + - * / (exhaustive search over pairs; 4 numbers: ~10^4 steps). */
export function solvable(numbers: number[]): boolean {
  const search = (xs: Q[]): boolean => {
    if (xs.length === 1) return xs[0][0] === 24 * xs[0][1];
    for (let a = 0; a < xs.length; a++)
      for (let b = 0; b < xs.length; b++) {
        if (a === b) continue;
        const rest = xs.filter((_, k) => k !== a && k !== b);
        for (const op of Object.values(ops)) {
          if (xs[b][0] === 0 && op === ops["/"]) continue;
          if (search([...rest, op(xs[a], xs[b])])) return true;
        }
      }
    return false;
  };
  return search(numbers.map((n) => [n, 1] as Q));
}
