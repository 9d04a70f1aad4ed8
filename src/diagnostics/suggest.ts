/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i]![0] = i;
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidate to `name`, or undefined when none is close enough to be a
 * plausible typo (at most a third of the name's length, and at least 1, edits away).
 * Case differences count as half an edit so `logged in` finds `Logged In`.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const exact = editDistance(name, candidate);
    const folded = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const score = Math.min(exact, folded + 0.5);
    const prefix = candidate.startsWith(name) || name.startsWith(candidate);
    if (
      (score <= limit || (prefix && Math.min(name.length, candidate.length) >= 3)) &&
      score < bestScore
    ) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

export function didYouMean(name: string, candidates: Iterable<string>, quote = '`'): string[] {
  const match = closestName(name, candidates);
  return match === undefined ? [] : [`did you mean ${quote}${match}${quote}?`];
}
