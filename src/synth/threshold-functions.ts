// Every threshold function of n inputs (n <= 5), listed exactly: the first hidden neuron of a
// network can compute only these, and their numbers are the check of the exact core (OEIS
// A000609: 2, 4, 14, 104, 1882, 94572 for n = 0 … 5).
//
// A function is a bit mask of its truth table: bit r is its value on row r, in nn's row order
// (the first input most significant), so n <= 5 fits a 32-bit word. The list grows one input
// at a time: fixing the last input of a threshold function w·x + w_n·x_n + b to 0 and to 1
// gives two threshold functions f0 and f1 of the other inputs, with f0 <= f1 where w_n >= 0
// and f1 <= f0 where w_n <= 0. So every threshold function of n inputs is among the
// interleavings of such comparable pairs, and each candidate is decided exactly.

import { decideNeuron, type LabelledPoints, type NeuronDecision } from '../train/threshold.js';

/** The largest n whose functions fit a 32-bit mask. */
export const MAX_MASK_INPUTS = 5;

/** All 2^n input rows as points, row-major, first input first. */
export function cubePoints(n: number): Uint8Array {
  const rows = 2 ** n;
  const x = new Uint8Array(rows * n);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) x[r * n + j] = (r >>> (n - 1 - j)) & 1;
  return x;
}

/** The labelled points of a function mask on all 2^n rows. */
export function maskPoints(n: number, mask: number, x: Uint8Array = cubePoints(n)): LabelledPoints {
  const rows = 2 ** n;
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) y[r] = (mask >>> r) & 1;
  return { dim: n, count: rows, x, y };
}

/**
 * Whether one neuron computes the function `mask` of n inputs (n <= 5), decided exactly. Most
 * functions are settled by a look at their bits: a threshold function rises with an input
 * everywhere (w_j > 0), falls everywhere (w_j < 0) or ignores it, so a function that rises
 * with x_j from row a and falls from row b is none, and the rows a + e_j, b (giving 1) and
 * a, b + e_j (giving 0) have equal sums: the certificate. The rest go to the integer simplex.
 */
export function decideMask(n: number, mask: number, x: Uint8Array = cubePoints(n)): NeuronDecision {
  for (let j = 0; j < n; j++) {
    const bit = 2 ** (n - 1 - j);
    const low = LOW_HALF[n]![j]!;
    const at0 = mask & low; // f on the rows where x_j = 0
    const at1 = (mask >>> bit) & low; // f one step up in x_j, at the same positions
    const rise = ~at0 & at1 & low;
    const fall = at0 & ~at1 & low;
    if (rise !== 0 && fall !== 0) {
      const a = lowestBit(rise);
      const b = lowestBit(fall);
      const term = (point: number) => ({ point, multiplier: 1n });
      return { kind: 'impossible', positives: [term(a + bit), term(b)], negatives: [term(a), term(b + bit)] };
    }
  }
  return decideNeuron(maskPoints(n, mask, x));
}

/** LOW_HALF[n][j]: the mask of the rows of n inputs where input j is 0. */
const LOW_HALF: number[][] = Array.from({ length: MAX_MASK_INPUTS + 1 }, (_, n) =>
  Array.from({ length: n }, (_, j) => {
    let m = 0;
    for (let r = 0; r < 2 ** n; r++) if ((r & (2 ** (n - 1 - j))) === 0) m |= 1 << r;
    return m >>> 0;
  }),
);

function lowestBit(v: number): number {
  return 31 - Math.clz32(v & -v);
}

const cache = new Map<number, Uint32Array>();

/**
 * The masks of every threshold function of n inputs, in increasing order. n <= 5; the list for
 * 5 inputs (94,572 functions) takes some seconds to build, the smaller ones milliseconds.
 * Kept once built.
 */
export function thresholdFunctions(n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0 || n > MAX_MASK_INPUTS) throw new RangeError(`thresholdFunctions needs 0 <= n <= ${MAX_MASK_INPUTS}, got ${n}`);
  const known = cache.get(n);
  if (known) return known;
  const list = n === 0 ? Uint32Array.of(0, 1) : extend(thresholdFunctions(n - 1), n);
  cache.set(n, list);
  return list;
}

function extend(previous: Uint32Array, n: number): Uint32Array {
  const x = cubePoints(n);
  const half = 2 ** (n - 1);
  const found: number[] = [];
  // Only pairs f0 <= f1 (w_n >= 0) are decided: the pairs f1 <= f0 are their mirror images
  // under x_n ↦ 1 − x_n, which keeps a function threshold (negate w_n, add it to b).
  for (const f0 of previous) {
    for (const f1 of previous) {
      if ((f0 & ~f1) !== 0) continue;
      const f = interleave(f0, f1, half);
      if (decideMask(n, f, x).kind !== 'neuron') continue;
      found.push(f);
      if (f0 !== f1) found.push(interleave(f1, f0, half));
    }
  }
  return Uint32Array.from(found).sort();
}

/** The function of n inputs that is f0 where the last input is 0 and f1 where it is 1. */
function interleave(f0: number, f1: number, half: number): number {
  let f = 0;
  for (let r = 0; r < half; r++) {
    if ((f0 >>> r) & 1) f |= 1 << (2 * r);
    if ((f1 >>> r) & 1) f |= 1 << (2 * r + 1);
  }
  return f >>> 0;
}
