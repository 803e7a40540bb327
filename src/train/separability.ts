// Exact linear separability: can one threshold neuron (fires when w·x + b >= 0) reproduce
// every labelled example? The answer comes with its evidence, checked in exact arithmetic:
//
// - separable: weights and a bias, checked on every example;
// - not separable: a certificate, a convex combination of 1-examples equal to a convex
//   combination of 0-examples. A neuron's sum w·x + b at a convex combination of points is
//   the same combination of its sums at those points, so it would be >= 0 (all sums on the
//   1-side are) and < 0 (all sums on the 0-side are) at the common point at once;
// - contradictory: two examples with the same inputs and different labels.
//
// By Farkas' lemma exactly one of the first two exists (a contradiction is the plainest
// certificate, and is reported as such). HiGHS finds
// them (a margin LP for the weights, the convex-hull-intersection LP for the certificate) in
// floating point; nothing is returned before it has been re-checked exactly. Every double is
// a dyadic rational m / 2^e, so the examples, the weights and the certificates are checked
// with BigInt arithmetic on their exact values, with no tolerance anywhere.

import { dyadic, type Dyadic } from '../arith/dyadic.js';
import { nearFraction } from '../arith/format.js';
import { solveLinear } from '../arith/linear.js';
import { neg, ONE, rational, ZERO, type Rational } from '../arith/rational.js';
import { LinearProgram, loadHighs, solveProgram, type Highs, type LegacyHighsOptions } from '../solver/highs.js';
import { checkCertificate, combination, type Certificate, type CertificateTerm } from './certificate.js';
import { checkExamples, type Examples } from './perceptron.js';
import { decideNeuron } from './threshold.js';

export type { Certificate, CertificateTerm } from './certificate.js';

export type Separability =
  | { kind: 'separable'; weights: number[]; bias: number }
  | { kind: 'not-separable'; certificate: Certificate }
  | { kind: 'contradictory'; rows: [number, number] };

/**
 * Decides whether one threshold neuron can reproduce `examples`, with exactly checked
 * evidence either way. Never returns an unchecked answer: when no HiGHS answer survives the
 * exact check under any of the solver settings tried, throws `SeparabilityUndecided`.
 * Cost: one or two LPs with a row per distinct example; meant for truth tables and data sets of
 * up to some thousands of rows.
 */
export async function decideSeparability(examples: Examples): Promise<Separability> {
  checkExamples(examples);
  const distinct = distinctRows(examples);
  if (distinct.kind === 'contradictory') return distinct;

  const positives = distinct.rows.filter((i) => examples.y[i] === 1);
  const negatives = distinct.rows.filter((i) => examples.y[i] === 0);
  const exact = new ExactExamples(examples);
  if (positives.length === 0 || negatives.length === 0) {
    // One class only: a constant neuron (w = 0) does it; b = 0 fires, b = -1 does not.
    const trivial = { weights: new Array<number>(examples.features).fill(0), bias: negatives.length === 0 ? 0 : -1 };
    if (!exact.separates(trivial.weights, trivial.bias)) throw new Error('internal error: a constant neuron fails a one-class table');
    return { kind: 'separable', ...trivial };
  }

  const highs = await loadHighs();
  const frame = standardFrame(examples);
  const known = knownAnswer(examples, distinct.rows);
  for (const options of ATTEMPTS) {
    if (known !== 'not-separable') {
      for (const weights of separatingWeights(highs, options, examples, frame, positives, negatives)) {
        const bias = exact.biasFor(weights);
        if (bias !== undefined && exact.separates(weights, bias)) return { kind: 'separable', weights, bias };
      }
    }
    if (known !== 'separable') {
      const certificate = findCertificate(highs, options, exact, frame, positives, negatives);
      if (certificate) return { kind: 'not-separable', certificate };
    }
  }
  throw new SeparabilityUndecided();
}

/**
 * HiGHS works in floating point; on data whose classes are within rounding error of each
 * other (say 0.3 and 0.30000000000000004 with different labels) neither of its answers may
 * survive the exact check. Then no answer is given rather than an unchecked one.
 */
export class SeparabilityUndecided extends Error {
  constructor() {
    super(
      'could not decide whether one neuron can separate these examples: the LP solver\'s answers ' +
        'did not survive exact checking (are examples of different labels within rounding error of each other?)',
    );
    this.name = 'SeparabilityUndecided';
  }
}

/** Whether the neuron (weights, bias) reproduces every example, checked in exact arithmetic. */
export function separatesExactly(examples: Examples, weights: readonly number[], bias: number): boolean {
  checkExamples(examples);
  if (weights.length !== examples.features) return false;
  return new ExactExamples(examples).separates(weights, bias);
}

/**
 * Solver settings, in the order tried. Presolve is off first because these models are tiny
 * and presolve costs more than it saves (about 1 ms instead of 4 per LP); simplex gives a
 * basic solution, whose few nonzeros make a short certificate. The later settings only matter
 * when an answer fails the exact check, e.g. on badly scaled real data.
 */
const ATTEMPTS: readonly LegacyHighsOptions[] = [
  { output_flag: false, presolve: 'off', solver: 'simplex' },
  { output_flag: false, presolve: 'on', solver: 'ipm', run_crossover: 'on' },
  { output_flag: false, presolve: 'on', solver: 'simplex', primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 },
];


/**
 * On a small truth table, which of the two answers exists, from the exact decision of
 * threshold.ts (microseconds, no LP): then the LP that cannot succeed is not solved (a
 * non-separable table has no weights that pass the exact check, a separable one no
 * certificate), and the answer is the one HiGHS gives either way. Undefined elsewhere.
 */
function knownAnswer(examples: Examples, rows: readonly number[]): 'separable' | 'not-separable' | undefined {
  const { x, y, features: n } = examples;
  if (rows.length > KNOWN_MAX_ROWS) return undefined;
  const points = new Uint8Array(rows.length * n);
  const labels = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    for (let j = 0; j < n; j++) {
      const v = x[i * n + j]!;
      if (v !== 0 && v !== 1) return undefined;
      points[k * n + j] = v;
    }
    labels[k] = y[i]!;
  }
  try {
    return decideNeuron({ dim: n, count: rows.length, x: points, y: labels }).kind === 'neuron' ? 'separable' : 'not-separable';
  } catch (e) {
    // Weights beyond 2^53 (wide tables only): HiGHS decides it as before.
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The tables of up to 8 inputs; a larger one goes straight to HiGHS. */
const KNOWN_MAX_ROWS = 256;

// ---------------------------------------------------------------------------------------------
// Distinct rows and contradictions

type Distinct = { kind: 'ok'; rows: number[] } | { kind: 'contradictory'; rows: [number, number] };

/** The first example of each distinct input, or the first pair that contradicts itself. */
function distinctRows({ x, y, count, features: n }: Examples): Distinct {
  const seen = new Map<string, number>();
  const rows: number[] = [];
  for (let i = 0; i < count; i++) {
    // String(-0) is "0", so -0 and 0 are one point, as they are for a neuron.
    const key = Array.from(x.subarray(i * n, (i + 1) * n)).join(',');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      rows.push(i);
    } else if (y[first] !== y[i]) {
      return { kind: 'contradictory', rows: [first, i] };
    }
  }
  return { kind: 'ok', rows };
}

// ---------------------------------------------------------------------------------------------
// The LPs, on standardised inputs

/**
 * Each input is mapped to [-1, 1] by x' = (x - c) / s before it goes to HiGHS: real data (say,
 * lengths near 5 with differences of 0.1) are badly conditioned for an LP with a margin of 1,
 * and HiGHS drops matrix entries below 1e-9. An affine change of inputs keeps separability and
 * convex combinations, so the LP answers carry back; they are checked on the original data.
 */
interface Frame {
  readonly c: Float64Array;
  readonly s: Float64Array;
}

function standardFrame({ x, count, features: n }: Examples): Frame {
  const c = new Float64Array(n);
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < count; i++) {
      lo = Math.min(lo, x[i * n + j]!);
      hi = Math.max(hi, x[i * n + j]!);
    }
    c[j] = lo / 2 + hi / 2; // halves first: (lo + hi) could overflow
    s[j] = hi > lo ? hi / 2 - lo / 2 : 1;
  }
  return { c, s };
}

function standardized(examples: Examples, frame: Frame, i: number, j: number): number {
  return (examples.x[i * examples.features + j]! - frame.c[j]!) / frame.s[j]!;
}

/**
 * Minimise Σ|w'_j| subject to w'·x' + b' >= 1 on every 1-example and <= -1 on every 0-example.
 * Feasible exactly when the data are separable (scale any separating neuron up); the L1
 * objective keeps the weights small and sparse. Yields the LP's weights mapped back to the
 * original inputs, first with values within 1e-9 of a simple fraction snapped to it (a basic
 * solution of a 0/1 table is made of such fractions), then as they came. The bias is left to
 * `biasFor`: mapping b' back cancels digits, and the exact gap gives a better one.
 */
function* separatingWeights(
  highs: Highs,
  options: LegacyHighsOptions,
  examples: Examples,
  frame: Frame,
  positives: readonly number[],
  negatives: readonly number[],
): Generator<number[]> {
  const n = examples.features;
  const w = (j: number): string => `w${j}`;
  const margin = (i: number): [number, string][] => [
    ...Array.from({ length: n }, (_, j): [number, string] => [standardized(examples, frame, i, j), w(j)]),
    [1, 'b'],
  ];
  const lp = new LinearProgram('minimize').objective(Array.from({ length: n }, (_, j): [number, string] => [1, `u${j}`]));
  for (const i of positives) lp.row(margin(i), 1, Infinity);
  for (const i of negatives) lp.row(margin(i), -Infinity, -1);
  for (let j = 0; j < n; j++) {
    lp.row([[1, `u${j}`], [-1, w(j)]], 0, Infinity);
    lp.row([[1, `u${j}`], [1, w(j)]], 0, Infinity);
  }
  for (let j = 0; j < n; j++) lp.bounds(w(j), -Infinity, Infinity);
  lp.bounds('b', -Infinity, Infinity);

  const solution = solveProgram(highs, lp, options);
  if (solution.Status !== 'Optimal') return;
  // w'·(x − c)/s + b' = Σ (w'_j / s_j) x_j + a constant: the weights on the original inputs.
  const weights = Array.from({ length: n }, (_, j) => solution.value(w(j)) / frame.s[j]!);
  yield weights.map((v) => simplest(v));
  yield weights;
}

/**
 * Find λ >= 0 on the 1-examples and μ >= 0 on the 0-examples with Σλ = Σμ = 1 and
 * Σλx = Σμx: feasible exactly when the two convex hulls meet. HiGHS's basic solution has at
 * most features + 2 nonzeros; the exact certificate is re-solved on that support.
 */
function findCertificate(
  highs: Highs,
  options: LegacyHighsOptions,
  exact: ExactExamples,
  frame: Frame,
  positives: readonly number[],
  negatives: readonly number[],
): Certificate | undefined {
  const examples = exact.examples;
  const lambda = (i: number): string => `l${i}`;
  const mu = (i: number): string => `m${i}`;
  // A feasibility problem: the objective (Σλ + Σμ = 2 on every solution) is only there
  // because a program wants one.
  const lp = new LinearProgram('minimize').objective([
    ...positives.map((i): [number, string] => [1, lambda(i)]),
    ...negatives.map((i): [number, string] => [1, mu(i)]),
  ]);
  lp.row(positives.map((i): [number, string] => [1, lambda(i)]), 1, 1);
  lp.row(negatives.map((i): [number, string] => [1, mu(i)]), 1, 1);
  for (let j = 0; j < examples.features; j++) {
    const row = [
      ...positives.map((i): [number, string] => [standardized(examples, frame, i, j), lambda(i)]),
      ...negatives.map((i): [number, string] => [-standardized(examples, frame, i, j), mu(i)]),
    ];
    if (row.some(([c]) => c !== 0)) lp.row(row, 0, 0);
  }

  const solution = solveProgram(highs, lp, options);
  if (solution.Status !== 'Optimal') return undefined;
  // The support is what matters; try a few cut-offs for "nonzero" in case of solver noise.
  for (const cutoff of [1e-9, 1e-7, 1e-5]) {
    const p = positives.filter((i) => solution.value(lambda(i)) > cutoff);
    const q = negatives.filter((i) => solution.value(mu(i)) > cutoff);
    const certificate = p.length > 0 && q.length > 0 ? exact.certificateOn(p, q) : undefined;
    if (certificate) return certificate;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Exact checks

/** The examples with every input as an exact value, converted once. */
class ExactExamples {
  private readonly dyadics: Dyadic[][] = [];

  constructor(readonly examples: Examples) {
    const { x, count, features: n } = examples;
    for (let i = 0; i < count; i++) this.dyadics.push(Array.from(x.subarray(i * n, (i + 1) * n), dyadic));
  }

  /**
   * A bias that makes `weights` separate the examples, if one exists among doubles: the sums
   * w·x leave an exact gap between the 0-examples (below) and the 1-examples (at or above);
   * the bias goes in its middle, which is also where rounding in a neuron's own floating-point
   * sum is least likely to flip an answer; failing that, at the gap's edge.
   */
  biasFor(weights: readonly number[]): number | undefined {
    if (!weights.every(Number.isFinite)) return undefined;
    const w = weights.map(dyadic);
    let low: Dyadic | undefined; // the smallest sum on a 1-example
    let high: Dyadic | undefined; // the largest sum on a 0-example
    this.dyadics.forEach((x, i) => {
      const z = dot(w, x);
      if (this.examples.y[i] === 1) low = low === undefined || compare(z, low) < 0 ? z : low;
      else high = high === undefined || compare(z, high) > 0 ? z : high;
    });
    // Need -low <= b < -high.
    const fits = (b: number): boolean =>
      Number.isFinite(b) && (low === undefined || compare(dyadic(-b), low) <= 0) && (high === undefined || compare(dyadic(-b), high) > 0);
    const edge = low === undefined ? 0 : -toDouble(low);
    const middle = low === undefined || high === undefined ? edge : -toDouble(midpoint(low, high));
    const simple = simplest(middle);
    return [simple, middle, edge, nextUp(edge)].find(fits);
  }

  private rationals(i: number): Rational[] {
    return this.dyadics[i]!.map(({ m, e }) => rational(m, 1n << BigInt(e)));
  }

  /** Whether w·x + b >= 0 exactly on every 1-example and < 0 on every 0-example. */
  separates(weights: readonly number[], bias: number): boolean {
    if (!weights.every(Number.isFinite) || !Number.isFinite(bias)) return false;
    const w = weights.map(dyadic);
    const b = dyadic(bias);
    return this.dyadics.every((x, i) => (activationSign(w, b, x) >= 0 ? 1 : 0) === this.examples.y[i]);
  }

  /**
   * The certificate supported on 1-examples `p` and 0-examples `q`, if there is one: the
   * coefficients solve Σλ = 1, Σμ = 1, Σλx − Σμx = 0 exactly (unique when the columns are
   * independent, as on a basic LP solution) and must come out nonnegative.
   */
  certificateOn(p: readonly number[], q: readonly number[]): Certificate | undefined {
    const columns = [...p, ...q];
    const inputs = new Map(columns.map((i) => [i, this.rationals(i)]));
    const xq = (i: number): Rational[] => inputs.get(i) ?? [];
    const sideRow = (side: readonly number[]): Rational[] => columns.map((i) => (side.includes(i) ? ONE : ZERO));
    const equations = [sideRow(p), sideRow(q)];
    const rhs = [ONE, ONE];
    for (let j = 0; j < this.examples.features; j++) {
      equations.push(columns.map((i, k) => (k < p.length ? xq(i)[j]! : neg(xq(i)[j]!))));
      rhs.push(ZERO);
    }
    const t = solveLinear(equations, rhs);
    if (!t || t.some((v) => v.num < 0n)) return undefined;
    const n = this.examples.features;
    const term = (i: number, k: number): CertificateTerm => ({ row: i, x: Array.from(this.examples.x.subarray(i * n, (i + 1) * n)), coefficient: t[k]! });
    const positives = p.map(term).filter((u) => u.coefficient.num > 0n);
    const negatives = q.map((i, k) => term(i, p.length + k)).filter((u) => u.coefficient.num > 0n);
    const certificate = { positives, negatives, point: combination(positives, n, xq) };
    return checkCertificate(this.examples, certificate) ? certificate : undefined;
  }
}

function activationSign(w: readonly Dyadic[], b: Dyadic, x: readonly Dyadic[]): number {
  return sign(add2(dot(w, x), b));
}

/** w·x exactly. */
function dot(w: readonly Dyadic[], x: readonly Dyadic[]): Dyadic {
  let e = 0;
  for (let j = 0; j < w.length; j++) if (w[j]!.m !== 0n && x[j]!.m !== 0n) e = Math.max(e, w[j]!.e + x[j]!.e);
  let m = 0n;
  for (let j = 0; j < w.length; j++) {
    if (w[j]!.m !== 0n && x[j]!.m !== 0n) m += (w[j]!.m * x[j]!.m) << BigInt(e - w[j]!.e - x[j]!.e);
  }
  return { m, e };
}

function add2(a: Dyadic, b: Dyadic): Dyadic {
  const e = Math.max(a.e, b.e);
  return { m: (a.m << BigInt(e - a.e)) + (b.m << BigInt(e - b.e)), e };
}

const sign = (a: Dyadic): number => (a.m > 0n ? 1 : a.m < 0n ? -1 : 0);
const compare = (a: Dyadic, b: Dyadic): number => sign(add2(a, { m: -b.m, e: b.e }));
const midpoint = (a: Dyadic, b: Dyadic): Dyadic => {
  const s = add2(a, b);
  return { m: s.m, e: s.e + 1 };
};

/** The double nearest a dyadic (within an ulp or so; callers check what they use). */
function toDouble({ m, e }: Dyadic): number {
  // Keep the top 64 bits of m so that Number(m) cannot overflow, then scale in two steps so
  // that 2^-e cannot underflow on its own.
  const shift = Math.max(0, (m < 0n ? -m : m).toString(2).length - 64);
  const top = Number(m >> BigInt(shift));
  const k = e - shift;
  return k > 1000 ? top * 2 ** -1000 * 2 ** -(k - 1000) : top * 2 ** -k;
}

/** The next double above x. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}


/** v snapped to a nearby simple fraction (as a double), or v itself; checked afterwards. */
function simplest(v: number): number {
  const f = nearFraction(v);
  return f ? f[0] / f[1] + 0 : v; // + 0 turns -0 into 0
}