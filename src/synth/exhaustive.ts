// Two neurons for one output, decided by trying every possibility: in a general network of two
// neurons the first reads only the inputs, so it computes one of the threshold functions of
// the inputs (1,882 for 4 inputs), and the second, the output, reads the inputs and the first.
// Each choice is one exact decision; if none works, that is a proof, with no solver involved,
// that the output takes three neurons or more.
//
// Choices that cannot help are skipped: constants and single inputs (the output neuron reads
// those already) and complements (a reader of ¬h is a reader of h with the weight negated).

import type { SynthNeuron } from '../train/network.js';
import { targetPoints, type Problem } from '../train/problem.js';
import { decideNeuron, type NeuronDecision } from '../train/threshold.js';
import { cubePoints, decideMask, thresholdFunctions } from './threshold-functions.js';
import { inputBit } from '../train/truth-table.js';
import { adjacentPairs, risesAndFalls } from './rise-and-fall.js';

/** The widest tables tried this way: the list of threshold functions of 5 inputs is slow to build. */
export const EXHAUSTIVE_MAX_INPUTS = 4;

export type TwoNeuronAnswer =
  /** The hidden neuron (reading the inputs) and the output neuron (inputs, then the hidden one). */
  | { readonly kind: 'found'; readonly hidden: SynthNeuron; readonly output: SynthNeuron }
  /** No hidden threshold function works; `tried` is how many distinct ones were decided. */
  | { readonly kind: 'none'; readonly tried: number };

/**
 * Whether target t (one that no single neuron computes) takes two neurons in a general
 * network. Among the choices that work, the one with the smallest weights (as the exact
 * decision gives them) is kept.
 */
export function twoNeurons(problem: Problem, t: number, names: { hidden: string; output: string }): TwoNeuronAnswer {
  const n = problem.table.inputs.length;
  if (n > EXHAUSTIVE_MAX_INPUTS) throw new RangeError(`twoNeurons handles up to ${EXHAUSTIVE_MAX_INPUTS} inputs`);
  // The target's points with a column for the hidden neuron, filled in for each candidate.
  const points = targetPoints(problem, t, [() => 0]);
  const { rows } = points;
  const x = points.x as Uint8Array;
  const cube = cubePoints(n);
  const useless = trivialKeys(rows, n);
  const pairs = adjacentPairs(rows, n);
  const seen = new Set<number>();
  let best: { mask: number; output: NeuronDecision & { kind: 'neuron' }; size: number } | undefined;
  for (const mask of thresholdFunctions(n)) {
    // The hidden neuron's values on the rows the output cares about are all that matter.
    let key = 0;
    for (let i = 0; i < rows.length; i++) key |= ((mask >>> rows[i]!) & 1) << i;
    key >>>= 0;
    if (seen.has(key) || (key & 1) !== 0 || useless.has(key)) continue;
    seen.add(key);
    for (let i = 0; i < rows.length; i++) x[i * (n + 1) + n] = (mask >>> rows[i]!) & 1;
    if (risesAndFalls(pairs, points, n)) continue;
    const decision = decideNeuron(points);
    if (decision.kind !== 'neuron') continue;
    const hidden = decideMask(n, mask, cube);
    if (hidden.kind !== 'neuron') throw new Error('internal error: a listed threshold function is not one');
    const size = weightSum(decision) + weightSum(hidden);
    if (!best || size < best.size) best = { mask, output: decision, size };
  }
  if (!best) return { kind: 'none', tried: seen.size };
  const hidden = decideMask(n, best.mask, cube) as NeuronDecision & { kind: 'neuron' };
  const inputs = Array.from({ length: n }, (_, index) => ({ kind: 'input' as const, index }));
  return {
    kind: 'found',
    hidden: { name: names.hidden, weights: hidden.weights, bias: hidden.bias, sources: inputs },
    output: { name: names.output, weights: best.output.weights, bias: best.output.bias, sources: [...inputs, { kind: 'neuron', index: 0 }] },
  };
}

/**
 * The hidden neuron's values on these rows that are no help to a neuron that reads the inputs:
 * a constant, or the same as one input or its complement. Found once, not for every candidate.
 */
function trivialKeys(rows: readonly number[], n: number): Set<number> {
  const all = (2 ** rows.length - 1) >>> 0;
  const keys = new Set([0, all]);
  for (let j = 0; j < n; j++) {
    let column = 0;
    rows.forEach((r, i) => (column |= inputBit(r, j, n) << i));
    column >>>= 0;
    keys.add(column);
    keys.add((~column & all) >>> 0);
  }
  return keys;
}

function weightSum(d: NeuronDecision & { kind: 'neuron' }): number {
  return d.weights.reduce((s, v) => s + Math.abs(v), Math.abs(d.bias));
}
