// Exact synthesis: the fewest threshold neurons that compute a table, with a proof that fewer
// cannot. Sizes are tried from a lower bound upwards, and each size is refuted before the next
// is tried:
//
// - outputs that disagree pairwise on some specified row need a neuron each;
// - one neuron: the exact decision of threshold.ts, whose "no" comes with a certificate;
// - two neurons for one output (general networks, up to 4 inputs): exhaustive.ts tries every
//   threshold function of the inputs as the first neuron;
// - otherwise, an integer program per architecture (ilp.ts), whose infeasibility HiGHS proves,
//   with weights bounded by Muroga's bound, which loses no network.
//
// General networks: neuron k may read the inputs and neurons 1 … k−1. Layered networks: a
// shape (h_1, …, h_L, c), layer 1 reads the inputs, layer t only layer t − 1, the c output
// neurons form the last layer. A hidden layer of one neuron never helps, so such shapes are
// not tried: everything after it is a function of that one bit, h or ¬h or a constant, so the
// layers after it can be dropped and the neurons that read them made to compute h (negated
// where needed) themselves, from the layer before: fewer neurons, and a layered network still.

import { generalArchitecture, inputSignals, layeredArchitecture } from '../train/architectures.js';
import { assemble } from '../train/assemble.js';
import { solveArchitecture, type Architecture } from '../train/ilp.js';
import type { SynthNeuron, ThresholdNetwork } from '../train/network.js';
import { decideTarget, describeTargetCertificate, incompatibleSet, problemOf, type Problem } from '../train/problem.js';
import type { TruthTable } from '../train/truth-table.js';
import { EXHAUSTIVE_MAX_INPUTS, twoNeurons } from './exhaustive.js';
import { plural } from '../diagnostics/words.js';

export interface ExactOptions {
  /** Strictly layered networks (multilayer perceptrons) instead of general feed-forward ones. */
  readonly layered?: boolean;
  /** At most this many neurons on any path from an input to an output. */
  readonly maxDepth?: number;
  /** At most this many sources per neuron. */
  readonly maxFanIn?: number;
  /** Seconds for the whole search (default 60). */
  readonly timeLimit?: number;
  /** The largest network tried (default 16 neurons). */
  readonly maxNeurons?: number;
  /** A network already known to meet the limits: the search stops when it reaches its size. */
  readonly upperBound?: ThresholdNetwork;
  /** Told what is being tried, for a progress display. */
  readonly onProgress?: (message: string) => void;
}

export interface ExactOutcome {
  /** The smallest network found; undefined when none was found within the limits. */
  readonly network?: ThresholdNetwork;
  /** Whether it is proven that no network with fewer neurons exists. */
  readonly minimal: boolean;
  /** The fewest neurons any network meeting the limits can have, as far as proven. */
  readonly lowerBound: number;
  /** Why no smaller network exists: one sentence per step of the proof. */
  readonly proof: string[];
  /** Why the search stopped before it finished, if it did. */
  readonly stopped?: string;
  /** Proven that no network at all meets the limits (XOR with depth 1, say). */
  readonly impossible?: boolean;
}

export const DEFAULT_TIME_LIMIT = 60;
/** Wider tables make integer programs too large to be worth building (2^n rows each). */
export const EXACT_MAX_INPUTS = 8;
export const DEFAULT_MAX_NEURONS = 16;

export async function exactSynthesis(table: TruthTable, options: ExactOptions = {}): Promise<ExactOutcome> {
  const problem = problemOf(table);
  const T = problem.targets.length;
  const n = table.inputs.length;
  const proof: string[] = [];
  if (T === 0) {
    return { network: assemble(problem, [], []), minimal: true, lowerBound: 0, proof: ['every output is a constant or an input passed through: no neuron is needed'] };
  }
  const deadline = Date.now() + 1000 * (options.timeLimit ?? DEFAULT_TIME_LIMIT);
  const maxNeurons = options.maxNeurons ?? DEFAULT_MAX_NEURONS;
  const targetName = (t: number) => table.outputs[problem.targets[t]!]!;

  const clique = incompatibleSet(problem);
  let lower = clique.length;
  if (clique.length > 1) {
    proof.push(`${list(clique.map(targetName))} differ pairwise on rows they all specify, so no neuron computes two of them: at least ${lower} neurons`);
  }
  const fanOk = options.maxFanIn === undefined || options.maxFanIn >= n;
  const decisions = problem.targets.map((_, t) => decideTarget(problem, t));
  if (fanOk && clique.length === T && decisions.every((d) => d.kind === 'neuron')) {
    const neurons = decisions.map((d): SynthNeuron => ({ name: '', weights: (d as { weights: number[] }).weights, bias: (d as { bias: number }).bias, sources: inputSignals(n) }));
    proof.push(T === 1 ? `one neuron computes ${targetName(0)}` : 'one neuron computes each output');
    return { network: assemble(problem, neurons, neurons.map((_, t) => t)), minimal: true, lowerBound: T, proof };
  }

  if (T === 1 && fanOk) {
    proof.push(`no single neuron computes ${targetName(0)}: ${describeTargetCertificate(problem, 0, decisions[0]!)}`);
    lower = 2;
    if (options.maxDepth === 1) return { minimal: true, lowerBound: 2, proof, impossible: true };
    // The second of two neurons reads the n inputs and the first.
    if (!options.layered && n <= EXHAUSTIVE_MAX_INPUTS && (options.maxFanIn === undefined || options.maxFanIn > n)) {
      options.onProgress?.('trying 2 neurons');
      const two = twoNeurons(problem, 0, { hidden: '', output: '' });
      if (two.kind === 'found') {
        return { network: assemble(problem, [two.hidden, two.output], [1]), minimal: true, lowerBound: 2, proof };
      }
      proof.push(`no network of 2 neurons computes ${targetName(0)}: none of the ${two.tried} distinct threshold functions of the inputs, as the first neuron, lets a second one compute it (each decided exactly)`);
      lower = 3;
    }
  }

  const layered = options.layered === true;
  const what = layered ? 'layered network' : 'network';
  for (let k = lower; ; k++) {
    const upper = options.upperBound;
    if (n > EXACT_MAX_INPUTS && !(upper && k >= upper.neurons.length)) {
      return { ...(upper && { network: upper }), minimal: false, lowerBound: k, proof, stopped: `tables of more than ${EXACT_MAX_INPUTS} inputs are not searched exactly` };
    }
    if (upper && k >= upper.neurons.length) {
      return { network: upper, minimal: true, lowerBound: upper.neurons.length, proof };
    }
    if (options.maxDepth === 1 && k > T) return { minimal: true, lowerBound: k, proof, impossible: true };
    if (k > maxNeurons) return { ...(upper && { network: upper }), minimal: false, lowerBound: k, proof, stopped: `no ${what} of up to ${maxNeurons} neurons was found` };
    const architectures: { arch: Architecture; shape?: string }[] = layered
      ? layeredArchitectures(problem, k, clique.length, options)
      : [{ arch: generalArchitecture(problem, k, options) }];
    if (architectures.length === 0) {
      proof.push(`no layered network of ${k} neurons helps: each would have a hidden layer of one neuron, which never does`);
      continue;
    }
    for (const { arch, shape } of architectures) {
      const left = (deadline - Date.now()) / 1000;
      if (left <= 0) return { ...(upper && { network: upper }), minimal: false, lowerBound: k, proof, stopped: 'the time limit was reached' };
      options.onProgress?.(`trying ${k} neurons${shape ? ` (layers ${shape})` : ''}`);
      const answer = await solveArchitecture(problem, arch, left);
      if (answer.kind === 'network') {
        return { network: assemble(problem, answer.neurons, answer.assignment), minimal: true, lowerBound: k, proof };
      }
      if (answer.kind === 'unknown') {
        return { ...(upper && { network: upper }), minimal: false, lowerBound: k, proof, stopped: answer.reason === 'time limit' ? 'the time limit was reached' : answer.reason };
      }
    }
    const shapes = architectures.map((a) => a.shape).filter((s) => s !== undefined);
    proof.push(
      `no ${what} of ${k} ${plural(k, 'neuron')} computes the table${shapes.length > 0 ? ` (layer widths ${shapes.join(', ')})` : ''}: ` +
        `the integer program is infeasible, its weights bounded as Muroga's theorem shows suffices for every threshold function`,
    );
  }
}

/** Every layered shape of k neurons worth trying: hidden layers of two or more, fewer layers first. */
export function layeredArchitectures(problem: Problem, k: number, outputsAtLeast: number, options: ExactOptions): { arch: Architecture; shape: string }[] {
  const T = problem.targets.length;
  const maxLayers = (options.maxDepth ?? Infinity) - 1;
  const out: { arch: Architecture; shape: string }[] = [];
  for (let c = Math.max(1, outputsAtLeast); c <= T; c++) {
    for (const hidden of compositions(k - c, maxLayers)) out.push({ arch: layeredArchitecture(problem, hidden, c, outputsAtLeast === T, options), shape: [...hidden, c].join('-') });
  }
  return out.sort((x, y) => x.shape.split('-').length - y.shape.split('-').length);
}

/** The ways to write t as an ordered sum of parts >= 2, with at most `maxParts` parts. */
function compositions(t: number, maxParts: number): number[][] {
  if (t === 0) return [[]];
  const out: number[][] = [];
  const walk = (left: number, parts: number[]) => {
    if (left === 0) return void out.push(parts);
    if (parts.length >= maxParts) return;
    for (let first = 2; first <= left; first++) if (left - first !== 1) walk(left - first, [...parts, first]);
  };
  walk(t, []);
  return out;
}

function list(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
