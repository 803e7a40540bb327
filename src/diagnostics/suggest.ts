// "Did you mean ...?" for unknown names: the closest candidate by edit distance.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo:
 * a different case only, or at most a third of the name's letters changed.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const score = c.toLowerCase() === lower ? 0.5 : editDistance(name, c);
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const longest = Math.max(name.length, best.length);
  // Between one- and two-letter names any letter is a typo away: Q is not a misspelt A, but
  // h2 may well be a misspelt h1. Short names must share their first letter.
  if (longest <= 2 && bestScore >= 1 && name[0]!.toLowerCase() !== best[0]!.toLowerCase()) return undefined;
  const limit = Math.max(1, Math.floor(longest / 3));
  return bestScore <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}
