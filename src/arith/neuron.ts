// A neuron's arithmetic, shared by every stage that decides one: the evaluator's engines, the
// trainer's reports, the plots. A neuron fires when w·x + b >= 0; on bit inputs that decision
// is made exactly, whatever the weights.

import { abs, fromNumber, gcd, rational, ZERO, type Rational } from './rational.js';

/**
 * A neuron's weights and bias as integers with the same decisions: the source's values times
 * one positive factor, `scale`, so that w·x + b = (W·x + B) / scale. With bit inputs every
 * sum W·x + B is then an integer, and no rounding can move it across 0.
 */
export interface IntegerNeuron {
  readonly weights: readonly bigint[];
  readonly bias: bigint;
  /** Positive; the source's weights are `weights / scale`. */
  readonly scale: Rational;
  /**
   * Σ|W| + |B| <= 2^53: every partial sum over bit inputs is an integer a double holds
   * exactly, so floating-point arithmetic on these integers decides exactly.
   */
  readonly fitsDoubles: boolean;
}

const MAX_EXACT_DOUBLE = 1n << 53n;

export function integerForm(weights: readonly Rational[], bias: Rational): IntegerNeuron {
  // Every denominator nn meets is 2^a·5^b (a decimal, or a double), so their least common
  // multiple stays modest; computed generally all the same.
  let den = bias.den;
  for (const w of weights) den = (den / gcd(den, w.den)) * w.den;
  const scaled = (q: Rational) => (q.num * den) / q.den;
  let w = weights.map(scaled);
  let b = scaled(bias);
  // Dividing by the common factor keeps 1000, 1000, -2000 as small as 1, 1, -2.
  let g = abs(b);
  for (const x of w) g = gcd(g, x);
  let scale = rational(den);
  if (g > 1n) {
    w = w.map((x) => x / g);
    b /= g;
    scale = rational(den, g);
  }
  let total = abs(b);
  for (const x of w) total += abs(x);
  return { weights: w, bias: b, scale, fitsDoubles: total <= MAX_EXACT_DOUBLE };
}

/** W·x + B on bit inputs, exactly. */
export function integerSum(n: IntegerNeuron, bits: ArrayLike<number>): bigint {
  let sum = n.bias;
  for (let j = 0; j < n.weights.length; j++) if (bits[j] === 1) sum += n.weights[j]!;
  return sum;
}

export function firesOnBits(n: IntegerNeuron, bits: ArrayLike<number>): boolean {
  return integerSum(n, bits) >= 0n;
}

/** w·x + b exactly, for any exact inputs (bits, decimals typed on the command line, doubles). */
export function preActivation(weights: readonly Rational[], bias: Rational, inputs: readonly Rational[]): Rational {
  // Summed over a common denominator and brought to lowest terms once, at the end: reducing
  // after every term cost a gcd or two per input, most of the sum's time, and the
  // denominators nn meets (2^a·5^b) soon share one that every later term divides.
  let num = bias.num;
  let den = bias.den;
  for (let j = 0; j < weights.length; j++) {
    const x = inputs[j]!;
    if (x.num === 0n) continue;
    const w = weights[j]!;
    const termNum = w.num * x.num;
    const termDen = w.den * x.den;
    if (termDen === den) num += termNum;
    else if (den % termDen === 0n) num += termNum * (den / termDen);
    else {
      const g = gcd(den, termDen);
      num = num * (termDen / g) + termNum * (den / g);
      den = (den / g) * termDen;
    }
  }
  return rational(num, den);
}

/** Whether w·x + b >= 0, exactly, on inputs given as doubles (each taken at its exact value). */
export function fires(weights: readonly Rational[], bias: Rational, inputs: ArrayLike<number>): boolean {
  const exact = Array.from({ length: weights.length }, (_, j) => (inputs[j] === 0 ? ZERO : fromNumber(inputs[j]!)));
  return preActivation(weights, bias, exact).num >= 0n;
}
