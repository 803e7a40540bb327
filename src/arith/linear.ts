// Exact linear algebra on rationals.

import { add, div, mul, neg, ZERO, type Rational } from './rational.js';

/**
 * Solves A t = rhs exactly by Gauss–Jordan elimination; free unknowns are set to 0.
 * Undefined when the system is inconsistent.
 */
export function solveLinear(a: readonly (readonly Rational[])[], rhs: readonly Rational[]): Rational[] | undefined {
  const unknowns = a[0]?.length ?? 0;
  const m = a.map((row, r) => [...row, rhs[r]!]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns && r < m.length; c++) {
    const p = m.findIndex((row, k) => k >= r && row[c]!.num !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const pivot = m[r]![c]!;
    m[r] = m[r]!.map((v) => div(v, pivot));
    for (let k = 0; k < m.length; k++) {
      const f = m[k]![c]!;
      if (k !== r && f.num !== 0n) m[k] = m[k]!.map((v, cc) => add(v, neg(mul(f, m[r]![cc]!))));
    }
    pivots.push(c);
    r++;
  }
  if (m.slice(r).some((row) => row[unknowns]!.num !== 0n)) return undefined;
  const t = new Array<Rational>(unknowns).fill(ZERO);
  pivots.forEach((c, k) => (t[c] = m[k]![unknowns]!));
  return t;
}

