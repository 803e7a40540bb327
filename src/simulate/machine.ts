// A netlist with memory compiled for running over time: flat typed arrays as the engines
// have, plus the registers and a schedule of the neurons by strongly connected component.
// Every neuron decides on its integer form (src/arith/neuron.ts), exactly.

import { integerSum } from '../arith/neuron.js';
import { stronglyConnected } from '../check/graph.js';
import { packNeurons, type PackedNeurons } from '../evaluate/compile.js';
import { registersOf, type Netlist, type Signal } from '../elaborate/netlist.js';

/**
 * Signals are numbered: 0 is the constant 0, 1 the constant 1, then the inputs, the neurons
 * (in netlist order) and the registers, each through the functions below.
 */
export interface Machine extends PackedNeurons {
  readonly netlist: Netlist;
  readonly inputCount: number;
  readonly neuronCount: number;
  readonly registerCount: number;
  readonly signalCount: number;
  /** The signal each register stores at the end of a tick, and its value at tick 0. */
  readonly registerInputs: Int32Array;
  readonly registerInit: Uint8Array;
  readonly outputSignals: Int32Array;
  /**
   * The neurons in the order they settle: components of the dependency graph, dependencies
   * first. A component is one neuron computed once, or a loop (`cyclic`) whose neurons, in
   * ascending order, update in step until nothing changes.
   */
  readonly components: readonly Component[];
  /** The neurons on loops: with the registers, what a circuit remembers from tick to tick. */
  readonly latches: readonly number[];
}

export interface Component {
  readonly neurons: readonly number[];
  readonly cyclic: boolean;
}

export const CONSTANT_SIGNALS = 2;

export const inputSignal = (i: number): number => CONSTANT_SIGNALS + i;
export const neuronSignal = (m: { inputCount: number }, k: number): number => CONSTANT_SIGNALS + m.inputCount + k;
export const registerSignal = (m: { inputCount: number; neuronCount: number }, r: number): number => CONSTANT_SIGNALS + m.inputCount + m.neuronCount + r;

export function machineSignal(m: { inputCount: number; neuronCount: number }, s: Signal): number {
  switch (s.kind) {
    case 'constant':
      return s.value;
    case 'input':
      return CONSTANT_SIGNALS + s.index;
    case 'neuron':
      return neuronSignal(m, s.index);
    case 'register':
      return registerSignal(m, s.index);
  }
}

export function compileMachine(netlist: Netlist): Machine {
  const inputCount = netlist.inputs.length;
  const neuronCount = netlist.neurons.length;
  const registers = registersOf(netlist);
  const registerCount = registers.length;
  const counts = { inputCount, neuronCount };
  const { offsets, sources, forms, weights, bias } = packNeurons(netlist.neurons, (input) => machineSignal(counts, input));
  const registerInputs = Int32Array.from(registers, (r) => machineSignal(counts, r.input));
  const registerInit = Uint8Array.from(registers, (r) => r.init);
  const outputSignals = Int32Array.from(netlist.outputs, (o) => machineSignal(counts, o.source));
  const components = schedule(netlist);
  const latches = components.filter((c) => c.cyclic).flatMap((c) => c.neurons);
  return {
    netlist, inputCount, neuronCount, registerCount, signalCount: CONSTANT_SIGNALS + inputCount + neuronCount + registerCount,
    offsets, sources, forms, weights, bias, registerInputs, registerInit, outputSignals, components, latches,
  };
}

/**
 * The components of the neurons' dependency graph (registers and inputs are no dependency),
 * dependencies first; within one, ascending. Worked out here rather than read from
 * `netlist.loops`, so that any netlist runs right, however its neurons are listed.
 */
function schedule(netlist: Netlist): Component[] {
  const reads = netlist.neurons.map((n) => n.inputs.filter((s) => s.kind === 'neuron').map((s) => s.index));
  const { component, count, cyclic } = stronglyConnected(reads.length, (k) => reads[k]!);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let k = 0; k < reads.length; k++) members[component[k]!]!.push(k);
  return members.map((neurons, c) => ({ neurons, cyclic: cyclic[c]! }));
}

/** Neuron k's decision on the values in `v`, exactly (doubles hold every sum where they can). */
export function fires(m: Machine, k: number, v: Uint8Array): number {
  const form = m.forms[k]!;
  const from = m.offsets[k]!;
  const to = m.offsets[k + 1]!;
  if (form.fitsDoubles) {
    let sum = m.bias[k]!;
    for (let j = from; j < to; j++) sum += m.weights[j]! * v[m.sources[j]!]!;
    return sum >= 0 ? 1 : 0;
  }
  const bits = new Uint8Array(to - from);
  for (let j = from; j < to; j++) bits[j - from] = v[m.sources[j]!]!;
  return integerSum(form, bits) >= 0n ? 1 : 0;
}
