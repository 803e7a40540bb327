// One input vector through a circuit, every neuron reported: what `nn eval` shows. Inputs
// may be any numbers (a neuron trained on measurements takes real values); each sum is
// computed exactly on the values given, so the z shown is the z on paper.

import { preActivation } from '../arith/neuron.js';
import { ONE, ZERO, type Rational } from '../arith/rational.js';
import { neuronSignal, type CompiledCircuit } from './compile.js';

export interface NeuronTrace {
  readonly name: string;
  readonly layer: number;
  readonly inputs: readonly Rational[];
  readonly weights: readonly Rational[];
  readonly bias: Rational;
  /** The pre-activation w·x + b, exactly. */
  readonly z: Rational;
  readonly output: 0 | 1;
}

export interface Evaluation {
  readonly inputs: readonly Rational[];
  readonly neurons: readonly NeuronTrace[];
  readonly outputs: readonly { readonly name: string; readonly value: Rational }[];
}

export function evaluate(c: CompiledCircuit, inputs: readonly Rational[]): Evaluation {
  if (inputs.length !== c.inputCount) {
    throw new RangeError(`${c.netlist.name} takes ${c.inputCount} inputs, got ${inputs.length}`);
  }
  const values: Rational[] = [ZERO, ONE, ...inputs];
  const neurons: NeuronTrace[] = c.netlist.neurons.map((n, k) => {
    const from = c.offsets[k]!;
    const x = n.inputs.map((_, j) => values[c.sources[from + j]!]!);
    const z = preActivation(n.weights, n.bias, x);
    const output = z.num >= 0n ? 1 : 0;
    values[neuronSignal(c, k)] = output === 1 ? ONE : ZERO;
    return { name: n.name, layer: n.layer, inputs: x, weights: n.weights, bias: n.bias, z, output };
  });
  const outputs = c.netlist.outputs.map((o, i) => ({ name: o.name, value: values[c.outputSignals[i]!]! }));
  return { inputs, neurons, outputs };
}

