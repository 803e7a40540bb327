// A circuit as clauses for a SAT solver. Every neuron is first built exactly as the
// bit-parallel engine builds it (evaluate/bit-neuron.ts): small fan-ins as the decision diagram
// of their truth table, large ones as a weighted counter of full adders compared with the
// threshold, integers of any size. Each AND, OR and XOR of that graph then becomes a variable
// and its Tseitin clauses; a complement costs nothing (a negative literal). Shared
// subexpressions are one variable, so two circuits built alike share their variables.

import { OpGraph, Op, ONE, ZERO } from '../evaluate/bit-ops.js';
import { buildNeuron } from '../evaluate/bit-neuron.js';
import { CONSTANT_SIGNALS, neuronSignal, type CompiledCircuit } from '../evaluate/compile.js';

export interface Cnf {
  readonly variables: number;
  /** Clauses of signed variable numbers (-v is "not v"); variable 1 is true. */
  readonly clauses: readonly (readonly number[])[];
  /** Per circuit signal, its literal. Inputs are variables 2, 3, ... in order. */
  readonly literalOf: Int32Array;
}

export type Encoded = { readonly ok: true; readonly cnf: Cnf } | { readonly ok: false; readonly reason: string };

/**
 * The clauses that tie the `roots` signals to the inputs (only the logic they depend on).
 * Refused for a neuron whose counter would be too large to build (see MAX_NEURON_OPS).
 */
export function encodeCircuit(c: CompiledCircuit, roots: readonly number[]): Encoded {
  const external = CONSTANT_SIGNALS + c.inputCount;
  const g = new OpGraph(external);
  const signalValue = new Int32Array(c.signalCount);
  for (let s = 0; s < external; s++) signalValue[s] = s;
  for (let k = 0; k < c.neuronCount; k++) {
    const inputs: number[] = [];
    for (let j = c.offsets[k]!; j < c.offsets[k + 1]!; j++) inputs.push(signalValue[c.sources[j]!]!);
    const v = buildNeuron(g, c.forms[k]!, inputs);
    if (v === undefined) return { ok: false, reason: `neuron ${c.netlist.neurons[k]!.name} is too large to encode as clauses` };
    signalValue[neuronSignal(c, k)] = v;
  }
  const total = external + g.size;
  const live = new Uint8Array(total);
  for (const s of roots) live[signalValue[s]!] = 1;
  for (let i = g.size - 1; i >= 0; i--) {
    if (!live[external + i]) continue;
    live[g.lhs[i]!] = 1;
    if (g.kinds[i] !== Op.Not) live[g.rhs[i]!] = 1;
  }
  const literal = new Int32Array(total);
  literal[ZERO] = -1;
  literal[ONE] = 1;
  for (let i = 0; i < c.inputCount; i++) literal[CONSTANT_SIGNALS + i] = 2 + i;
  let variables = 1 + c.inputCount;
  const clauses: number[][] = [[1]];
  for (let i = 0; i < g.size; i++) {
    const v = external + i;
    if (!live[v]) continue;
    const a = literal[g.lhs[i]!]!;
    if (g.kinds[i] === Op.Not) {
      literal[v] = -a;
      continue;
    }
    const b = literal[g.rhs[i]!]!;
    const x = ++variables;
    literal[v] = x;
    switch (g.kinds[i]) {
      case Op.And:
        clauses.push([-x, a], [-x, b], [x, -a, -b]);
        break;
      case Op.Or:
        clauses.push([x, -a], [x, -b], [-x, a, b]);
        break;
      default:
        clauses.push([-x, a, b], [-x, -a, -b], [x, -a, b], [x, a, -b]);
    }
  }
  const literalOf = new Int32Array(c.signalCount);
  // 0 for a signal the roots do not need.
  for (let s = 0; s < c.signalCount; s++) literalOf[s] = literal[signalValue[s]!]!;
  return { ok: true, cnf: { variables, clauses, literalOf } };
}
