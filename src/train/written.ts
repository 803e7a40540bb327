// The learned neuron written down: its weights are doubles, whose exact values have up to
// hundreds of digits. The shortest decimals that decide every row exactly as the learned
// neuron does are what nn shows and writes into .nn source; their decisions are checked on
// every input row of a truth table (up to 16 inputs) or every example of a data set.

import { preActivation } from '../arith/neuron.js';
import { equal, exactDecimal, fromNumber, parseDecimal, toNumber, ZERO, type Rational } from '../arith/rational.js';
import type { NeuronWeights } from '../check/model.js';
import type { Examples, TrainResult } from './perceptron.js';

export interface WrittenWeights {
  readonly weights: readonly string[];
  readonly bias: string;
  /** Every text is the learned value exactly (2, -0.5); else they are rounded from it. */
  readonly exact: boolean;
  /** Where the decimals were checked to decide as the learned neuron. */
  readonly checkedOn: 'every-row' | 'examples';
}

/** The learned neuron's exact decision on each example, and how many disagree with their labels. */
export function learnedTable(n: NeuronWeights, examples: Examples): { outputs: Uint8Array; errors: number } {
  const decide = decider(n);
  const outputs = new Uint8Array(examples.count);
  let errors = 0;
  for (let i = 0; i < examples.count; i++) {
    outputs[i] = decide(examples.x.subarray(i * examples.features, (i + 1) * examples.features)) ? 1 : 0;
    if (outputs[i] !== examples.y[i]) errors++;
  }
  return { outputs, errors };
}

/**
 * An exact decision `w·x + b >= 0` on double inputs, fast: the floating-point sum decides
 * whenever it is further from 0 than its worst rounding error; only sums within that bound
 * are recomputed exactly.
 */
export function decider(n: NeuronWeights): (x: ArrayLike<number>) => boolean {
  const w = n.weights.map(toDouble);
  const b = toDouble(n.bias);
  // Weights a double cannot hold within its range are decided exactly every time.
  const approximate = [...w, b].every((v) => Number.isFinite(v.value));
  const k = w.length;
  // Recursive summation of k + 1 rounded products: |error| <= γ(k + 2) · Σ|terms|.
  const gamma = (2 * (k + 2) * 2 ** -53) / (1 - 2 * (k + 2) * 2 ** -53);
  return (x) => {
    if (approximate) {
      let z = b.value;
      let size = Math.abs(b.value) + b.error;
      for (let j = 0; j < k; j++) {
        const t = w[j]!.value * x[j]!;
        z += t;
        size += Math.abs(t) + w[j]!.error * Math.abs(x[j]!);
      }
      const bound = gamma * size + (b.error + w.reduce((s, v, j) => s + v.error * Math.abs(x[j]!), 0));
      if (Number.isFinite(z) && Number.isFinite(bound) && Math.abs(z) > bound) return z > 0;
    }
    const exact = Array.from({ length: k }, (_, j) => (x[j] === 0 ? ZERO : fromNumber(x[j]!)));
    return preActivation(n.weights, n.bias, exact).num >= 0n;
  };
}

/** A rational as the nearest double and how far it may be from it (half an ulp, or 2^-1075). */
function toDouble(q: Rational): { value: number; error: number } {
  const value = toNumber(q);
  return { value, error: Math.abs(value) * 2 ** -52 + 2 ** -1074 };
}

/**
 * The learned neuron written in the fewest significant digits (1 to 17) that decide like it
 * on every row checked; failing that, its exact decimals.
 */
export function writeWeights(result: TrainResult, learned: NeuronWeights, checkedOn: WrittenWeights['checkedOn'], examples: Examples): WrittenWeights {
  const rows = checkedOn === 'every-row' ? allRows(examples.features) : examples;
  const want = learnedTable(learned, rows).outputs;
  const found = fewestDigits([...result.weights, result.bias], (exact) => {
    const got = learnedTable({ weights: exact.slice(0, -1), bias: exact[exact.length - 1]! }, rows).outputs;
    return got.every((v, i) => v === want[i]);
  });
  if (found) {
    const same = found.exact.every((q, i) => equal(q, i < learned.weights.length ? learned.weights[i]! : learned.bias));
    return { weights: found.texts.slice(0, -1), bias: found.texts[found.texts.length - 1]!, exact: same, checkedOn };
  }
  const text = (q: Rational) => exactDecimal(q)!;
  return { weights: learned.weights.map(text), bias: text(learned.bias), exact: true, checkedOn };
}

/**
 * `values` rounded to the fewest significant digits (1 to 17) whose exact values pass
 * `decidesAlike`, as texts and as those exact values; undefined if no rounding does. Shared
 * by single neurons and the neurons of a trained network, so both are written alike.
 */
export function fewestDigits(
  values: readonly number[],
  decidesAlike: (exact: Rational[]) => boolean,
): { texts: string[]; exact: Rational[] } | undefined {
  for (let digits = 1; digits <= 17; digits++) {
    const texts = values.map((v) => (v === 0 ? '0' : String(Number(v.toPrecision(digits)))));
    const exact: Rational[] = [];
    for (const t of texts) {
      const parsed = parseDecimal(t);
      if (parsed.ok) exact.push(parsed.value);
    }
    if (exact.length === texts.length && decidesAlike(exact)) return { texts, exact };
  }
  return undefined;
}

/** Every row of n bits, in counting order, labelled 0. */
export function allRows(n: number): Examples {
  const count = 2 ** n;
  const x = new Float64Array(count * n);
  for (let r = 0; r < count; r++) for (let j = 0; j < n; j++) x[r * n + j] = (r >>> (n - 1 - j)) & 1;
  return { x, y: new Uint8Array(count), count, features: n };
}
