// Training hidden layers on a truth table, exactly: given a shape (the hidden layers' widths),
// weights for a strictly layered network of that shape that computes the table, or a proof
// that none exists. The layers are as in exact.ts (layer 1 reads the inputs, each later layer
// the one before, one output neuron per output in the last layer); outputs that are
// constants or inputs passed through are wires, not neurons.

import { assemble } from './assemble.js';
import { describeCertificate, layeredArchitecture } from './exact.js';
import { solveArchitecture } from './ilp.js';
import { networkDisagreement, type ThresholdNetwork } from './network.js';
import { decideTarget, incompatibleSet, problemOf } from './problem.js';
import type { TruthTable } from './table.js';
import { withSmallestWeights } from './weights.js';

export interface ShapeOptions {
  /** At most this many sources per neuron. */
  readonly maxFanIn?: number;
  /** Seconds the solver may take (default 60). */
  readonly timeLimit?: number;
}

export type ShapeFit =
  /** Smallest whole weights for each neuron, checked on every specified row. */
  | { readonly kind: 'network'; readonly network: ThresholdNetwork }
  /** No network of this shape computes the table; `proof` says why. */
  | { readonly kind: 'impossible'; readonly proof: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export async function fitShape(table: TruthTable, hidden: readonly number[], options: ShapeOptions = {}): Promise<ShapeFit> {
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new RangeError(`hidden layer widths must be whole numbers of at least 1, got ${hidden.join(', ')}`);
  const problem = problemOf(table);
  const T = problem.targets.length;
  const shape = `hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.length === 0 ? 'none' : hidden.join(', ')}`;
  if (T === 0) return { kind: 'network', network: assemble(problem, [], []) };
  const fanOk = options.maxFanIn === undefined || options.maxFanIn >= table.inputs.length;
  // One neuron in the first hidden layer: every output is that neuron, its complement or a
  // constant, so a threshold function of the inputs. A certificate says when one is not.
  if ((hidden.length === 0 || hidden[0] === 1) && fanOk) {
    for (let t = 0; t < T; t++) {
      const decision = decideTarget(problem, t);
      if (decision.kind === 'impossible') {
        const name = table.outputs[problem.targets[t]!]!;
        const why = hidden.length === 0 ? `${name} would be one neuron of the inputs` : `${name} would be a function of one neuron of the inputs (that neuron, its complement or a constant), so one neuron of the inputs too`;
        return { kind: 'impossible', proof: `no layered network with ${shape} computes ${table.name}: ${why}, but ${describeCertificate(problem, t, decision)}` };
      }
    }
  }
  const clique = incompatibleSet(problem);
  const arch = layeredArchitecture(problem, hidden, T, clique.length === T, options);
  const answer = await solveArchitecture(problem, arch, options.timeLimit ?? 60);
  if (answer.kind === 'infeasible') {
    return {
      kind: 'impossible',
      proof: `no layered network with ${shape} computes ${table.name}: the integer program is infeasible, its weights bounded as Muroga's theorem shows suffices for every threshold function`,
    };
  }
  if (answer.kind === 'unknown') return { kind: 'unknown', reason: answer.reason };
  const network = await withSmallestWeights(assemble(problem, answer.neurons, answer.assignment, true), table);
  if (networkDisagreement(network, table)) throw new Error('internal error: a fitted network does not compute its table');
  return { kind: 'network', network };
}
