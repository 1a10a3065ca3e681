/**
 * A brute-force Game of 24 solver, used to give each puzzle a reference answer (the data has none).
 * Floating point finds a candidate; the exact checker confirms it.
 */
import { checkGame24 } from "./grade.js";

interface Item {
  v: number;
  s: string;
  /** Precedence of the top operator: 3 for a number, 2 for * /, 1 for + -. */
  p: number;
}

function wrap(x: Item, min: number): string {
  return x.p < min ? `(${x.s})` : x.s;
}

/**
 * One expression using each of the numbers once that equals 24, or null when there is none.
 * Cost: at most a few thousand candidate trees for four numbers.
 * @example solveGame24([4n, 9n, 10n, 13n]) // "(4 - 10) * (9 - 13)"
 */
export function solveGame24(numbers: bigint[]): string | null {
  const start: Item[] = numbers.map((n) => ({ v: Number(n), s: String(n), p: 3 }));
  const search = (items: Item[]): string | null => {
    if (items.length === 1) {
      const only = items[0]!;
      return Math.abs(only.v - 24) < 1e-9 && checkGame24(only.s, numbers) === null ? only.s : null;
    }
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < items.length; j++) {
        if (i === j) continue;
        const a = items[i]!;
        const b = items[j]!;
        const rest = items.filter((_, k) => k !== i && k !== j);
        const options: Item[] = [];
        if (i < j) {
          options.push({ v: a.v + b.v, s: `${wrap(a, 1)} + ${wrap(b, 1)}`, p: 1 });
          options.push({ v: a.v * b.v, s: `${wrap(a, 2)} * ${wrap(b, 2)}`, p: 2 });
        }
        options.push({ v: a.v - b.v, s: `${wrap(a, 1)} - ${wrap(b, 2)}`, p: 1 });
        if (b.v !== 0) options.push({ v: a.v / b.v, s: `${wrap(a, 2)} / ${wrap(b, 3)}`, p: 2 });
        for (const o of options) {
          const found = search([...rest, o]);
          if (found !== null) return found;
        }
      }
    }
    return null;
  };
  return search(start);
}
