// "Did you mean ...?" for unknown names: the closest candidate by edit distance.
//
// The work is bounded, since names and their number come from the file: a name longer than
// MAX_SUGGESTED_LENGTH gets no suggestion, a candidate whose length differs by more than a
// typo's worth is never compared, a comparison stops as soon as it cannot beat the best so
// far, and one search spends at most SEARCH_BUDGET steps of comparison.

/** Names longer than this get no suggestion. */
export const MAX_SUGGESTED_LENGTH = 64;

/** Most cells of the distance tables one search fills, over all its candidates. */
const SEARCH_BUDGET = 200_000;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions). With `max`,
 * only distances up to `max` are worked out: anything further is reported as `max + 1`, in
 * time proportional to `a.length · max`.
 */
export function editDistance(a: string, b: string, max: number = Infinity): number {
  return boundedDistance(a, b, max).distance;
}

function boundedDistance(a: string, b: string, max: number): { distance: number; cells: number } {
  const m = a.length;
  const n = b.length;
  const cap = Math.min(max, Math.max(m, n));
  if (Math.abs(m - n) > cap) return { distance: cap + 1, cells: 0 };
  const big = cap + 1;
  let prev2 = new Array<number>(n + 1).fill(big);
  let prev = Array.from({ length: n + 1 }, (_, j) => (j <= cap ? j : big));
  let cur = new Array<number>(n + 1).fill(big);
  let cells = 0;
  for (let i = 1; i <= m; i++) {
    // Only the diagonal band |i - j| <= cap can hold a distance within cap.
    const lo = Math.max(1, i - cap);
    const hi = Math.min(n, i + cap);
    cur[0] = i <= cap ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    let rowMin = cur[0]!;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = Math.min(d, big);
      if (d < rowMin) rowMin = d;
    }
    if (hi < n) cur[hi + 1] = big;
    cells += hi - lo + 1;
    // Every later row is at least this row's smallest value.
    if (rowMin > cap) return { distance: big, cells };
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return { distance: Math.min(prev[n]!, big), cells };
}

/** The most changes for `name` and `candidate` to count as a typo of each other. */
function typoLimit(name: string, candidate: string): number {
  return Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo:
 * a different case only, or at most a third of the name's letters changed.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length === 0 || name.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  let budget = SEARCH_BUDGET;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    // A longer or shorter candidate than a typo can explain is not compared at all.
    const limit = typoLimit(name, c);
    if (Math.abs(c.length - name.length) > limit) continue;
    let score: number;
    if (c.length === name.length && c.toLowerCase() === lower) score = 0.5;
    else {
      if (budget <= 0) continue;
      // Only a distance that could still win is worth working out.
      const wanted = Math.min(limit, Number.isFinite(bestScore) ? Math.floor(bestScore) : limit);
      const found = boundedDistance(name, c, wanted);
      budget -= found.cells;
      score = found.distance;
      if (score > limit) continue;
    }
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  // Between one- and two-letter names any letter is a typo away: Q is not a misspelt A, but
  // h2 may well be a misspelt h1. Short names must share their first letter.
  const longest = Math.max(name.length, best.length);
  if (longest <= 2 && bestScore >= 1 && name[0]!.toLowerCase() !== best[0]!.toLowerCase()) return undefined;
  return best;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}
