// From a truth table to a verified network of threshold neurons and its .nn source: exact
// synthesis for small tables (the fewest neurons, proven), constructive synthesis beyond.
// Whatever the method, the source is read back through nn's own pipeline and its table
// compared with the input before it is returned.

import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import { plural } from '../diagnostics/words.js';
import { named, pruned } from '../train/assemble.js';
import { constructiveSynthesis } from './constructive.js';
import { emitNetwork } from './emit.js';
import { DEFAULT_TIME_LIMIT, exactSynthesis, type ExactOptions } from './exact.js';
import { isLayered, networkDepth, networkDisagreement, networkFanIn, type ThresholdNetwork } from '../train/network.js';
import { isName } from './names.js';
import { decideTarget, incompatibleSet, problemOf } from '../train/problem.js';
import { caredCells, MAX_SYNTH_INPUTS, type TruthTable } from '../train/truth-table.js';
import { shown } from './table-builder.js';
import { verifySource } from './verify.js';
import { withSmallestWeights } from '../train/network-weights.js';

export type SynthMethod = 'auto' | 'exact' | 'constructive';

export interface SynthesizeOptions extends Omit<ExactOptions, 'upperBound'> {
  /** `auto` (the default): exact up to AUTO_EXACT_INPUTS inputs, constructive beyond. */
  readonly method?: SynthMethod;
}

export interface Synthesis {
  readonly network: ThresholdNetwork;
  /** The network as a .nn file: neurons, the circuit (last), and the table as a test. */
  readonly source: string;
  readonly method: 'exact' | 'constructive';
  /** Neurons in the network. */
  readonly size: number;
  readonly depth: number;
  /** Whether it is proven that no network meeting the limits has fewer neurons. */
  readonly minimal: boolean;
  /** The fewest neurons any network meeting the limits can have, as far as proven. */
  readonly lowerBound: number;
  /** How the lower bound was shown, one sentence per step (exact method). */
  readonly proof: readonly string[];
  /** For the constructive method: the size it is guaranteed not to exceed. */
  readonly bound?: number;
  /** Why an exact search stopped early, if it did (the constructive network is returned then). */
  readonly stopped?: string;
}

/** Tables up to this many inputs are synthesised exactly by `auto`. */
export const AUTO_EXACT_INPUTS = 4;
/** The time `auto` gives the exact search before it settles for the constructive network. */
export const AUTO_TIME_LIMIT = 20;

export async function synthesize(table: TruthTable, options: SynthesizeOptions = {}): Promise<Result<Synthesis>> {
  const refused = checkTable(table, options);
  if (refused) return fail([refused]);
  const method = options.method ?? 'auto';
  const limits = {
    ...(options.layered !== undefined && { layered: options.layered }),
    ...(options.maxDepth !== undefined && { maxDepth: options.maxDepth }),
    ...(options.maxFanIn !== undefined && { maxFanIn: options.maxFanIn }),
  };
  const constructive = constructiveSynthesis(table, limits);
  const exact = method === 'exact' || (method === 'auto' && table.inputs.length <= AUTO_EXACT_INPUTS);

  if (!exact) {
    if (constructive.kind === 'impossible') {
      return fail([error('synth-limits', `nn cannot build ${table.name} within the limits: ${constructive.reason}`, undefined, { hint: 'loosen --max-depth or --max-fan-in, or try --exact' })]);
    }
    const lower = quickLowerBound(table);
    return finish(
      table,
      constructive.network,
      { method: 'constructive', minimal: constructive.network.neurons.length <= lower, lowerBound: lower, proof: [], ...(constructive.bound !== undefined && { bound: constructive.bound }) },
      false,
    );
  }

  const outcome = await exactSynthesis(table, {
    ...limits,
    timeLimit: options.timeLimit ?? (method === 'auto' ? AUTO_TIME_LIMIT : DEFAULT_TIME_LIMIT),
    ...(options.maxNeurons !== undefined && { maxNeurons: options.maxNeurons }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(constructive.kind === 'network' && { upperBound: constructive.network }),
  });
  if (outcome.impossible) {
    return fail([error('synth-limits', `no network of threshold neurons computes ${table.name} within the limits`, undefined, {
      notes: outcome.proof.map((message) => ({ message })),
      hint: 'loosen --max-depth or --max-fan-in',
    })]);
  }
  if (!outcome.network) {
    return fail([error('synth-not-found', `nn found no network for ${table.name} within the limits: ${outcome.stopped ?? 'the search ended'}`, undefined, {
      notes: outcome.proof.map((message) => ({ message })),
      hint: 'raise --time-limit, or loosen --max-depth or --max-fan-in',
    })]);
  }
  const fromConstructive = constructive.kind === 'network' && outcome.network === constructive.network;
  return finish(
    table,
    outcome.network,
    {
      method: fromConstructive && !outcome.minimal ? 'constructive' : 'exact',
      minimal: outcome.minimal,
      lowerBound: outcome.lowerBound,
      proof: outcome.proof,
      ...(constructive.kind === 'network' && fromConstructive && constructive.bound !== undefined && { bound: constructive.bound }),
      ...(outcome.stopped !== undefined && { stopped: outcome.stopped }),
    },
    true,
  );
}

/**
 * What is cheap to prove without a search: a neuron per target in a set that differ pairwise,
 * and two for a single target that no neuron computes (when no fan-in limit interferes).
 */
function quickLowerBound(table: TruthTable): number {
  const problem = problemOf(table);
  if (problem.targets.length === 0) return 0;
  if (problem.targets.length === 1) return decideTarget(problem, 0).kind === 'neuron' ? 1 : 2;
  return incompatibleSet(problem).length;
}

type Facts = Pick<Synthesis, 'method' | 'minimal' | 'lowerBound' | 'proof' | 'bound' | 'stopped'>;

/** Networks reweighted neuron by neuron (an integer program each) only up to this size. */
const REWEIGHT_MAX_NEURONS = 64;

async function finish(table: TruthTable, found: ThresholdNetwork, facts: Facts, smallest: boolean): Promise<Result<Synthesis>> {
  const reweight = smallest && found.neurons.length <= REWEIGHT_MAX_NEURONS;
  const network = withoutZeroWeights(reweight ? await withSmallestWeights(found, table) : found);
  const wrong = networkDisagreement(network, table);
  if (wrong) throw new Error(`internal error: the synthesised network is wrong on row ${wrong.row} of ${table.name}`);
  const size = network.neurons.length;
  const depth = networkDepth(network);
  const summary = `${table.name}: ${size} ${plural(size, 'threshold neuron')}, depth ${depth}, ${networkShape(network)}; made by nn synth (${facts.method}${facts.minimal ? ', proven minimal' : ''})`;
  const source = emitNetwork(network, table, [summary]);
  const verified = verifySource(source, table);
  if (!verified.ok) throw new Error(`internal error: the synthesised source for ${table.name} does not verify: ${verified.reason}`);
  return ok({ network, source, size, depth, ...facts });
}

/** Sources a neuron gives weight 0 are not read at all; neurons nobody reads then go. */
function withoutZeroWeights(network: ThresholdNetwork): ThresholdNetwork {
  const neurons = network.neurons.map((neuron) => {
    const keep = neuron.weights.flatMap((w, j) => (w !== 0 ? [j] : []));
    if (keep.length === neuron.weights.length) return neuron;
    return { ...neuron, weights: keep.map((j) => neuron.weights[j]!), sources: keep.map((j) => neuron.sources[j]!) };
  });
  return named(pruned({ ...network, neurons }));
}

function networkShape(network: ThresholdNetwork): string {
  return `${isLayered(network) ? 'layered' : 'general'} network, fan-in ≤ ${networkFanIn(network)}`;
}

function checkTable(table: TruthTable, options: SynthesizeOptions) {
  const n = table.inputs.length;
  if (n > MAX_SYNTH_INPUTS) {
    return error('synth-too-wide', `${table.name} has ${n} inputs; nn synthesises tables of up to ${MAX_SYNTH_INPUTS} inputs`);
  }
  if (caredCells(table) === 0) {
    return error('synth-empty', `the table of ${table.name} specifies no output value: there is nothing to synthesise`, undefined, { hint: 'give rows with 0 or 1 outputs' });
  }
  const names = [table.name, ...table.inputs, ...table.outputs];
  const bad = names.find((x) => !isName(x));
  if (bad !== undefined) return error('synth-name', `${shown(bad)} is not a name nn can give a circuit, input or output`, undefined, { hint: 'names are letters, digits and _, not starting with a digit' });
  const all = [...table.inputs, ...table.outputs];
  const twice = all.find((x, i) => all.indexOf(x) !== i);
  if (twice !== undefined) return error('synth-name', `the name ${twice} is used twice among the inputs and outputs`);
  for (const [name, value] of [['max-depth', options.maxDepth], ['max-fan-in', options.maxFanIn]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) return error('synth-limits', `--${name} must be a whole number of at least 1`);
  }
  return undefined;
}
