// A netlist compiled once into flat typed arrays: the program every evaluation runs.

import type { Netlist, Signal } from '../elaborate/netlist.js';

/**
 * Value slots: 0 holds the constant 0, 1 the constant 1, then the circuit inputs, then one
 * slot per neuron in topological order. A neuron k reads `sources[offsets[k] .. offsets[k+1]]`.
 */
export interface CompiledCircuit {
  readonly netlist: Netlist;
  readonly inputCount: number;
  readonly neuronCount: number;
  /** Slot of the first neuron: 2 + inputCount. */
  readonly firstNeuron: number;
  readonly offsets: Int32Array;
  readonly sources: Int32Array;
  /** Weights and biases, each neuron's scaled by `scale[k]` (see `exactScale`). */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly scale: Float64Array;
  readonly outputSlots: Int32Array;
}

export function slotOf(signal: Signal, inputCount: number): number {
  switch (signal.kind) {
    case 'constant':
      return signal.value;
    case 'input':
      return 2 + signal.index;
    case 'neuron':
      return 2 + inputCount + signal.index;
  }
}

export function compile(netlist: Netlist): CompiledCircuit {
  const inputCount = netlist.inputs.length;
  const neuronCount = netlist.neurons.length;
  const offsets = new Int32Array(neuronCount + 1);
  let edges = 0;
  netlist.neurons.forEach((n, k) => {
    offsets[k] = edges;
    edges += n.inputs.length;
  });
  offsets[neuronCount] = edges;
  const sources = new Int32Array(edges);
  const weights = new Float64Array(edges);
  const bias = new Float64Array(neuronCount);
  const scale = new Float64Array(neuronCount);
  netlist.neurons.forEach((n, k) => {
    const s = exactScale(n.weights, n.bias);
    scale[k] = s;
    bias[k] = scaled(n.bias, s);
    n.inputs.forEach((input, j) => {
      sources[offsets[k]! + j] = slotOf(input, inputCount);
      weights[offsets[k]! + j] = scaled(n.weights[j]!, s);
    });
  });
  const outputSlots = Int32Array.from(netlist.outputs, (o) => slotOf(o.source, inputCount));
  return { netlist, inputCount, neuronCount, firstNeuron: 2 + inputCount, offsets, sources, weights, bias, scale, outputSlots };
}

/**
 * A neuron's pre-activation as a compiled program computes it (in its scaled units: only the
 * sign means anything), for checking a neuron outside a circuit.
 */
export function preActivation(weights: readonly number[], bias: number): (inputs: ArrayLike<number>) => number {
  const s = exactScale(weights, bias);
  const w = weights.map((x) => scaled(x, s));
  const b = scaled(bias, s);
  return (inputs) => {
    let sum = b;
    for (let j = 0; j < w.length; j++) sum += w[j]! * inputs[j]!;
    return sum;
  };
}

/** Whether a neuron fires on `inputs`, with exactly the arithmetic of a compiled program. */
export function fires(weights: readonly number[], bias: number, inputs: ArrayLike<number>): boolean {
  return preActivation(weights, bias)(inputs) >= 0;
}

function scaled(x: number, s: number): number {
  return s === 1 ? x : Math.round(x * s);
}

/**
 * Weights written as decimals, such as 0.1, 0.2 and bias -0.3, are not exact in binary
 * floating point, and `0.1 + 0.2 - 0.3 >= 0` is false. Scaling a neuron's weights and bias by
 * the same power of ten keeps its decision (the scale is positive); choosing 10^k where k is
 * the most decimal places any of them has in its shortest decimal form makes every one a whole
 * number, and when they all stay below 2^53 / fan-in, every sum over bit inputs is exact.
 * Weights that are not short decimals (a trained neuron's, say) keep scale 1 and plain
 * floating point.
 */
export function exactScale(weights: readonly number[], bias: number): number {
  const all = [...weights, bias];
  const k = all.reduce((most, x) => Math.max(most, decimalPlaces(x)), 0);
  if (k > 15) return 1;
  const s = 10 ** k;
  const limit = 2 ** 53 / (all.length + 1);
  return all.every((x) => Math.abs(x * s) < limit) ? s : 1;
}

/** Digits after the decimal point in the shortest form that reads back as `x` (1.5e-7: 8). */
function decimalPlaces(x: number): number {
  const [mantissa, exponent] = String(Math.abs(x)).split('e') as [string, string | undefined];
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}
