/**
 * Groups items by a key, keeping first-appearance order.
 * @example [...groupBy(["ab", "c", "ad"], (s) => s[0]).values()] // [["ab", "ad"], ["c"]]
 */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(item);
  }
  return out;
}
