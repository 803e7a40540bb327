// A quick "no" for the many exact decisions synthesis makes only to throw the "no"s away: is the
// output one neuron of the inputs and some extra columns (functions of the inputs)? Where two
// rows differ in input j alone and every extra column agrees on them, the two points differ in
// coordinate j alone, and a neuron's sum rises with x_j on every such pair (w_j > 0) or falls on
// every one (w_j < 0). A rise a → a + e_j and a fall b → b + e_j give (a + e_j) + b = a + (b + e_j),
// two 1-points and two 0-points with one sum: no neuron, as the exact decision would find. A
// look at a few bits, where most candidates fail, instead of a simplex each.

import type { LabelledPoints } from '../train/threshold.js';

/**
 * For each input j, the points (by number) in pairs a, b whose rows differ in input j alone, j
 * being 0 in a's: `[a, b, a, b, …]`.
 */
export function adjacentPairs(rows: readonly number[], n: number): Int32Array[] {
  const index = new Map(rows.map((r, i) => [r, i]));
  return Array.from({ length: n }, (_, j) => {
    const bit = 2 ** (n - 1 - j);
    const out: number[] = [];
    rows.forEach((r, i) => {
      const up = index.get(r + bit);
      if ((r & bit) === 0 && up !== undefined) out.push(i, up);
    });
    return Int32Array.from(out);
  });
}

/**
 * Whether the points (the n inputs, then extra columns) rise with some input on one of its
 * pairs and fall on another, the extra columns agreeing on both points of each: then no neuron
 * computes them.
 */
export function risesAndFalls(pairs: readonly Int32Array[], points: LabelledPoints, n: number): boolean {
  const { dim, x, y } = points;
  for (const list of pairs) {
    let rise = false;
    let fall = false;
    for (let k = 0; k < list.length; k += 2) {
      const a = list[k]!;
      const b = list[k + 1]!;
      let same = true;
      for (let e = n; e < dim; e++) {
        if (x[a * dim + e] !== x[b * dim + e]) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      const step = y[b]! - y[a]!;
      if (step > 0) rise = true;
      else if (step < 0) fall = true;
      if (rise && fall) return true;
    }
  }
  return false;
}
