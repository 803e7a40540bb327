// A seeded pseudo-random generator, so that the same file gives the same weights on every machine.
//
// xoshiro128** (Blackman & Vigna) works on 32-bit integers only, which JavaScript computes
// exactly (`Math.imul`, shifts, xor), so the stream of integers is identical everywhere.
// Its 128-bit state is filled from the 32-bit seed by a splitmix-style mixer, so that nearby
// seeds (1, 2, 3, ...) give unrelated streams.
//
// `normal()` also needs `Math.log` and `Math.cos`. Node's V8 implements both with ports of
// fdlibm rather than the platform's libm, so they round identically on every machine running
// Node; another JavaScript engine could differ in the last bit.

const TWO_TO_32 = 4294967296;

/** A seeded stream of pseudo-random numbers. The seed is taken modulo 2^32. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    let z = seed >>> 0;
    const mix = (): number => {
      z = (z + 0x9e3779b9) | 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
      return (t ^ (t >>> 16)) >>> 0;
    };
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    // xoshiro is stuck at the all-zero state; the mixer never produces it, but be sure.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1), a multiple of 2^-32 (exact in a double). */
  next(): number {
    return this.nextUint32() / TWO_TO_32;
  }

  /** A uniform integer in [0, n), without the bias of `floor(next() * n)`. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_TO_32) throw new RangeError(`below(n) needs 1 <= n <= 2^32, got ${n}`);
    // Reject the top sliver of the 32-bit range that does not divide evenly into n buckets.
    const limit = TWO_TO_32 - remainder(TWO_TO_32, n);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return remainder(r, n);
  }

  /**
   * A standard normal draw, N(0, 1), by the Box–Muller transform. Each call uses two uniforms
   * and returns one of the pair, so the stream position depends only on the number of calls.
   */
  normal(): number {
    const u = 1 - this.next(); // in (0, 1]: log(u) is finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * a mod b for whole 0 <= a <= 2^32 and 1 <= b <= 2^32, as `a % b` gives it. Numbers this large
 * are doubles to V8, whose `%` on doubles calls fmod: a shuffle spent half its time there. The
 * quotient a / b is within a part in 2^52 of a/b, and a/b is either whole or more than 1/b
 * (relatively 1/a, at least 2^-32) from the next whole number, so its floor is exact, and so
 * is the product.
 */
function remainder(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Shuffles `a` in place (Fisher–Yates): every permutation equally likely, given the stream. */
export function shuffle(a: Int32Array | Uint32Array, random: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
