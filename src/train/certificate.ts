// Why no neuron can separate some examples, as evidence anyone can check: a convex combination
// of 1-examples equal to a convex combination of 0-examples. A neuron's sum w·x + b at a
// convex combination of points is the same combination of its sums at those points, so it
// would have to be >= 0 and < 0 at the common point at once.

import { formatRational } from '../arith/format.js';
import { add, equal, fromNumber, mul, ONE, ZERO, type Rational } from '../arith/rational.js';
import type { Examples } from './perceptron.js';
import { plural } from '../diagnostics/words.js';

/** One example in a certificate's convex combination. */
export interface CertificateTerm {
  /** Index of the example. */
  readonly row: number;
  /** Its inputs. */
  readonly x: readonly number[];
  /** Its weight in the combination, > 0; the weights of a side sum to 1. */
  readonly coefficient: Rational;
}

/**
 * Why no neuron separates the examples: Σ coefficient·x over `positives` (examples labelled 1)
 * and over `negatives` (labelled 0) are both exactly `point`.
 */
export interface Certificate {
  readonly positives: readonly CertificateTerm[];
  readonly negatives: readonly CertificateTerm[];
  readonly point: readonly Rational[];
}


/** Σ coefficient·x over `terms`, exactly, with `inputs(row)` the exact inputs of an example. */
export function combination(terms: readonly CertificateTerm[], n: number, inputs: (row: number) => readonly Rational[]): Rational[] {
  const point = new Array<Rational>(n).fill(ZERO);
  for (const t of terms) {
    const x = inputs(t.row);
    for (let j = 0; j < n; j++) point[j] = add(point[j]!, mul(t.coefficient, x[j]!));
  }
  return point;
}

/**
 * Checks a certificate against the examples from scratch, exactly: each term is an example of
 * the right label with the stated inputs, coefficients are positive and sum to 1 on each side,
 * and both sides combine to `point`.
 */
export function checkCertificate(examples: Examples, certificate: Certificate): boolean {
  const { x, y, count, features: n } = examples;
  const inputs = (row: number): Rational[] => Array.from(x.subarray(row * n, (row + 1) * n), fromNumber);
  const side = (terms: readonly CertificateTerm[], label: number): boolean => {
    if (terms.length === 0) return false;
    for (const t of terms) {
      if (!Number.isInteger(t.row) || t.row < 0 || t.row >= count || y[t.row] !== label) return false;
      if (t.x.length !== n || t.x.some((v, j) => v !== x[t.row * n + j])) return false;
      if (t.coefficient.num <= 0n || t.coefficient.den <= 0n) return false;
    }
    const total = terms.reduce((s, t) => add(s, t.coefficient), ZERO);
    if (!equal(total, ONE)) return false;
    const point = combination(terms, n, inputs);
    return point.length === certificate.point.length && point.every((v, j) => equal(v, certificate.point[j]!));
  };
  return side(certificate.positives, 1) && side(certificate.negatives, 0);
}


/**
 * A sentence a reader can check by hand, e.g. for XOR: "Over inputs (x1, x2): the average of
 * (0, 1) and (1, 0), which give 1, is (0.5, 0.5), and so is the average of (0, 0) and
 * (1, 1), which give 0. ..." followed by why no neuron can then give both answers.
 */
export function describeCertificate(certificate: Certificate, inputNames: readonly string[] = []): string {
  const point = tuple(certificate.point.map(formatRational));
  const pos = certificate.positives;
  const neg = certificate.negatives;
  const named = inputNames.length > 0 && inputNames.length === certificate.point.length;
  const intro = named ? `Over ${plural(inputNames.length, 'input')} ${tuple(inputNames)}: ` : '';
  let first: string;
  if (pos.length === 1) first = `the input ${tuple(pos[0]!.x.map(String))} gives 1, yet it is ${mixture(neg)}, which give 0.`;
  else if (neg.length === 1) first = `the input ${tuple(neg[0]!.x.map(String))} gives 0, yet it is ${mixture(pos)}, which give 1.`;
  else first = `${mixture(pos)}, which give 1, is ${point}, and so is ${mixture(neg)}, which give 0.`;
  const kind = isPlainAverage(pos) && isPlainAverage(neg) ? 'an average' : 'a weighted average';
  const same = kind === 'an average' ? 'the same average' : 'the same weighted average';
  const second =
    `A neuron's sum w·x + b at ${kind} of inputs is ${same} of its sums at those inputs, ` +
    `so it would have to be ≥ 0 at ${point} to give 1 and < 0 there to give 0: no weights and bias can do both.`;
  return (intro === '' ? first.charAt(0).toUpperCase() + first.slice(1) : intro + first) + ' ' + second;
}

function mixture(terms: readonly CertificateTerm[]): string {
  const points = terms.map((t) => tuple(t.x.map(String)));
  if (terms.length === 1) return `the input ${points[0]}`;
  if (isPlainAverage(terms)) return `the average of ${points.slice(0, -1).join(', ')} and ${points[points.length - 1]}`;
  return `the weighted average ${terms.map((t, k) => `${formatRational(t.coefficient)}·${points[k]}`).join(' + ')}`;
}

function isPlainAverage(terms: readonly CertificateTerm[]): boolean {
  return terms.every((t) => equal(t.coefficient, terms[0]!.coefficient));
}

const tuple = (parts: readonly string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`);
