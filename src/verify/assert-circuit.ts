// An assert compiled into threshold neurons: the expression over the part's ports becomes a
// network of gates (each one neuron, or two for XOR and a full adder's sum) appended to the
// part's netlist, with one more output, `assert`, that is 1 on a row exactly when the
// expression holds there. Every engine then checks an assert as it evaluates any circuit,
// and a SAT solver proves it as it proves any netlist.
//
// Arithmetic is on integers of unbounded size, as written: a bus reads as an unsigned number,
// `a - b` may be negative. Each subexpression's range is worked out first, and it is computed
// in two's complement with just enough bits for that range, so no result ever wraps around.

import { integer, type Rational } from '../arith/rational.js';
import type * as A from '../parse/ast.js';
import type { NetNeuron, NetPort, Netlist, Scope, Signal } from '../elaborate/netlist.js';

/** Values wider than this are refused: the gates would not fit a netlist. */
export const MAX_ASSERT_BITS = 4096;

/** An assert nn cannot compile: too wide, or an operation on values it does not define. */
export class AssertUnsupported extends Error {
  constructor(
    message: string,
    readonly span?: A.AssertExpr['span'],
  ) {
    super(message);
  }
}

/** A value as bits, bit 0 first; signed values are two's complement (the last bit the sign). */
interface Value {
  readonly bits: readonly Signal[];
  readonly signed: boolean;
}

interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

const ZERO: Signal = { kind: 'constant', value: 0 };
const minOf = (a: bigint, b: bigint) => (a < b ? a : b);
const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);
const ONE: Signal = { kind: 'constant', value: 1 };
const isConst = (s: Signal): s is Extract<Signal, { kind: 'constant' }> => s.kind === 'constant';

/** Bits for a range in two's complement: unsigned when it has no negative number. */
function widthOf(r: Range): { width: number; signed: boolean } {
  if (r.lo >= 0n) return { width: Math.max(1, r.hi.toString(2).length), signed: false };
  let w = 1;
  while (-(1n << BigInt(w - 1)) > r.lo || (1n << BigInt(w - 1)) - 1n < r.hi) w++;
  return { width: w, signed: true };
}

/** The part's netlist with the assert's gates and an `assert` output (its index returned). */
export function assertCircuit(netlist: Netlist, expr: A.AssertExpr): { netlist: Netlist; holds: number } {
  const builder = new GateBuilder(netlist);
  const holds = builder.truth(builder.compile(expr));
  return { netlist: builder.extended([{ name: 'assert', bits: [holds] }]), holds: netlist.outputs.length };
}

/**
 * The part's netlist with each expression's value as an output of its own (named `value0`,
 * `value1`, ...): bit 0 first, two's complement where `signed`. For showing what each side of
 * a failed assert came to, and for testing the gates.
 */
export function valueCircuit(netlist: Netlist, exprs: readonly A.AssertExpr[]): { netlist: Netlist; values: { outputs: number[]; signed: boolean }[] } {
  const builder = new GateBuilder(netlist);
  const values = exprs.map((e) => builder.compile(e));
  let next = netlist.outputs.length;
  const ports = values.map((v, k) => ({ name: `value${k}`, bits: [...v.bits] }));
  const layout = values.map((v) => ({ outputs: v.bits.map(() => next++), signed: v.signed }));
  return { netlist: builder.extended(ports), values: layout };
}

const w = (...xs: number[]): Rational[] => xs.map((x) => integer(x));
/** Weight arrays shared by every gate of a kind, so each kind is compiled once. */
const GATES = {
  AND: { weights: w(1, 1), bias: integer(-2) },
  OR: { weights: w(1, 1), bias: integer(-1) },
  NOT: { weights: w(-1), bias: integer(0) },
  XOR: { weights: w(1, 1, -2), bias: integer(-1) },
  ANDNOT: { weights: w(1, -1), bias: integer(-1) },
  MAJ: { weights: w(1, 1, 1), bias: integer(-2) },
  SUM: { weights: w(1, 1, 1, -2), bias: integer(-1) },
} as const;

class GateBuilder {
  readonly neurons: NetNeuron[] = [];
  private readonly scopes: Scope[] = [{ label: 'assert', part: 'assert' }];
  private readonly layers: number[];
  private readonly ranges = new Map<A.AssertExpr, Range>();
  private readonly ports: Map<string, { port: NetPort; signals: Signal[] }>;

  /** The netlist with these gates and the given extra outputs (ports of bits, bit 0 first). */
  extended(extra: readonly { name: string; bits: readonly Signal[] }[]): Netlist {
    const outputs = [...this.netlist.outputs];
    const outputPorts: NetPort[] = [...this.netlist.outputPorts];
    for (const p of extra) {
      const positions = p.bits.map((source, i) => outputs.push({ name: p.bits.length === 1 ? p.name : `${p.name}[${i}]`, source }) - 1);
      outputPorts.push({ name: p.name, width: p.bits.length === 1 ? null : p.bits.length, bits: positions });
    }
    const neurons = [...this.netlist.neurons, ...this.neurons];
    const depth = neurons.reduce((d, n) => Math.max(d, n.layer), 0);
    return { ...this.netlist, neurons, outputs, outputPorts, depth };
  }

  constructor(private readonly netlist: Netlist) {
    this.layers = netlist.neurons.map((n) => n.layer);
    this.ports = new Map();
    for (const p of netlist.inputPorts) this.ports.set(p.name, { port: p, signals: p.bits.map((i) => ({ kind: 'input', index: i })) });
    for (const p of netlist.outputPorts) this.ports.set(p.name, { port: p, signals: p.bits.map((i) => netlist.outputs[i]!.source) });
  }

  private layerOf(s: Signal): number {
    if (s.kind !== 'neuron') return 0;
    return s.index < this.netlist.neurons.length ? this.layers[s.index]! : this.neurons[s.index - this.netlist.neurons.length]!.layer;
  }

  private gate(kind: keyof typeof GATES, inputs: Signal[]): Signal {
    const g = GATES[kind];
    const index = this.netlist.neurons.length + this.neurons.length;
    this.neurons.push({
      name: `assert.${kind}#${this.neurons.length + 1}`, scopes: this.scopes, part: kind, weights: g.weights, bias: g.bias, inputs,
      layer: 1 + inputs.reduce((m, s) => Math.max(m, this.layerOf(s)), 0),
    });
    return { kind: 'neuron', index };
  }

  /** A neuron over many inputs with weight `weight` each: [weight·Σx + bias ≥ 0]. */
  private wide(inputs: readonly Signal[], weight: number, bias: number, label: string): Signal {
    const index = this.netlist.neurons.length + this.neurons.length;
    this.neurons.push({
      name: `assert.${label}#${this.neurons.length + 1}`, scopes: this.scopes, part: label,
      weights: inputs.map(() => integer(weight)), bias: integer(bias), inputs: [...inputs],
      layer: 1 + inputs.reduce((m, s) => Math.max(m, this.layerOf(s)), 0),
    });
    return { kind: 'neuron', index };
  }

  // Gates with constants folded away: an assert is full of them (shifts, widened operands).
  private and(a: Signal, b: Signal): Signal {
    if (isConst(a)) return a.value === 0 ? ZERO : b;
    if (isConst(b)) return b.value === 0 ? ZERO : a;
    return this.gate('AND', [a, b]);
  }

  private or(a: Signal, b: Signal): Signal {
    if (isConst(a)) return a.value === 1 ? ONE : b;
    if (isConst(b)) return b.value === 1 ? ONE : a;
    return this.gate('OR', [a, b]);
  }

  private not(a: Signal): Signal {
    if (isConst(a)) return a.value === 1 ? ZERO : ONE;
    return this.gate('NOT', [a]);
  }

  private xor(a: Signal, b: Signal): Signal {
    if (isConst(a)) return a.value === 0 ? b : this.not(b);
    if (isConst(b)) return b.value === 0 ? a : this.not(a);
    const both = this.gate('AND', [a, b]);
    return this.gate('XOR', [a, b, both]);
  }

  /** A full adder: the carry is the majority, the sum a + b + c − 2·carry ≥ 1. */
  private add3(a: Signal, b: Signal, c: Signal): { sum: Signal; carry: Signal } {
    const consts = [a, b, c].filter(isConst);
    if (consts.length > 0) {
      const vars = [a, b, c].filter((s) => !isConst(s));
      const ones = consts.reduce((n, s) => n + (s as { value: number }).value, 0);
      if (vars.length === 0) return { sum: ones % 2 ? ONE : ZERO, carry: ones >= 2 ? ONE : ZERO };
      if (vars.length === 1) {
        const v = vars[0]!;
        return ones === 0 ? { sum: v, carry: ZERO } : ones === 1 ? { sum: this.not(v), carry: v } : { sum: v, carry: ONE };
      }
      // Two variables and one constant: a half adder, or its complement for a carry-in of 1.
      if (ones === 0) return { sum: this.xor(vars[0]!, vars[1]!), carry: this.and(vars[0]!, vars[1]!) };
      return { sum: this.not(this.xor(vars[0]!, vars[1]!)), carry: this.or(vars[0]!, vars[1]!) };
    }
    const carry = this.gate('MAJ', [a, b, c]);
    return { sum: this.gate('SUM', [a, b, c, carry]), carry };
  }

  private mux(c: Signal, then: Signal, otherwise: Signal): Signal {
    if (isConst(c)) return c.value === 1 ? then : otherwise;
    if (then === otherwise) return then;
    const t = this.and(c, then);
    const e = isConst(otherwise) ? (otherwise.value === 0 ? ZERO : this.not(c)) : this.gate('ANDNOT', [otherwise, c]);
    return this.or(t, e);
  }

  private extend(v: Value, width: number): Signal[] {
    const bits = v.bits.slice(0, width);
    const fill = v.signed ? v.bits[v.bits.length - 1]! : ZERO;
    while (bits.length < width) bits.push(fill);
    return bits;
  }

  private constant(n: bigint, width: number): Signal[] {
    return Array.from({ length: width }, (_, i) => (((n >> BigInt(i)) & 1n) === 1n ? ONE : ZERO));
  }

  private sum(a: readonly Signal[], b: readonly Signal[], carryIn: Signal): Signal[] {
    const out: Signal[] = [];
    let carry = carryIn;
    for (let i = 0; i < a.length; i++) {
      const r = this.add3(a[i]!, b[i]!, carry);
      out.push(r.sum);
      carry = r.carry;
    }
    return out;
  }

  private sized(range: Range): { width: number; signed: boolean } {
    const s = widthOf(range);
    if (s.width > MAX_ASSERT_BITS) throw new AssertUnsupported(`a value in the assert needs ${s.width} bits, more than ${MAX_ASSERT_BITS}`);
    return s;
  }

  /** 1 where the value is not zero. */
  truth(v: Value): Signal {
    const bits = v.bits.filter((s) => !(isConst(s) && s.value === 0));
    if (bits.some((s) => isConst(s))) return ONE;
    if (bits.length === 0) return ZERO;
    if (bits.length === 1) return bits[0]!;
    return this.wide(bits, 1, -1, 'ANY');
  }

  private none(v: Value): Signal {
    const bits = v.bits.filter((s) => !(isConst(s) && s.value === 0));
    if (bits.some((s) => isConst(s))) return ZERO;
    if (bits.length === 0) return ONE;
    if (bits.length === 1) return this.not(bits[0]!);
    return this.wide(bits, -1, 0, 'NONE');
  }

  private bit(s: Signal): Value {
    return { bits: [s], signed: false };
  }

  range(e: A.AssertExpr): Range {
    let r = this.ranges.get(e);
    if (r) return r;
    r = this.computeRange(e);
    this.ranges.set(e, r);
    return r;
  }

  private computeRange(e: A.AssertExpr): Range {
    const bool: Range = { lo: 0n, hi: 1n };
    switch (e.kind) {
      case 'a-number': {
        const v = BigInt(e.text);
        return { lo: v, hi: v };
      }
      case 'a-name': {
        const width = e.index?.kind === 'bit' ? 1 : e.index?.kind === 'slice' ? sliceWidth(e.index) : (this.ports.get(e.text)!.port.width ?? 1);
        return { lo: 0n, hi: (1n << BigInt(width)) - 1n };
      }
      case 'a-unary': {
        const o = this.range(e.operand);
        if (e.op === '!') return bool;
        if (e.op === '-') return { lo: -o.hi, hi: -o.lo };
        return { lo: -o.hi - 1n, hi: -o.lo - 1n };
      }
      case 'a-cond': {
        const a = this.range(e.ifTrue);
        const b = this.range(e.ifFalse);
        return { lo: minOf(a.lo, b.lo), hi: maxOf(a.hi, b.hi) };
      }
      case 'a-binary': {
        const a = this.range(e.left);
        const b = this.range(e.right);
        switch (e.op) {
          case '+':
            return { lo: a.lo + b.lo, hi: a.hi + b.hi };
          case '-':
            return { lo: a.lo - b.hi, hi: a.hi - b.lo };
          case '*': {
            const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
            return { lo: p.reduce(minOf), hi: p.reduce(maxOf) };
          }
          case '/':
          case '%':
            if (a.lo < 0n || b.lo < 0n) throw new AssertUnsupported(`${e.op} is defined in asserts for numbers that cannot be negative`, e.span);
            // x / 0 is 0 and x % 0 is x, so that x = (x / y)·y + x % y holds for every y.
            return { lo: 0n, hi: a.hi };
          case '<<':
          case '>>': {
            if (a.lo < 0n || b.lo < 0n) throw new AssertUnsupported(`${e.op} is defined in asserts for numbers that cannot be negative`, e.span);
            if (b.hi > BigInt(MAX_ASSERT_BITS)) throw new AssertUnsupported(`the shift amount may reach ${b.hi}, more than ${MAX_ASSERT_BITS} bits`, e.span);
            return e.op === '<<' ? { lo: a.lo << b.lo, hi: a.hi << b.hi } : { lo: a.lo >> b.hi, hi: a.hi >> b.lo };
          }
          case '&':
          case '|':
          case '^': {
            if (a.lo >= 0n && b.lo >= 0n) {
              const width = Math.max(widthOf(a).width, widthOf(b).width);
              return { lo: 0n, hi: e.op === '&' ? minOf(a.hi, b.hi) : (1n << BigInt(width)) - 1n };
            }
            const width = Math.max(widthOf(a).width, widthOf(b).width) + 1;
            return { lo: -(1n << BigInt(width - 1)), hi: (1n << BigInt(width - 1)) - 1n };
          }
          default:
            return bool;
        }
      }
    }
  }

  compile(e: A.AssertExpr): Value {
    switch (e.kind) {
      case 'a-number': {
        const r = this.range(e);
        const s = this.sized(r);
        return { bits: this.constant(r.lo, s.width), signed: s.signed };
      }
      case 'a-name': {
        const { signals } = this.ports.get(e.text)!;
        if (!e.index) return { bits: signals, signed: false };
        if (e.index.kind === 'bit') return this.bit(signals[intValue(e.index.at)]!);
        return { bits: signals.slice(intValue(e.index.from), intValue(e.index.to) + 1), signed: false };
      }
      case 'a-unary': {
        const v = this.compile(e.operand);
        if (e.op === '!') return this.bit(this.none(v));
        const s = this.sized(this.range(e));
        if (e.op === '~') return { bits: this.extend(v, s.width).map((b) => this.not(b)), signed: s.signed };
        const bits = this.extend(v, s.width).map((b) => this.not(b));
        return { bits: this.sum(bits, this.constant(0n, s.width), ONE), signed: s.signed };
      }
      case 'a-cond': {
        const c = this.truth(this.compile(e.test));
        const s = this.sized(this.range(e));
        const a = this.extend(this.compile(e.ifTrue), s.width);
        const b = this.extend(this.compile(e.ifFalse), s.width);
        return { bits: a.map((x, i) => this.mux(c, x, b[i]!)), signed: s.signed };
      }
      case 'a-binary':
        return this.binary(e);
    }
  }

  private binary(e: Extract<A.AssertExpr, { kind: 'a-binary' }>): Value {
    const op = e.op;
    if (op === '&&' || op === '||') {
      const a = this.truth(this.compile(e.left));
      const b = this.truth(this.compile(e.right));
      return this.bit(op === '&&' ? this.and(a, b) : this.or(a, b));
    }
    const left = this.compile(e.left);
    const right = this.compile(e.right);
    if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') return this.bit(this.compare(op, e, left, right));
    const s = this.sized(this.range(e));
    const width = s.width;
    switch (op) {
      case '+':
        return { bits: this.sum(this.extend(left, width), this.extend(right, width), ZERO), signed: s.signed };
      case '-':
        return { bits: this.sum(this.extend(left, width), this.extend(right, width).map((b) => this.not(b)), ONE), signed: s.signed };
      case '*':
        return { bits: this.multiply(this.extend(left, width), this.extend(right, width)), signed: s.signed };
      case '&':
      case '|':
      case '^': {
        const a = this.extend(left, width);
        const b = this.extend(right, width);
        const f = op === '&' ? this.and.bind(this) : op === '|' ? this.or.bind(this) : this.xor.bind(this);
        return { bits: a.map((x, i) => f(x, b[i]!)), signed: s.signed };
      }
      case '<<':
      case '>>':
        return { bits: this.shift(op, left, right, width), signed: s.signed };
      case '/':
      case '%': {
        const { quotient, remainder } = this.divide(left.bits, right.bits);
        return { bits: this.extend({ bits: op === '/' ? quotient : remainder, signed: false }, width), signed: false };
      }
    }
  }

  private compare(op: string, e: Extract<A.AssertExpr, { kind: 'a-binary' }>, left: Value, right: Value): Signal {
    const a = this.range(e.left);
    const b = this.range(e.right);
    // Wide enough to hold both operands and their difference.
    // The difference is read as a signed number: its range with room for a sign bit.
    const diff = { lo: minOf(a.lo - b.hi, -1n), hi: a.hi - b.lo };
    const width = Math.max(widthOf(diff).width, widthOf(a).width + 1, widthOf(b).width + 1);
    const x = this.extend(left, width);
    const y = this.extend(right, width);
    if (op === '==' || op === '!=') {
      const differ = x.map((bit, i) => this.xor(bit, y[i]!));
      const equal = this.none({ bits: differ, signed: false });
      return op === '==' ? equal : this.not(equal);
    }
    // x < y exactly when x − y is negative: its sign bit.
    const less = (p: Signal[], q: Signal[]) => this.sum(p, q.map((bit) => this.not(bit)), ONE)[width - 1]!;
    if (op === '<') return less(x, y);
    if (op === '>') return less(y, x);
    if (op === '<=') return this.not(less(y, x));
    return this.not(less(x, y));
  }

  private multiply(a: Signal[], b: Signal[]): Signal[] {
    // Two's complement products modulo 2^width are the true products: the width holds them.
    const width = a.length;
    let acc = this.constant(0n, width);
    for (let i = 0; i < width; i++) {
      const bi = b[i]!;
      if (isConst(bi) && bi.value === 0) continue;
      const row = Array.from({ length: width }, (_, k) => (k < i ? ZERO : this.and(a[k - i]!, b[i]!)));
      acc = this.sum(acc, row, ZERO);
    }
    return acc;
  }

  private shift(op: '<<' | '>>', value: Value, amount: Value, width: number): Signal[] {
    // Right shifts read bits above the result's width: work at the wider of the two.
    const span = Math.max(width, value.bits.length);
    let bits = this.extend(value, span);
    const fill = value.signed ? value.bits[value.bits.length - 1]! : ZERO;
    amount.bits.forEach((s, k) => {
      const by = 2 ** k;
      const moved = Array.from({ length: span }, (_, i) => {
        const from = op === '<<' ? i - by : i + by;
        return from < 0 ? ZERO : from >= span ? (op === '>>' ? fill : ZERO) : bits[from]!;
      });
      bits = bits.map((b, i) => this.mux(s, moved[i]!, b));
    });
    return bits.slice(0, width);
  }

  /** Restoring division of unsigned bit vectors; x / 0 is 0 and x % 0 is x. */
  private divide(x: readonly Signal[], y: readonly Signal[]): { quotient: Signal[]; remainder: Signal[] } {
    const n = x.length;
    // Wide enough that the partial remainder never loses a bit, even when dividing by 0.
    const m = Math.max(n, y.length) + 1;
    let rem = this.constant(0n, m);
    const quotient = new Array<Signal>(n);
    const divisor = this.extend({ bits: y, signed: false }, m);
    for (let i = n - 1; i >= 0; i--) {
      rem = [x[i]!, ...rem.slice(0, m - 1)];
      const diff = this.sum(rem, divisor.map((b) => this.not(b)), ONE);
      // rem >= divisor exactly when the subtraction does not go negative (its top bit is 0).
      const fits = this.not(diff[m - 1]!);
      quotient[i] = fits;
      rem = rem.map((b, k) => this.mux(fits, diff[k]!, b));
    }
    // Dividing by 0 every step "fits": the quotient would be all ones; it is 0 instead.
    const nonzero = this.truth({ bits: y, signed: false });
    return { quotient: quotient.map((q) => this.and(q, nonzero)), remainder: rem.slice(0, m - 1) };
  }
}

function sliceWidth(index: Extract<A.Index, { kind: 'slice' }>): number {
  return intValue(index.to) - intValue(index.from) + 1;
}

/** An index in an assert: a plain number (checked before compiling). */
function intValue(e: A.IntExpr): number {
  if (e.kind !== 'int') throw new Error('internal: an assert index that is not a number');
  return e.value;
}
