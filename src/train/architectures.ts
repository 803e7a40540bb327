// Architectures for the integer program of ilp.ts: which signals each neuron may read and which
// neurons may compute each output. Synthesis searches over them (synth/exact.ts); fitting a
// circuit of a declared shape solves one (hidden.ts).

import type { Architecture } from './ilp.js';
import type { Signal } from './network.js';
import type { Problem } from './problem.js';

/** Limits an architecture carries into its integer program. */
export interface ArchitectureLimits {
  /** At most this many sources per neuron. */
  readonly maxFanIn?: number;
  /** At most this many neurons on any path (general networks). */
  readonly maxDepth?: number;
}

export function inputSignals(n: number): Signal[] {
  return Array.from({ length: n }, (_, index) => ({ kind: 'input', index }));
}

/** Neuron k reads the inputs and neurons 0 … k−1; the last neuron computes an output. */
export function generalArchitecture(problem: Problem, k: number, options: ArchitectureLimits): Architecture {
  const n = problem.table.inputs.length;
  const T = problem.targets.length;
  const sources = Array.from({ length: k }, (_, j) => [...inputSignals(n), ...Array.from({ length: j }, (_, index): Signal => ({ kind: 'neuron', index }))]);
  const all = Array.from({ length: k }, (_, j) => j);
  return {
    sources,
    // One output: a network's last neuron is its output (anything after it would be unused).
    candidates: T === 1 ? [[k - 1]] : problem.targets.map(() => all),
    lastIsOutput: T > 1,
    ...(options.maxFanIn !== undefined && { maxFanIn: options.maxFanIn }),
    ...(options.maxDepth !== undefined && { maxDepth: options.maxDepth }),
  };
}

/**
 * A general network of a declared size: `hidden` neurons, each reading the inputs and the hidden
 * neurons before it, then one output neuron per target, in order, each reading the inputs and
 * every hidden neuron.
 */
export function generalShape(problem: Problem, hidden: number, options: ArchitectureLimits = {}): Architecture {
  const n = problem.table.inputs.length;
  const T = problem.targets.length;
  const earlier = (j: number) => Array.from({ length: j }, (_, index): Signal => ({ kind: 'neuron', index }));
  const sources = [
    ...Array.from({ length: hidden }, (_, j) => [...inputSignals(n), ...earlier(j)]),
    ...Array.from({ length: T }, () => [...inputSignals(n), ...earlier(hidden)]),
  ];
  return {
    sources,
    candidates: problem.targets.map((_, t) => [hidden + t]),
    ...(options.maxFanIn !== undefined && { maxFanIn: options.maxFanIn }),
  };
}

/** Layer 1 reads the inputs, each later layer the one before; the c neurons of the last layer compute the outputs. */
export function layeredArchitecture(problem: Problem, hidden: readonly number[], c: number, fixedOutputs: boolean, options: ArchitectureLimits): Architecture {
  const n = problem.table.inputs.length;
  const layers = [...hidden, c];
  const sources: Signal[][] = [];
  const interchangeable: number[][] = [];
  let previous: Signal[] = inputSignals(n);
  layers.forEach((width, layer) => {
    const members: number[] = [];
    const current: Signal[] = [];
    for (let i = 0; i < width; i++) {
      members.push(sources.length);
      current.push({ kind: 'neuron', index: sources.length });
      sources.push(previous);
    }
    if (layer < hidden.length) interchangeable.push(members);
    previous = current;
  });
  const last = Array.from({ length: c }, (_, i) => sources.length - c + i);
  const T = problem.targets.length;
  return {
    sources,
    // Outputs that are pairwise different, as many as the last layer: one each, in order.
    candidates: fixedOutputs && c === T ? last.map((j) => [j]) : problem.targets.map(() => last),
    interchangeable,
    candidatesAreOutputs: true,
    ...(options.maxFanIn !== undefined && { maxFanIn: options.maxFanIn }),
  };
}
