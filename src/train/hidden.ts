// Training hidden layers on a truth table, exactly: given a shape, weights for a network of that
// shape that computes the table, or a proof that none exists. A layered shape lists the hidden
// layers' widths (layer 1 reads the inputs, each later layer the one before, one output neuron
// per output in the last layer); a general one counts hidden neurons, each reading the inputs
// and the hidden neurons before it, with the output neurons reading the inputs and every
// hidden neuron. Outputs that are constants or inputs passed through are wires, not neurons.

import { generalShape, layeredArchitecture } from './architectures.js';
import { assemble } from './assemble.js';
import { solveArchitecture } from './ilp.js';
import { networkDisagreement, type ThresholdNetwork } from './network.js';
import { withSmallestWeights } from './network-weights.js';
import { trainLayers } from './gradient.js';
import { decideTarget, describeTargetCertificate, incompatibleSet, problemOf, type Problem } from './problem.js';
import { inputBit, type TruthTable } from './truth-table.js';
import { plural } from '../diagnostics/words.js';

export interface ShapeOptions {
  /**
   * A strict multilayer perceptron (the default), or a general feed-forward network, whose
   * shape is then a single number: how many hidden neurons.
   */
  readonly layered?: boolean;
  /** At most this many sources per neuron. */
  readonly maxFanIn?: number;
  /** Seconds the solver may take (default 60). */
  readonly timeLimit?: number;
}

export type ShapeFit =
  /**
   * Smallest whole weights for each neuron, checked on every specified row; `foundBy` says
   * what found the network: a short gradient descent, or the integer program.
   */
  | { readonly kind: 'network'; readonly network: ThresholdNetwork; readonly foundBy: 'gradient descent' | 'integer program' }
  /** No network of this shape computes the table; `proof` says why, `reason` the same without its first words (`no … computes T:`). */
  | { readonly kind: 'impossible'; readonly proof: string; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export async function fitShape(table: TruthTable, hidden: readonly number[], options: ShapeOptions = {}): Promise<ShapeFit> {
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new RangeError(`hidden layer widths must be whole numbers of at least 1, got ${hidden.join(', ')}`);
  const layered = options.layered ?? true;
  if (!layered && hidden.length > 1) throw new RangeError('a general network has no layers: give one number, its hidden neurons');
  const problem = problemOf(table);
  const T = problem.targets.length;
  const shape = shapeText(hidden, layered);
  if (T === 0) return { kind: 'network', network: assemble(problem, [], []), foundBy: 'integer program' };
  const fanOk = options.maxFanIn === undefined || options.maxFanIn >= table.inputs.length;
  // No hidden neuron, or (layered) one in the first hidden layer: every output is that neuron,
  // its complement or a constant, so a threshold function of the inputs. A certificate says
  // when one is not.
  if ((hidden.length === 0 || (layered && hidden[0] === 1)) && fanOk) {
    for (let t = 0; t < T; t++) {
      const decision = decideTarget(problem, t);
      if (decision.kind === 'impossible') {
        const name = table.outputs[problem.targets[t]!]!;
        const why = hidden.length === 0 ? `${name} would be one neuron of the inputs` : `${name} would be a function of one neuron of the inputs (that neuron, its complement or a constant), so one neuron of the inputs too`;
        return impossible(shape, table, `${why}, but ${describeTargetCertificate(problem, t, decision)}`);
      }
    }
  }
  // A layered network is proposed by a short seeded run of gradient descent: when it finds one
  // (checked exactly on every row that matters), no integer program is needed to find one.
  if (layered && options.maxFanIn === undefined) {
    const proposed = propose(problem, hidden);
    if (proposed) {
      const network = await withSmallestWeights(proposed, table);
      if (networkDisagreement(network, table)) throw new Error('internal error: a fitted network does not compute its table');
      return { kind: 'network', network, foundBy: 'gradient descent' };
    }
  }
  const clique = incompatibleSet(problem);
  const limits = options.maxFanIn !== undefined ? { maxFanIn: options.maxFanIn } : {};
  const arch = layered ? layeredArchitecture(problem, hidden, T, clique.length === T, limits) : generalShape(problem, hidden[0] ?? 0, limits);
  const answer = await solveArchitecture(problem, arch, options.timeLimit ?? 60);
  if (answer.kind === 'infeasible') {
    return impossible(shape, table, "the integer program is infeasible, its weights bounded as Muroga's theorem shows suffices for every threshold function");
  }
  if (answer.kind === 'unknown') return { kind: 'unknown', reason: answer.reason };
  const network = await withSmallestWeights(assemble(problem, answer.neurons, answer.assignment, true), table);
  if (networkDisagreement(network, table)) throw new Error('internal error: a fitted network does not compute its table');
  return { kind: 'network', network, foundBy: 'integer program' };
}

/**
 * Epochs of the gradient descent that proposes a network (XOR's two hidden neurons take 72),
 * fewer on large tables and shapes: rows × weights × epochs stays within the budget, so that
 * a proposal that fails costs a fraction of a second.
 */
export const PROPOSAL_EPOCHS = 1000;
const PROPOSAL_BUDGET = 5e7;

/**
 * A layered network of the shape that computes the targets on every row that matters, found by
 * gradient descent from seed 1 (hardened to steps, its errors counted exactly), or undefined.
 */
function propose(problem: Problem, hidden: readonly number[]): ThresholdNetwork | undefined {
  const { table, rows, targets } = problem;
  const n = table.inputs.length;
  const T = targets.length;
  const x = new Float64Array(rows.length * n);
  const y = new Uint8Array(rows.length * T);
  const care = new Uint8Array(rows.length * T);
  rows.forEach((r, i) => {
    for (let j = 0; j < n; j++) x[i * n + j] = inputBit(r, j, n);
    targets.forEach((q, t) => {
      y[i * T + t] = table.on[q]![r]!;
      care[i * T + t] = table.care[q]![r]!;
    });
  });
  const outputs = targets.map((q) => table.outputs[q]!);
  const sizes = [n, ...hidden, T];
  let weights = 0;
  for (let l = 1; l < sizes.length; l++) weights += sizes[l]! * (sizes[l - 1]! + 1);
  const epochs = Math.max(100, Math.min(PROPOSAL_EPOCHS, Math.floor(PROPOSAL_BUDGET / Math.max(1, rows.length * weights))));
  const result = trainLayers({ inputs: table.inputs, outputs, count: rows.length, x, y, care }, hidden, { epochs });
  if (!result.converged || result.errors > 0) return undefined;
  const H = result.network.neurons.length - T;
  return assemble(problem, result.network.neurons, targets.map((_, t) => H + t), true);
}

function impossible(shape: string, table: TruthTable, reason: string): ShapeFit {
  return { kind: 'impossible', proof: `no ${shape} computes ${table.name}: ${reason}`, reason };
}

/** `layered network with hidden layers of 2, 2`, `network with 1 hidden neuron`. */
function shapeText(hidden: readonly number[], layered: boolean): string {
  if (!layered) {
    const k = hidden[0] ?? 0;
    return `network with ${k} ${plural(k, 'hidden neuron')} (each reading the inputs and the hidden neurons before it)`;
  }
  return `layered network with ${plural(hidden.length, 'hidden layer')} of ${hidden.length === 0 ? 'none' : hidden.join(', ')}`;
}
