// One neuron as bitwise operations on 32-row words, decided exactly from its integer form.
// On bits every neuron is a threshold function `Σ w·l ≥ T` with positive integer weights over
// literals (an input or its complement); that function is built either as a decision diagram
// (small fan-in: the exact truth table's bitwise form) or as a bit-sliced weighted counter
// whose carry past the threshold is the answer (any fan-in, integers of any size).

import type { IntegerNeuron } from '../arith/neuron.js';
import { ONE, ZERO, type OpGraph } from './bit-ops.js';

export interface Literal {
  /** A graph value: an input, a neuron, or the complement of one. */
  readonly value: number;
  readonly weight: bigint;
}

/** Fires when Σ weight·literal ≥ threshold; weights positive, largest first. */
export interface Threshold {
  readonly literals: readonly Literal[];
  readonly threshold: bigint;
}

/** Operations a neuron may take before its rows are decided one at a time instead. */
export const MAX_NEURON_OPS = 1 << 20;
/** Fan-ins up to this try a decision diagram. */
const MAX_DIAGRAM_FAN_IN = 16;
/** Suffixes up to this many literals have their subset sums listed, to merge equal subfunctions. */
const MAX_LISTED_SUFFIX = 12;

/**
 * The neuron on input values `inputs` as a threshold over literals: constant inputs folded into
 * the bias, a signal read twice counted once with the summed weight, negative weights turned
 * into positive weights on complements (w·x = w + |w|·~x).
 */
export function thresholdOf(g: OpGraph, form: IntegerNeuron, inputs: readonly number[]): Threshold {
  let bias = form.bias;
  const weights = new Map<number, bigint>();
  inputs.forEach((v, j) => {
    const w = form.weights[j]!;
    if (v === ZERO || w === 0n) return;
    if (v === ONE) bias += w;
    else weights.set(v, (weights.get(v) ?? 0n) + w);
  });
  // x and ~x both read: w1·x + w2·~x = (w1 - w2)·x + w2.
  for (const [v, w] of weights) {
    const c = g.complementOf(v);
    if (c === undefined || !weights.has(c) || !weights.has(v)) continue;
    const wc = weights.get(c)!;
    weights.set(v, w - wc);
    weights.delete(c);
    bias += wc;
  }
  const literals: Literal[] = [];
  for (const [v, w] of weights) {
    if (w > 0n) literals.push({ value: v, weight: w });
    else if (w < 0n) {
      literals.push({ value: g.not(v), weight: -w });
      bias += w;
    }
  }
  literals.sort((a, b) => (a.weight > b.weight ? -1 : a.weight < b.weight ? 1 : a.value - b.value));
  return { literals, threshold: -bias };
}

/** The complementary threshold: ~[Σ w·l ≥ T] = [Σ w·~l ≥ Σw - T + 1]. */
function complemented(g: OpGraph, t: Threshold): Threshold {
  let total = 0n;
  for (const l of t.literals) total += l.weight;
  return { literals: t.literals.map((l) => ({ value: g.not(l.value), weight: l.weight })), threshold: total - t.threshold + 1n };
}

/**
 * Builds the neuron into `g` and returns its value, or undefined when it would take more than
 * MAX_NEURON_OPS operations (the caller then decides its rows one at a time, exactly).
 */
export function buildNeuron(g: OpGraph, form: IntegerNeuron, inputs: readonly number[]): number | undefined {
  const t = thresholdOf(g, form, inputs);
  const constant = constantOf(t);
  if (constant !== undefined) return constant;
  const counter = counterCost(t);
  if (counter > MAX_NEURON_OPS) return undefined;
  if (t.literals.length <= MAX_DIAGRAM_FAN_IN) {
    const plain = diagram(t, counter, notCost(g, t));
    const flipped = complemented(g, t);
    const negated = diagram(flipped, Math.min(counter, plain?.cost ?? counter), notCost(g, flipped));
    if (negated && negated.cost + 1 < (plain?.cost ?? counter)) return g.not(emitDiagram(g, flipped, negated));
    if (plain && plain.cost <= counter) return emitDiagram(g, t, plain);
  }
  return buildCounter(g, t);
}

/** The complements a threshold's literals take, counted once each. */
function notCost(g: OpGraph, t: Threshold): number {
  let n = 0;
  for (const l of t.literals) if (g.isNot(l.value)) n++;
  return n;
}

function constantOf(t: Threshold): number | undefined {
  if (t.threshold <= 0n) return ONE;
  let total = 0n;
  for (const l of t.literals) total += l.weight;
  return t.threshold > total ? ZERO : undefined;
}

// ---- decision diagrams ----------------------------------------------------------------------

/** A node tests literal `index`: f = lo | (literal & hi), lo ≤ hi since the weight is positive. */
interface DiagramNode {
  readonly index: number;
  readonly lo: number;
  readonly hi: number;
}

/** Node references: FALSE and TRUE, else an index into `nodes`. */
const FALSE = -1;
const TRUE = -2;

interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly root: number;
  /** Bitwise operations to compute it. */
  readonly cost: number;
}

/**
 * The reduced ordered decision diagram of the threshold, literals in weight order, or
 * undefined once it would cost more than `budget` operations. Subfunctions are merged by their
 * threshold rounded up to the next subset sum of the remaining weights: two thresholds with no
 * subset sum between them give the same function.
 */
function diagram(t: Threshold, budget: number, literalCost: number): Diagram | undefined {
  const n = t.literals.length;
  const rest: bigint[] = new Array(n + 1).fill(0n);
  for (let i = n - 1; i >= 0; i--) rest[i] = rest[i + 1]! + t.literals[i]!.weight;
  const sums: (bigint[] | undefined)[] = [];
  const subsetSums = (i: number): bigint[] | undefined => {
    if (n - i > MAX_LISTED_SUFFIX) return undefined;
    if (!sums[i]) {
      sums[i] = i === n ? [0n] : mergeSums(subsetSums(i + 1)!, t.literals[i]!.weight);
    }
    return sums[i];
  };
  const nodes: DiagramNode[] = [];
  const memo = new Map<string, number>();
  let cost = literalCost;
  const build = (i: number, threshold: bigint): number => {
    if (threshold <= 0n) return TRUE;
    if (threshold > rest[i]!) return FALSE;
    const listed = subsetSums(i);
    if (listed) threshold = ceilingIn(listed, threshold);
    const key = `${i}:${threshold}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const w = t.literals[i]!.weight;
    const lo = build(i + 1, threshold);
    const hi = build(i + 1, threshold - w);
    let ref: number;
    if (lo === hi) ref = lo;
    else {
      ref = nodes.length;
      nodes.push({ index: i, lo, hi });
      cost += (lo === FALSE ? 0 : 1) + (hi === TRUE ? 0 : 1);
    }
    memo.set(key, ref);
    if (cost > budget) throw BUDGET;
    return ref;
  };
  try {
    const root = build(0, t.threshold);
    return { nodes, root, cost };
  } catch (e) {
    if (e === BUDGET) return undefined;
    throw e;
  }
}

const BUDGET = Symbol('over budget');

/** The sorted union of `sums` and `sums + w`, without repeats. */
function mergeSums(sums: readonly bigint[], w: bigint): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < sums.length || j < sums.length) {
    const a = i < sums.length ? sums[i]! : undefined;
    const b = sums[j]! + w;
    const next = a !== undefined && a <= b ? a : b;
    if (a !== undefined && a <= b) i++;
    else j++;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** The smallest listed value ≥ x (the list is sorted and x ≤ its last value). */
function ceilingIn(sorted: readonly bigint[], x: bigint): bigint {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo]!;
}

function emitDiagram(g: OpGraph, t: Threshold, d: Diagram): number {
  const values = new Map<number, number>();
  const value = (ref: number): number => {
    if (ref === TRUE) return ONE;
    if (ref === FALSE) return ZERO;
    let v = values.get(ref);
    if (v === undefined) {
      const node = d.nodes[ref]!;
      v = g.or(value(node.lo), g.and(t.literals[node.index]!.value, value(node.hi)));
      values.set(ref, v);
    }
    return v;
  };
  return value(d.root);
}

// ---- bit-sliced counters ----------------------------------------------------------------------

/** Non-adjacent form: w = Σ d·2^j with digits in {-1, 0, 1}, no two adjacent nonzero. */
function nonAdjacentForm(w: bigint): { position: number; digit: 1 | -1 }[] {
  const digits: { position: number; digit: 1 | -1 }[] = [];
  for (let j = 0; w > 0n; j++, w >>= 1n) {
    if ((w & 1n) === 0n) continue;
    const digit = (w & 3n) === 3n ? -1 : 1;
    digits.push({ position: j, digit });
    w -= BigInt(digit);
  }
  return digits;
}

const bitLength = (v: bigint): number => (v <= 0n ? 0 : v.toString(2).length);

/** About five operations per bit fed into the counter (a full adder each). */
function counterCost(t: Threshold): number {
  let bits = 0;
  for (const l of t.literals) {
    bits += nonAdjacentForm(l.weight).length;
    if (bits > MAX_NEURON_OPS) return Infinity;
  }
  return 5 * bits + 2 * bitLength(t.threshold);
}

/**
 * Σ w·l ≥ T with 0 < T ≤ Σw = W: with 2^m > W, the sum S' = S + 2^m - T lies in
 * [0, 2^(m+1)), and its bit m is set exactly when S ≥ T. S' is summed column by column modulo
 * 2^(m+1); a negative digit of a weight adds the complement (-l·2^j = ~l·2^j - 2^j).
 */
function buildCounter(g: OpGraph, t: Threshold): number {
  let total = 0n;
  for (const l of t.literals) total += l.weight;
  const m = bitLength(total);
  const columns: number[][] = Array.from({ length: m + 1 }, () => []);
  let constant = (1n << BigInt(m)) - t.threshold;
  for (const l of t.literals) {
    for (const { position, digit } of nonAdjacentForm(l.weight)) {
      if (digit === 1) columns[position]!.push(l.value);
      else {
        columns[position]!.push(g.not(l.value));
        constant -= 1n << BigInt(position);
      }
    }
  }
  const modulus = 1n << BigInt(m + 1);
  constant = ((constant % modulus) + modulus) % modulus;
  for (let j = 0; j <= m; j++) if ((constant >> BigInt(j)) & 1n) columns[j]!.push(ONE);
  for (let j = 0; j < m; j++) {
    const column = columns[j]!;
    // A queue: carries that arrive late are added late.
    for (let head = 0; column.length - head > 1; ) {
      if (column.length - head >= 3) {
        const [s, c] = g.fullAdder(column[head]!, column[head + 1]!, column[head + 2]!);
        head += 3;
        column.push(s);
        columns[j + 1]!.push(c);
      } else {
        const [s, c] = g.halfAdder(column[head]!, column[head + 1]!);
        head += 2;
        column.push(s);
        columns[j + 1]!.push(c);
      }
    }
  }
  // Carries out of column m fall outside the modulus: only its parity matters.
  return columns[m]!.reduce((acc, v) => g.xor(acc, v), ZERO);
}
