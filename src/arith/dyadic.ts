// A double's exact value as m / 2^e: BigInt arithmetic on these is exact, and cheaper than on
// rationals, since there is never a gcd to take.

/** m / 2^e exactly, e >= 0. */
export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

/** The exact value of a finite double. */
export function dyadic(v: number): Dyadic {
  if (!Number.isFinite(v)) throw new RangeError(`${v} has no exact value`);
  let m = v;
  let e = 0;
  // Doubling is exact, and a non-integer double becomes an integer within 1074 doublings.
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  return { m: BigInt(m), e };
}

export function product(a: Dyadic, b: Dyadic): Dyadic {
  return { m: a.m * b.m, e: a.e + b.e };
}
