// A network of threshold neurons, each reading circuit inputs, constants and earlier neurons:
// what synthesis and the fitting of hidden layers return; `emitNetwork` writes it as .nn
// source. Evaluation here adds doubles, which is exact for the whole-number weights of
// synthesis; networks trained on data are decided exactly where they are used (the fit stage
// counts their errors with `exactFires`, and nn uses their weights as exact rationals).

import { dyadic, product } from '../arith/dyadic.js';
import { inputBit, rowCount, type TruthTable } from './truth-table.js';

/** Where a neuron input or an output takes its value from (the same shape as the netlist's). */
export type Signal =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'neuron'; readonly index: number }
  | { readonly kind: 'constant'; readonly value: 0 | 1 };

export interface SynthNeuron {
  /** The wire it drives in the circuit: an output's name, or h1, h2, ... */
  readonly name: string;
  readonly weights: readonly number[];
  readonly bias: number;
  /** One per weight; only inputs, constants and earlier neurons. */
  readonly sources: readonly Signal[];
}

export interface ThresholdNetwork {
  /** The circuit's name. */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** In evaluation order. */
  readonly neurons: readonly SynthNeuron[];
  /** Where each output comes from: a neuron, an input passed through, or a constant. */
  readonly outputSources: readonly Signal[];
}

/**
 * The value of every neuron on one row of inputs, each decided exactly (`exactFires`): for
 * networks with real weights, as gradient descent leaves them.
 */
export function evaluateNeuronsExactly(network: ThresholdNetwork, inputs: ArrayLike<number>): Uint8Array {
  const { neurons } = network;
  const values = new Uint8Array(neurons.length);
  for (let k = 0; k < neurons.length; k++) {
    const { weights, bias, sources } = neurons[k]!;
    values[k] = exactFires(weights, bias, sources.map((s) => signalValue(s, inputs, values))) ? 1 : 0;
  }
  return values;
}

/** The value of every neuron on one row of inputs (bits), in order. */
export function evaluateNeurons(network: ThresholdNetwork, inputs: ArrayLike<number>): Uint8Array {
  const { neurons } = network;
  const values = new Uint8Array(neurons.length);
  for (let k = 0; k < neurons.length; k++) {
    const { weights, bias, sources } = neurons[k]!;
    let z = bias;
    for (let j = 0; j < sources.length; j++) z += weights[j]! * signalValue(sources[j]!, inputs, values);
    values[k] = z >= 0 ? 1 : 0;
  }
  return values;
}

/** The outputs on one row of inputs. */
export function evaluateNetwork(network: ThresholdNetwork, inputs: ArrayLike<number>): Uint8Array {
  const values = evaluateNeurons(network, inputs);
  return Uint8Array.from(network.outputSources, (s) => signalValue(s, inputs, values));
}

export function signalValue(s: Signal, inputs: ArrayLike<number>, neurons: ArrayLike<number>): number {
  switch (s.kind) {
    case 'constant':
      return s.value;
    case 'input':
      return inputs[s.index]!;
    case 'neuron':
      return neurons[s.index]!;
  }
}

/** Each neuron's layer: 1 + the deepest layer it reads (inputs and constants are layer 0). */
export function neuronLayers(network: ThresholdNetwork): number[] {
  const layers: number[] = [];
  for (const neuron of network.neurons) {
    let deepest = 0;
    for (const s of neuron.sources) if (s.kind === 'neuron') deepest = Math.max(deepest, layers[s.index]!);
    layers.push(deepest + 1);
  }
  return layers;
}

/** The longest path from an input to an output, in neurons. */
export function networkDepth(network: ThresholdNetwork): number {
  const layers = neuronLayers(network);
  let depth = 0;
  for (const s of network.outputSources) if (s.kind === 'neuron') depth = Math.max(depth, layers[s.index]!);
  return depth;
}

/** The most sources any neuron reads. */
export function networkFanIn(network: ThresholdNetwork): number {
  return network.neurons.reduce((most, n) => Math.max(most, n.sources.filter((s) => s.kind !== 'constant').length), 0);
}

/**
 * Whether the network is a strict multilayer perceptron: a neuron of layer 1 reads only
 * inputs, a neuron of layer t > 1 only neurons of layer t − 1, and every output neuron is in
 * the last layer. (Outputs that are inputs or constants are wires, and do not count.)
 */
export function isLayered(network: ThresholdNetwork): boolean {
  const layers = neuronLayers(network);
  const ok = network.neurons.every((neuron, k) =>
    neuron.sources.every((s) => (s.kind === 'input' ? layers[k] === 1 : s.kind === 'neuron' ? layers[s.index] === layers[k]! - 1 : true)),
  );
  const depth = networkDepth(network);
  return ok && network.outputSources.every((s) => s.kind !== 'neuron' || layers[s.index] === depth);
}

/** The first row (and output) where the network differs from what the table cares about. */
export function networkDisagreement(network: ThresholdNetwork, table: TruthTable): { row: number; output: number } | undefined {
  const n = table.inputs.length;
  const bits = new Uint8Array(n);
  for (let r = 0; r < rowCount(table); r++) {
    if (!table.care.some((c) => c[r] === 1)) continue;
    for (let j = 0; j < n; j++) bits[j] = inputBit(r, j, n);
    const out = evaluateNetwork(network, bits);
    for (let q = 0; q < table.outputs.length; q++) {
      if (table.care[q]![r] === 1 && out[q] !== table.on[q]![r]) return { row: r, output: q };
    }
  }
  return undefined;
}

/**
 * Whether w·x + b >= 0 exactly. The floating-point sum decides when it is farther from 0 than
 * its rounding error can reach; otherwise the sum is redone with BigInts on the exact values.
 */
export function exactFires(w: readonly number[], b: number, x: readonly number[]): boolean {
  let z = b;
  let size = Math.abs(b);
  for (let j = 0; j < w.length; j++) {
    const t = w[j]! * x[j]!;
    z += t;
    size += Math.abs(t);
  }
  // Each of the 2n + 1 roundings moves the sum by at most 2^-53 of the running magnitude.
  if (Number.isFinite(z) && Math.abs(z) > size * (2 * w.length + 2) * 2 ** -52) return z >= 0;
  const terms = [dyadic(b), ...w.map((wj, j) => product(dyadic(wj), dyadic(x[j]!)))];
  const e = terms.reduce((most, t) => Math.max(most, t.e), 0);
  let sum = 0n;
  for (const t of terms) sum += t.m << BigInt(e - t.e);
  return sum >= 0n;
}

/**
 * `names` made distinct by numbering repeats (`a`, `a_2`, `a_3`): the parameters of a neuron
 * that reads one signal twice.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let n = name;
    for (let k = 2; seen.has(n); k++) n = `${name}_${k}`;
    seen.add(n);
    return n;
  });
}
