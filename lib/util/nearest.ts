/**
 * The known name closest to a misspelt one, for "did you mean" hints: a case-insensitive match,
 * else the candidate within edit distance 2 (at most a third of the name's length), else null.
 * @example nearest("replya", ["replay", "replayPerSample"]) // "replay"
 * @example nearest("temprature", ["temperature", "maxTokens"]) // "temperature"
 */
export function nearest(name: string, candidates: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(name.length / 3));
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= bestDistance && (best === null || d < editDistance(lower, best.toLowerCase()))) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** " (did you mean X?)" when a near candidate exists, else "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const hit = nearest(name, candidates);
  return hit ? ` (did you mean ${JSON.stringify(hit)}?)` : "";
}

/** Levenshtein distance (insert, delete, substitute; a transposition counts as 2). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
