// Equivalence as a property: two circuits side by side on the same inputs, and a neuron that
// fires when every pair of corresponding outputs agrees. "The circuits are equivalent" is then
// "that neuron is 1 on every input", proved like any other property.

import { integer } from '../arith/rational.js';
import type { NetNeuron, Netlist, Signal } from '../elaborate/netlist.js';

export type Miter = { readonly ok: true; readonly netlist: Netlist } | { readonly ok: false; readonly reason: string };

/** The name of the miter's first output: 1 when the outputs of both circuits agree. */
export const EQUAL = 'equal';

/**
 * One netlist holding `a` and `b` on shared inputs: outputs `equal`, then a's outputs and b's
 * (named `A.out` and `B.out` by the circuits' names, or `a.`/`b.` when the names are the same).
 * The inputs must have the same names in the same order, and the outputs the same number.
 */
export function miter(a: Netlist, b: Netlist): Miter {
  if (a.inputs.length !== b.inputs.length || a.inputs.some((n, i) => n !== b.inputs[i])) {
    return { ok: false, reason: `${a.name} takes (${a.inputs.join(', ')}) and ${b.name} takes (${b.inputs.join(', ')}): equivalence needs the same inputs in the same order` };
  }
  if (a.outputs.length !== b.outputs.length) {
    return { ok: false, reason: `${a.name} has ${a.outputs.length} outputs and ${b.name} has ${b.outputs.length}: equivalence needs as many outputs, compared in order` };
  }
  const [pa, pb] = a.name === b.name ? ['a', 'b'] : [a.name, b.name];
  const neurons: NetNeuron[] = [];
  const place = (n: Netlist, prefix: string): ((s: Signal) => Signal) => {
    const offset = neurons.length;
    const shift = (s: Signal): Signal => (s.kind === 'neuron' ? { kind: 'neuron', index: s.index + offset } : s);
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
  const shiftA = place(a, pa);
  const shiftB = place(b, pb);
  const gate = (name: string, weights: number[], bias: number, inputs: Signal[]): Signal => {
    const layer = 1 + Math.max(0, ...inputs.map((s) => (s.kind === 'neuron' ? neurons[s.index]!.layer : 0)));
    neurons.push({ name, scopes: [], part: 'miter', weights: weights.map((w) => integer(w)), bias: integer(bias), inputs, layer });
    return { kind: 'neuron', index: neurons.length - 1 };
  };
  // differs_k = XOR(a_k, b_k) = AND(OR(a_k, b_k), NAND(a_k, b_k)).
  const differs = a.outputs.map((oa, k) => {
    const x = shiftA(oa.source);
    const y = shiftB(b.outputs[k]!.source);
    const name = `differs.${oa.name}`;
    const or = gate(`${name}.or`, [1, 1], -1, [x, y]);
    const nand = gate(`${name}.nand`, [-1, -1], 1, [x, y]);
    return gate(name, [1, 1], -2, [or, nand]);
  });
  // Fires when no output differs: every weight -1, bias 0.
  const equal = gate(EQUAL, differs.map(() => -1), 0, differs);
  const outputs = [
    { name: EQUAL, source: equal },
    ...a.outputs.map((o) => ({ name: `${pa}.${o.name}`, source: shiftA(o.source) })),
    ...b.outputs.map((o) => ({ name: `${pb}.${o.name}`, source: shiftB(o.source) })),
  ];
  // The miter's outputs are single bits: the verdict, then each side's outputs.
  const outputPorts = outputs.map((o, i) => ({ name: o.name, width: null, bits: [i] }));
  return {
    ok: true,
    netlist: {
      name: `${a.name} = ${b.name}`, inputs: a.inputs, inputPorts: a.inputPorts, outputs, outputPorts,
      neurons, depth: neurons.reduce((d, n) => Math.max(d, n.layer), 0),
    },
  };
}
