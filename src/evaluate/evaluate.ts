// Running a compiled program: one input vector with every neuron's pre-activation, or a
// whole truth table, row after row, into a reusable buffer.

import type { CompiledCircuit } from './compile.js';

/** Values of every slot (see CompiledCircuit): real numbers for `evaluate`, bits for tables. */
export type Values = Float64Array | Uint8Array;

/** A value array sized for `program`, with the constant slots set. */
export function newValues(program: CompiledCircuit): Float64Array {
  const v = new Float64Array(program.firstNeuron + program.neuronCount);
  v[1] = 1;
  return v;
}

/**
 * A value array of bits, for truth tables and tests: every input and neuron output there is
 * 0 or 1, and small integers make the generated code's sums integer arithmetic.
 */
export function newBits(program: CompiledCircuit): Uint8Array {
  const v = new Uint8Array(program.firstNeuron + program.neuronCount);
  v[1] = 1;
  return v;
}

/**
 * Evaluates every neuron for the inputs already in `v`. `z`, when given, receives each
 * neuron's pre-activation w·x + b in the units of the source (the exact scale undone).
 */
export function run(program: CompiledCircuit, v: Values, z?: Float64Array): void {
  const { offsets, sources, weights, bias, neuronCount, firstNeuron } = program;
  for (let k = 0; k < neuronCount; k++) {
    let sum = bias[k]!;
    for (let j = offsets[k]!, end = offsets[k + 1]!; j < end; j++) sum += weights[j]! * v[sources[j]!]!;
    v[firstNeuron + k] = sum >= 0 ? 1 : 0;
    if (z) z[k] = sum / program.scale[k]!;
  }
}

export interface NeuronTrace {
  readonly name: string;
  readonly layer: number;
  readonly inputs: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** The pre-activation w·x + b. */
  readonly z: number;
  readonly output: 0 | 1;
}

export interface Evaluation {
  readonly inputs: readonly number[];
  readonly neurons: readonly NeuronTrace[];
  readonly outputs: readonly { readonly name: string; readonly value: number }[];
}

/** Evaluates one input vector (real numbers allowed) and reports every neuron. */
export function evaluate(program: CompiledCircuit, inputs: readonly number[]): Evaluation {
  if (inputs.length !== program.inputCount) {
    throw new RangeError(`${program.netlist.name} takes ${program.inputCount} inputs, got ${inputs.length}`);
  }
  const v = newValues(program);
  inputs.forEach((x, i) => (v[2 + i] = x));
  const z = new Float64Array(program.neuronCount);
  run(program, v, z);
  const { netlist } = program;
  const neurons = netlist.neurons.map((n, k) => ({
    name: n.name,
    layer: n.layer,
    inputs: Array.from({ length: n.inputs.length }, (_, j) => v[program.sources[program.offsets[k]! + j]!]!),
    weights: n.weights,
    bias: n.bias,
    z: z[k]!,
    output: v[program.firstNeuron + k] as 0 | 1,
  }));
  const outputs = netlist.outputs.map((o, i) => ({ name: o.name, value: v[program.outputSlots[i]!]! }));
  return { inputs, neurons, outputs };
}
