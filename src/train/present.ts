// Learned weights as a person would write them: 0.3 rather than 0.30000000000000004.
// A rounding is accepted only when the rounded neuron decides every training example as the
// learned one does, computed the way nn evaluates circuits, and leaves no example that was
// off the boundary sitting exactly on it.

import { preActivation } from '../evaluate/compile.js';
import type { Examples } from './perceptron.js';

export interface Weights {
  readonly weights: readonly number[];
  readonly bias: number;
}

/**
 * The shortest rounding (fewest significant digits, up to exact) that agrees with `learnedZ`,
 * the learned neuron's pre-activation on each example: the same side of the boundary, and
 * strictly off it wherever the learned neuron was.
 */
export function presentable(learned: Weights, examples: Examples, learnedZ: (row: number) => number): Weights {
  const z = Array.from({ length: examples.count }, (_, i) => learnedZ(i));
  for (let digits = 1; digits <= 17; digits++) {
    const round = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(digits)));
    const candidate = { weights: learned.weights.map(round), bias: round(learned.bias) };
    if (agrees(candidate, examples, z)) return candidate;
  }
  return learned;
}

function agrees(w: Weights, examples: Examples, learnedZ: readonly number[]): boolean {
  const { x, count, features } = examples;
  const zOf = preActivation(w.weights, w.bias);
  for (let i = 0; i < count; i++) {
    const z = zOf(x.subarray(i * features, (i + 1) * features));
    const want = learnedZ[i]!;
    if (z >= 0 !== want >= 0 || (want !== 0 && z === 0)) return false;
  }
  return true;
}
