// A netlist compiled once into flat typed arrays: the program every engine runs.

import { integerForm, type IntegerNeuron } from '../arith/neuron.js';
import { isCombinational, type NetNeuron, type Netlist, type Signal } from '../elaborate/netlist.js';

/** The neurons packed into flat arrays: each one's inputs at `offsets[k]`, its exact integer form. */
export interface PackedNeurons {
  /** Neuron k reads signals `sources[offsets[k] .. offsets[k+1]]`. */
  readonly offsets: Int32Array;
  readonly sources: Int32Array;
  /**
   * Each neuron in its integer form (see `IntegerNeuron`), shared by neurons of the same
   * declaration: the decision is made on these integers, exactly.
   */
  readonly forms: readonly IntegerNeuron[];
  /** The integer weights and biases as doubles, valid where `forms[k].fitsDoubles`. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/** Packs `neurons` for an engine or the simulator, `signal` giving each input's slot. */
export function packNeurons(neurons: readonly NetNeuron[], signal: (input: Signal) => number): PackedNeurons {
  const neuronCount = neurons.length;
  const offsets = new Int32Array(neuronCount + 1);
  let edges = 0;
  neurons.forEach((n, k) => {
    offsets[k] = edges;
    edges += n.inputs.length;
  });
  offsets[neuronCount] = edges;
  const sources = new Int32Array(edges);
  const weights = new Float64Array(edges);
  const bias = new Float64Array(neuronCount);
  // Neurons of one declaration share their weight arrays: one integer form for all of them.
  const shared = new Map<NetNeuron['weights'], { bias: NetNeuron['bias']; form: IntegerNeuron }>();
  const forms: IntegerNeuron[] = new Array(neuronCount);
  neurons.forEach((n, k) => {
    let known = shared.get(n.weights);
    if (known?.bias !== n.bias) {
      known = { bias: n.bias, form: integerForm(n.weights, n.bias) };
      shared.set(n.weights, known);
    }
    const form = known.form;
    forms[k] = form;
    bias[k] = Number(form.bias);
    n.inputs.forEach((input, j) => {
      sources[offsets[k]! + j] = signal(input);
      weights[offsets[k]! + j] = Number(form.weights[j]!);
    });
  });
  return { offsets, sources, forms, weights, bias };
}

/**
 * Signals are numbered: 0 is the constant 0, 1 the constant 1, then the circuit inputs, then
 * one per neuron in topological order. Engines and their users agree on this numbering only
 * through the functions below (`inputSignal`, `neuronSignal`, `signalOf`).
 */
export interface CompiledCircuit extends PackedNeurons {
  readonly netlist: Netlist;
  readonly inputCount: number;
  readonly neuronCount: number;
  /** Constants, inputs and neurons. */
  readonly signalCount: number;
  /** The signal each circuit output reads. */
  readonly outputSignals: Int32Array;
}

export const CONSTANT_SIGNALS = 2;

export function inputSignal(i: number): number {
  return CONSTANT_SIGNALS + i;
}

export function neuronSignal(c: { readonly inputCount: number }, k: number): number {
  return CONSTANT_SIGNALS + c.inputCount + k;
}

export function signalOf(signal: Signal, inputCount: number): number {
  switch (signal.kind) {
    case 'constant':
      return signal.value;
    case 'input':
      return CONSTANT_SIGNALS + signal.index;
    case 'neuron':
      return CONSTANT_SIGNALS + inputCount + signal.index;
    case 'register':
      throw new RangeError('a register has no signal in a combinational circuit: simulate it (src/simulate)');
  }
}

export function compile(netlist: Netlist): CompiledCircuit {
  if (!isCombinational(netlist)) throw new RangeError(`${netlist.name} has memory (delays or loops): the engines take circuits without; simulate it (src/simulate)`);
  const inputCount = netlist.inputs.length;
  const neuronCount = netlist.neurons.length;
  const { offsets, sources, forms, weights, bias } = packNeurons(netlist.neurons, (input) => signalOf(input, inputCount));
  const outputSignals = Int32Array.from(netlist.outputs, (o) => signalOf(o.source, inputCount));
  return {
    netlist, inputCount, neuronCount, signalCount: CONSTANT_SIGNALS + inputCount + neuronCount,
    offsets, sources, forms, weights, bias, outputSignals,
  };
}
