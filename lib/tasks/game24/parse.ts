/**
 * A small tokenizer and recursive-descent parser for Game of 24 expressions, and an exact
 * evaluator. Model output is never passed to `eval`.
 *
 * Grammar (usual precedence, left-associative):
 *   expr   := term (("+" | "-") term)*
 *   term   := factor (("*" | "/") factor)*
 *   factor := NUMBER | "(" expr ")"
 * Accepted spellings: `*`, `×`, `x`, `X`, `·`, `\times`, `\cdot` for times; `/`, `÷`, `\div` for
 * division; `−`, `–` for minus; `[]` and `{}` as parentheses. Unary minus is not allowed (the
 * game gives positive numbers and the four binary operations only).
 */
import { add, div, mul, rational, sub, type Rational } from "./rational.js";

/** Expression tree. */
export type Expr =
  | { kind: "num"; value: bigint }
  | { kind: "op"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr };

type Token = { t: "num"; v: bigint } | { t: "op"; v: "+" | "-" | "*" | "/" } | { t: "(" } | { t: ")" };

/** Thrown for text that is not an expression of the grammar. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

/** Splits an expression into tokens. @throws ExpressionError on any other character. */
export function tokenize(text: string): Token[] {
  const s = text
    .replace(/\\left|\\right/g, "")
    .replace(/\\times|\\cdot/g, "*")
    .replace(/\\div/g, "/");
  const out: Token[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/\d/.test(c)) {
      let j = i;
      while (j < s.length && /\d/.test(s[j]!)) j++;
      if (s[j] === "." && /\d/.test(s[j + 1] ?? "")) throw new ExpressionError(`decimal numbers are not allowed (at ${i})`);
      out.push({ t: "num", v: BigInt(s.slice(i, j)) });
      i = j;
    } else if ("+".includes(c)) {
      out.push({ t: "op", v: "+" }), i++;
    } else if ("-−–".includes(c)) {
      out.push({ t: "op", v: "-" }), i++;
    } else if ("*×xX·∗".includes(c)) {
      out.push({ t: "op", v: "*" }), i++;
    } else if ("/÷".includes(c)) {
      out.push({ t: "op", v: "/" }), i++;
    } else if ("([{".includes(c)) {
      out.push({ t: "(" }), i++;
    } else if (")]}".includes(c)) {
      out.push({ t: ")" }), i++;
    } else {
      throw new ExpressionError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return out;
}

/**
 * Parses an expression into a tree.
 * @throws ExpressionError for empty input, unbalanced parentheses, a missing operand or trailing tokens.
 * @example parseExpression("(10 - 4) * (13 - 9)").kind // "op"
 */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const expr = (): Expr => {
    let left = term();
    for (let tk = peek(); tk && tk.t === "op" && (tk.v === "+" || tk.v === "-"); tk = peek()) {
      pos++;
      left = { kind: "op", op: tk.v, left, right: term() };
    }
    return left;
  };
  const term = (): Expr => {
    let left = factor();
    for (let tk = peek(); tk && tk.t === "op" && (tk.v === "*" || tk.v === "/"); tk = peek()) {
      pos++;
      left = { kind: "op", op: tk.v, left, right: factor() };
    }
    return left;
  };
  const factor = (): Expr => {
    const tk = tokens[pos++];
    if (!tk) throw new ExpressionError("unexpected end of expression");
    if (tk.t === "num") return { kind: "num", value: tk.v };
    if (tk.t === "(") {
      const inner = expr();
      if (tokens[pos]?.t !== ")") throw new ExpressionError("missing closing parenthesis");
      pos++;
      return inner;
    }
    throw new ExpressionError(`expected a number or "(" but found ${tk.t === "op" ? tk.v : tk.t}`);
  };
  if (tokens.length === 0) throw new ExpressionError("empty expression");
  const tree = expr();
  if (pos !== tokens.length) throw new ExpressionError("unexpected text after the expression");
  return tree;
}

/** Exact value of a tree. @throws RangeError "division by zero". */
export function evaluate(e: Expr): Rational {
  if (e.kind === "num") return rational(e.value);
  const a = evaluate(e.left);
  const b = evaluate(e.right);
  return e.op === "+" ? add(a, b) : e.op === "-" ? sub(a, b) : e.op === "*" ? mul(a, b) : div(a, b);
}

/** The numbers used by a tree, left to right. */
export function leaves(e: Expr): bigint[] {
  return e.kind === "num" ? [e.value] : [...leaves(e.left), ...leaves(e.right)];
}
