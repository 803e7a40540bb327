// The bit-parallel engine's intermediate form: a graph of bitwise operations on 32-row words,
// built with constant folding and common-subexpression sharing, so that the same gate written
// twice, or a neuron that reduces to a wire, costs nothing.

export const Op = { And: 0, Or: 1, Xor: 2, Not: 3 } as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Value 0 is the all-zeros word, value 1 the all-ones word (the constant signals). */
export const ZERO = 0;
export const ONE = 1;

/**
 * Values 0 .. `external - 1` are given (constants, inputs, and signals decided outside the
 * graph); each operation defines the next value.
 */
export class OpGraph {
  readonly kinds: number[] = [];
  readonly lhs: number[] = [];
  readonly rhs: number[] = [];
  private readonly shared = new Map<number, number>();
  /** The complement of a value, where known, to fold x & ~x and ~~x. */
  private readonly complement = new Map<number, number>();

  constructor(public external: number) {}

  /** The value defined by operation `i`. */
  valueOf(i: number): number {
    return this.external + i;
  }

  get size(): number {
    return this.kinds.length;
  }

  private emit(kind: Op, a: number, b: number): number {
    if (kind !== Op.Not && a > b) [a, b] = [b, a];
    // Values stay below 2^26 (checked by the compiler), so the key is exact in a double.
    const key = (kind * 2 ** 26 + a) * 2 ** 26 + b;
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const v = this.external + this.kinds.length;
    this.kinds.push(kind);
    this.lhs.push(a);
    this.rhs.push(b);
    this.shared.set(key, v);
    return v;
  }

  /** Whether `a` is defined as the complement of another value (so it costs an operation). */
  isNot(a: number): boolean {
    return a >= this.external && this.kinds[a - this.external] === Op.Not;
  }

  complementOf(a: number): number | undefined {
    return a === ZERO ? ONE : a === ONE ? ZERO : this.complement.get(a);
  }

  not(a: number): number {
    if (a === ZERO) return ONE;
    if (a === ONE) return ZERO;
    const known = this.complement.get(a);
    if (known !== undefined) return known;
    const v = this.emit(Op.Not, a, 0);
    this.complement.set(a, v);
    this.complement.set(v, a);
    return v;
  }

  and(a: number, b: number): number {
    if (a === ZERO || b === ZERO) return ZERO;
    if (a === ONE) return b;
    if (b === ONE || a === b) return a;
    if (this.complement.get(a) === b) return ZERO;
    // (x | y) & ~(x & y) is x ^ y: XOR written as OR, NAND and AND neurons.
    const x = this.xorOf(a, b, Op.Or, Op.And) ?? this.xorOf(b, a, Op.Or, Op.And);
    if (x) return this.xor(x[0], x[1]);
    return this.emit(Op.And, a, b);
  }

  or(a: number, b: number): number {
    if (a === ONE || b === ONE) return ONE;
    if (a === ZERO) return b;
    if (b === ZERO || a === b) return a;
    if (this.complement.get(a) === b) return ONE;
    // (x & y) | ~(x | y) is ~(x ^ y).
    const x = this.xorOf(a, b, Op.And, Op.Or) ?? this.xorOf(b, a, Op.And, Op.Or);
    if (x) return this.not(this.xor(x[0], x[1]));
    return this.emit(Op.Or, a, b);
  }

  /** [x, y] when `a` is x (outer) y and `b` is ~(x (inner) y). */
  private xorOf(a: number, b: number, outer: Op, inner: Op): [number, number] | undefined {
    const i = a - this.external;
    if (i < 0 || this.kinds[i] !== outer) return undefined;
    const n = b - this.external;
    if (n < 0 || this.kinds[n] !== Op.Not) return undefined;
    const j = this.lhs[n]! - this.external;
    if (j < 0 || this.kinds[j] !== inner) return undefined;
    return this.lhs[i] === this.lhs[j] && this.rhs[i] === this.rhs[j] ? [this.lhs[i]!, this.rhs[i]!] : undefined;
  }

  xor(a: number, b: number): number {
    if (a === ZERO) return b;
    if (b === ZERO) return a;
    if (a === ONE) return this.not(b);
    if (b === ONE) return this.not(a);
    if (a === b) return ZERO;
    if (this.complement.get(a) === b) return ONE;
    return this.emit(Op.Xor, a, b);
  }

  /** a + b + c as (sum, carry). */
  fullAdder(a: number, b: number, c: number): [number, number] {
    // A constant operand makes it a half adder (0) or an incrementer (1).
    if (a === ZERO || a === ONE) [a, c] = [c, a];
    else if (b === ZERO || b === ONE) [b, c] = [c, b];
    if (c === ZERO) return this.halfAdder(a, b);
    if (c === ONE) return [this.not(this.xor(a, b)), this.or(a, b)];
    const p = this.xor(a, b);
    return [this.xor(p, c), this.or(this.and(a, b), this.and(c, p))];
  }

  halfAdder(a: number, b: number): [number, number] {
    return [this.xor(a, b), this.and(a, b)];
  }
}
