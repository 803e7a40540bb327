// "Did you mean ...?" for unknown names: the closest candidate by edit distance.
//
// The work is bounded, since names and their number come from the file: a name longer than
// MAX_SUGGESTED_LENGTH gets no suggestion, a candidate whose length differs by more than a
// typo's worth is never compared, a comparison stops as soon as it cannot beat the best so
// far, and one search spends at most SEARCH_BUDGET steps of comparison.

/** Names longer than this get no suggestion. */
export const MAX_SUGGESTED_LENGTH = 64;

/** Most cells of the distance tables one search fills, over all its candidates. */
const SEARCH_BUDGET = 30_000;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions). With `max`,
 * only distances up to `max` are worked out: anything further is reported as `max + 1`, in
 * time proportional to `a.length · max`.
 */
export function editDistance(a: string, b: string, max: number = Infinity): number {
  return boundedDistance(a, b, max);
}

// Three rows of the distance table, reused by every comparison: a search makes millions of
// them (5,000 unknown names among 10,000 wires), and allocating rows would be most of the work.
let row0 = new Int32Array(0);
let row1 = new Int32Array(0);
let row2 = new Int32Array(0);
/** Table cells the last boundedDistance filled: what it cost. */
let cellsUsed = 0;

function boundedDistance(a: string, b: string, max: number): number {
  cellsUsed = 0;
  const m = a.length;
  const n = b.length;
  const cap = Math.min(max, Math.max(m, n));
  if (Math.abs(m - n) > cap) return cap + 1;
  if (row0.length < n + 1) [row0, row1, row2] = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  const big = cap + 1;
  prev2.fill(big, 0, n + 1);
  cur.fill(big, 0, n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j <= cap ? j : big;
  for (let i = 1; i <= m; i++) {
    // Only the diagonal band |i - j| <= cap can hold a distance within cap.
    const lo = Math.max(1, i - cap);
    const hi = Math.min(n, i + cap);
    cur[0] = i <= cap ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    let rowMin = cur[0]!;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) d = Math.min(d, prev2[j - 2]! + 1);
      if (d > big) d = big;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < n) cur[hi + 1] = big;
    cellsUsed += hi - lo + 1;
    // Every later row is at least this row's smallest value.
    if (rowMin > cap) return big;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return Math.min(prev[n]!, big);
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
  const length = name.length;
  // Indexed: a loop over an iterator costs more in the time before V8 optimises it.
  const list: readonly string[] = Array.isArray(candidates) ? candidates : [...candidates];
  for (let k = 0; k < list.length; k++) {
    const c = list[k]!;
    // A longer or shorter candidate than a typo can explain is not compared at all. The
    // most changes for the two to count as a typo of each other, worked out here rather than
    // in a call: most of a long list (50,000 columns of a data set) goes no further.
    const limit = Math.max(1, Math.floor(Math.max(c.length, length) / 3));
    if (Math.abs(c.length - length) > limit || c === name) continue;
    let score: number;
    if (c.length === name.length && c.toLowerCase() === lower) score = 0.5;
    else {
      if (budget <= 0) continue;
      // Only a distance that could still win is worth working out.
      const wanted = Math.min(limit, Number.isFinite(bestScore) ? Math.floor(bestScore) : limit);
      score = boundedDistance(name, c, wanted);
      budget -= cellsUsed;
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
