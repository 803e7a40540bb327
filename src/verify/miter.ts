// Equivalence as a property: two circuits side by side on the same inputs, and a neuron that
// fires when every pair of corresponding outputs agrees. "The circuits are equivalent" is then
// "that neuron is 1 on every input", proved like any other property.

import { integer } from '../arith/rational.js';
import type { NetNeuron, NetPort, Netlist, Signal } from '../elaborate/netlist.js';

export type Miter =
  | { readonly ok: true; readonly netlist: Netlist; readonly pairing: Pairing }
  | { readonly ok: false; readonly reason: string };

/** How the ports of the two circuits were paired: by name, or in order. */
export interface Pairing {
  readonly inputs: 'name' | 'order';
  readonly outputs: 'name' | 'order';
  /** For each of b's input ports, the a port it is fed from. */
  readonly inputOf: readonly number[];
  /** For each of a's output ports, the b port it is compared with. */
  readonly outputOf: readonly number[];
}

/** The name of the miter's first output: 1 when the outputs of both circuits agree. */
export const EQUAL = 'equal';

const shape = (ports: readonly NetPort[]) => ports.map((p) => (p.width === null ? p.name : `${p.name}[${p.width}]`)).join(', ');

/**
 * Pairs ports: by name when both sides have the same names with the same widths (in any
 * order), else in order when the widths agree one by one. `undefined` when neither works.
 */
function pair(a: readonly NetPort[], b: readonly NetPort[]): { by: 'name' | 'order'; of: number[] } | undefined {
  if (a.length !== b.length) return undefined;
  const byName = a.map((p) => b.findIndex((q) => q.name === p.name && q.width === p.width));
  if (byName.every((k) => k >= 0) && new Set(byName).size === a.length) return { by: 'name', of: byName };
  if (a.every((p, k) => p.width === b[k]!.width)) return { by: 'order', of: a.map((_, k) => k) };
  return undefined;
}

/**
 * One netlist holding `a` and `b` on shared inputs (a's): outputs `equal`, then a's output
 * ports and b's (named `A.out` and `B.out` by the circuits' names, or `a.`/`b.` when the names
 * are the same). Ports pair by name when the names agree, else in order; widths must match.
 */
export function miter(a: Netlist, b: Netlist): Miter {
  const inputs = pair(a.inputPorts, b.inputPorts);
  if (!inputs) {
    return { ok: false, reason: `${a.name} takes (${shape(a.inputPorts)}) and ${b.name} takes (${shape(b.inputPorts)}): equivalence needs inputs of the same widths, paired by name or in order` };
  }
  const outputs = pair(a.outputPorts, b.outputPorts);
  if (!outputs) {
    return { ok: false, reason: `${a.name} gives (${shape(a.outputPorts)}) and ${b.name} gives (${shape(b.outputPorts)}): equivalence needs outputs of the same widths, paired by name or in order` };
  }
  // b's input bit at position i reads a's input bit feedOf[i].
  const feedOf = new Array<number>(b.inputs.length);
  const inputOf = b.inputPorts.map(() => 0);
  inputs.of.forEach((k, j) => {
    inputOf[k] = j;
    b.inputPorts[k]!.bits.forEach((position, bit) => (feedOf[position] = a.inputPorts[j]!.bits[bit]!));
  });
  const [pa, pb] = a.name === b.name ? ['a', 'b'] : [a.name, b.name];
  const neurons: NetNeuron[] = [];
  const place = (n: Netlist, prefix: string, input: (i: number) => number): ((s: Signal) => Signal) => {
    const offset = neurons.length;
    const shift = (s: Signal): Signal =>
      s.kind === 'neuron' ? { kind: 'neuron', index: s.index + offset } : s.kind === 'input' ? { kind: 'input', index: input(s.index) } : s;
    for (const neuron of n.neurons) {
      neurons.push({
        ...neuron,
        name: `${prefix}.${neuron.name}`,
        scopes: [{ label: prefix, part: n.name }, ...neuron.scopes],
        inputs: neuron.inputs.map(shift),
      });
    }
    return shift;
  };
  const shiftA = place(a, pa, (i) => i);
  const shiftB = place(b, pb, (i) => feedOf[i]!);
  const gate = (name: string, weights: number[], bias: number, ins: Signal[]): Signal => {
    const layer = 1 + Math.max(0, ...ins.map((s) => (s.kind === 'neuron' ? neurons[s.index]!.layer : 0)));
    neurons.push({ name, scopes: [], part: 'miter', weights: weights.map((w) => integer(w)), bias: integer(bias), inputs: ins, layer });
    return { kind: 'neuron', index: neurons.length - 1 };
  };
  // differs = XOR(x, y) = AND(OR(x, y), NAND(x, y)), for each pair of output bits.
  const differs: Signal[] = [];
  a.outputPorts.forEach((port, j) => {
    const other = b.outputPorts[outputs.of[j]!]!;
    port.bits.forEach((position, bit) => {
      const x = shiftA(a.outputs[position]!.source);
      const y = shiftB(b.outputs[other.bits[bit]!]!.source);
      const name = `differs.${a.outputs[position]!.name}`;
      const or = gate(`${name}.or`, [1, 1], -1, [x, y]);
      const nand = gate(`${name}.nand`, [-1, -1], 1, [x, y]);
      differs.push(gate(name, [1, 1], -2, [or, nand]));
    });
  });
  // Fires when no output differs: every weight -1, bias 0.
  const equal = gate(EQUAL, differs.map(() => -1), 0, differs);
  const netOutputs = [{ name: EQUAL, source: equal }];
  const outputPorts: NetPort[] = [{ name: EQUAL, width: null, bits: [0] }];
  for (const [n, prefix, shift] of [[a, pa, shiftA], [b, pb, shiftB]] as const) {
    for (const port of n.outputPorts) {
      const bits = port.bits.map((position) => netOutputs.push({ name: `${prefix}.${n.outputs[position]!.name}`, source: shift(n.outputs[position]!.source) }) - 1);
      outputPorts.push({ name: `${prefix}.${port.name}`, width: port.width, bits });
    }
  }
  return {
    ok: true,
    netlist: {
      name: `${a.name} = ${b.name}`, inputs: a.inputs, inputPorts: a.inputPorts, outputs: netOutputs, outputPorts,
      neurons, depth: neurons.reduce((d, n) => Math.max(d, n.layer), 0),
    },
    pairing: { inputs: inputs.by, outputs: outputs.by, inputOf, outputOf: outputs.of },
  };
}
