// Sum-of-products covers: cubes (products of literals) that together cover every row where an
// output is 1 (or 0, for a cover of the complement) and no row where it is the other value.
// Rows the output does not care about may be covered or not.
//
// Greedy and fast, not minimum: each row not yet covered is grown into a prime implicant by
// dropping literals while the cube stays clear of the forbidden rows, then cubes whose rows are
// all covered by others are dropped. Each cube covers a row no earlier cube covers, so a cover
// never has more cubes than the rows it covers.

/** A product of literals: input j appears when bit j of `mask` is set, negated when that bit of `value` is 0. */
export interface Cube {
  /** Bit j (counted from the first input, as bit n−1−j of a row number) set: input j appears. */
  readonly mask: number;
  /** The value the appearing inputs must have, in the same bit positions. */
  readonly value: number;
}

/** Whether the cube contains row r. */
export function contains(cube: Cube, row: number): boolean {
  return (row & cube.mask) === cube.value;
}

/** The number of literals. */
export function literals(cube: Cube): number {
  let count = 0;
  for (let m = cube.mask; m !== 0; m &= m - 1) count++;
  return count;
}

/**
 * A cover of the rows where `wanted[r]` is 1 by cubes that contain no row where `forbidden[r]`
 * is 1. Both are arrays of 2^n bytes; the two sets must be disjoint.
 */
export function cover(n: number, wanted: Uint8Array, forbidden: Uint8Array): Cube[] {
  const rows = 2 ** n;
  const covered = new Uint8Array(rows);
  const cubes: Cube[] = [];
  for (let r = 0; r < rows; r++) {
    if (wanted[r] !== 1 || covered[r] === 1) continue;
    const cube = expand(n, r, forbidden, wanted, covered);
    cubes.push(cube);
    forEachRow(n, cube, (row) => (covered[row] = 1));
  }
  return irredundant(n, cubes, wanted);
}

/**
 * Row r grown into a prime implicant: literals are dropped one at a time, each time the one
 * whose removal adds the most wanted rows not yet covered, while no forbidden row gets in.
 */
function expand(n: number, r: number, forbidden: Uint8Array, wanted: Uint8Array, covered: Uint8Array): Cube {
  let mask = 2 ** n - 1;
  let value = r;
  for (;;) {
    let best = -1;
    let bestGain = -1;
    for (let bit = 0; bit < n; bit++) {
      const b = 1 << bit;
      if ((mask & b) === 0) continue;
      // Dropping the literal adds the half of the cube with that input flipped.
      const half = { mask, value: value ^ b };
      let clear = true;
      let gain = 0;
      forEachRow(n, half, (row) => {
        if (forbidden[row] === 1) clear = false;
        else if (wanted[row] === 1 && covered[row] !== 1) gain++;
      });
      if (clear && gain > bestGain) {
        best = b;
        bestGain = gain;
      }
    }
    if (best < 0) return { mask, value };
    mask &= ~best;
    value &= mask;
  }
}

/** The cubes without those whose wanted rows all lie in other cubes (largest kept first). */
function irredundant(n: number, cubes: Cube[], wanted: Uint8Array): Cube[] {
  const rows = 2 ** n;
  const count = new Int32Array(rows);
  for (const cube of cubes) forEachRow(n, cube, (row) => (count[row]! += wanted[row]!));
  const order = cubes.map((_, i) => i).sort((a, b) => literals(cubes[b]!) - literals(cubes[a]!) || a - b);
  const keep = new Uint8Array(cubes.length).fill(1);
  for (const i of order) {
    let needed = false;
    forEachRow(n, cubes[i]!, (row) => {
      if (wanted[row] === 1 && count[row] === 1) needed = true;
    });
    if (needed) continue;
    keep[i] = 0;
    forEachRow(n, cubes[i]!, (row) => (count[row]! -= wanted[row]!));
  }
  return cubes.filter((_, i) => keep[i] === 1);
}

/** Calls `visit` for every row in the cube. */
export function forEachRow(n: number, cube: Cube, visit: (row: number) => void): void {
  const free = ~cube.mask & (2 ** n - 1);
  // Enumerate the subsets of the free bits.
  let sub = 0;
  for (;;) {
    visit(cube.value | sub);
    if (sub === free) return;
    sub = (sub - free) & free;
  }
}
