// The numbers an engineer asks for first about a circuit: its ports, its size and its shape.

import { compare, type Rational } from '../arith/rational.js';
import { loopsOf, registersOf, type Netlist } from './netlist.js';

export interface CircuitStats {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly width: number | null }[];
  readonly outputs: readonly { readonly name: string; readonly width: number | null }[];
  readonly inputBits: number;
  readonly outputBits: number;
  readonly neurons: number;
  /** Layers of neurons: the longest path from an input to an output, in neurons. */
  readonly depth: number;
  /** Neurons per layer, layer 1 first. */
  readonly layers: readonly number[];
  readonly largestFanIn: number;
  /** The smallest and largest weight, and bias, over every neuron (undefined without neurons). */
  readonly weights?: { readonly min: Rational; readonly max: Rational };
  readonly biases?: { readonly min: Rational; readonly max: Rational };
  /** How many instances of each neuron declaration the netlist holds, most used first. */
  readonly parts: readonly { readonly part: string; readonly count: number }[];
  /** Bits of `delay`: the clock's memory. */
  readonly registers: number;
  /** Loops of neurons (latches), and the neurons on them. */
  readonly loops: number;
  readonly loopNeurons: number;
}

export function circuitStats(netlist: Netlist): CircuitStats {
  const layers: number[] = [];
  let largestFanIn = 0;
  let weights: { min: Rational; max: Rational } | undefined;
  let biases: { min: Rational; max: Rational } | undefined;
  const widen = (range: { min: Rational; max: Rational } | undefined, v: Rational) =>
    !range ? { min: v, max: v } : { min: compare(v, range.min) < 0 ? v : range.min, max: compare(v, range.max) > 0 ? v : range.max };
  const parts = new Map<string, number>();
  // Neurons of one declaration share their weight arrays: each is compared once.
  const seen = new Set<readonly Rational[]>();
  for (const n of netlist.neurons) {
    layers[n.layer - 1] = (layers[n.layer - 1] ?? 0) + 1;
    largestFanIn = Math.max(largestFanIn, n.inputs.length);
    parts.set(n.part, (parts.get(n.part) ?? 0) + 1);
    if (!seen.has(n.weights)) {
      seen.add(n.weights);
      for (const w of n.weights) weights = widen(weights, w);
    }
    biases = widen(biases, n.bias);
  }
  const ports = (list: Netlist['inputPorts']) => list.map((p) => ({ name: p.name, width: p.width }));
  return {
    name: netlist.name,
    inputs: ports(netlist.inputPorts),
    outputs: ports(netlist.outputPorts),
    inputBits: netlist.inputs.length,
    outputBits: netlist.outputs.length,
    neurons: netlist.neurons.length,
    depth: netlist.depth,
    layers: Array.from(layers, (v) => v ?? 0),
    largestFanIn,
    ...(weights && { weights }),
    ...(biases && { biases }),
    parts: [...parts].map(([part, count]) => ({ part, count })).sort((a, b) => b.count - a.count || a.part.localeCompare(b.part)),
    registers: registersOf(netlist).length,
    loops: loopsOf(netlist).length,
    loopNeurons: loopsOf(netlist).reduce((n, l) => n + l.length, 0),
  };
}
