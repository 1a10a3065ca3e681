/**
 * Pulling the final answer out of a MATH-style solution: the content of the last `\boxed{...}`
 * (or `\fbox{...}`), with nested braces.
 */

/**
 * Content of the last `\boxed{...}` / `\fbox{...}` in `text`, braces matched (escaped `\{`, `\}`
 * do not count); `\boxed 5` (no braces) reads up to the next space or `$`. Null when there is none
 * or the last one is never closed.
 * @example lastBoxed("so $\\boxed{\\frac{1}{2}}$.") // "\\frac{1}{2}"
 * @example lastBoxed("\\boxed{a} then \\boxed{\\{1,2\\}}") // "\\{1,2\\}"
 */
export function lastBoxed(text: string): string | null {
  const re = /\\(?:boxed|fbox)\b/g;
  let start = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) start = m.index + m[0].length;
  if (start < 0) return null;
  let i = start;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  if (text[i] !== "{") {
    const m = /^[^\s$]+/.exec(text.slice(i));
    return m ? m[0] : null;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === "\\") {
      j++;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return text.slice(i + 1, j);
    }
  }
  return null;
}
