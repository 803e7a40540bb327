// Learned weights as a person would write them: 0.3 rather than 0.30000000000000004.
// Rounding is only accepted when the rounded neuron makes exactly the decisions the learned
// one makes on every training example, computed the way nn evaluates circuits.

import { fires } from '../evaluate/compile.js';
import type { Examples } from './perceptron.js';

export interface Weights {
  readonly weights: readonly number[];
  readonly bias: number;
}

/** The shortest rounding (fewest significant digits, up to exact) that decides like `learned`. */
export function presentable(learned: Weights, examples: Examples, decide: (row: number) => boolean): Weights {
  for (let digits = 1; digits <= 17; digits++) {
    const round = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(digits)));
    const candidate = { weights: learned.weights.map(round), bias: round(learned.bias) };
    if (decidesAlike(candidate, examples, decide)) return candidate;
  }
  return learned;
}

function decidesAlike(w: Weights, examples: Examples, decide: (row: number) => boolean): boolean {
  const { x, count, features } = examples;
  for (let i = 0; i < count; i++) {
    if (fires(w.weights, w.bias, x.subarray(i * features, (i + 1) * features)) !== decide(i)) return false;
  }
  return true;
}
