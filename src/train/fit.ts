// The fit stage of the pipeline: `train` neurons get their weights. Truth tables are first
// decided exactly (separable or not), then fitted by the perceptron rule. The neuron nn uses
// is the learned one, exactly: short decimals are only ever a way to write it down, checked
// to decide every input row as it does.

import type { Bit, NeuronDef, NeuronWeights, Training } from '../check/model.js';
import { fromNumber } from '../arith/rational.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { count, thousands } from '../diagnostics/words.js';
import type { SourceHost } from '../load/load.js';
import type { DatasetInfo } from './examples.js';
import { DEFAULT_TRAIN_OPTIONS, trainPerceptron, type Examples, type TrainOptions, type TrainResult } from './perceptron.js';
import type { Separability } from './separability.js';
import { allRows, learnedTable, writeWeights, type WrittenWeights } from './written.js';

export interface FitOptions {
  /** Override the file's knobs for every neuron (the CLI's --rate, --epochs, ...). */
  readonly overrides?: Partial<TrainOptions>;
  /** Told now and then how a long training run is going (of a neuron or a trained circuit). */
  readonly progress?: (part: { readonly name: string }, epochsDone: number, epochsAtMost: number) => void;
}

/** The smallest integer weights, and on which rows they reproduce the learned neuron. */
export interface IntegerWeights {
  readonly weights: readonly number[];
  readonly bias: number;
  /**
   * `every-row`: the same truth table as the learned neuron on all 2^n inputs.
   * `listed-rows`: only on the rows of the training table (too many inputs to cover the rest).
   */
  readonly scope: 'every-row' | 'listed-rows';
}

export interface FitReport {
  readonly neuron: NeuronDef;
  readonly options: TrainOptions;
  readonly examples: Examples;
  /** The perceptron's own result, in floating point. */
  readonly result: TrainResult;
  /** The learned neuron's exact values: what tables, circuits and plots use. */
  readonly learned: NeuronWeights;
  /** Short decimals that decide like the learned neuron, for showing and for `.nn` source. */
  readonly written: WrittenWeights;
  /** Examples the learned neuron gets wrong, counted exactly. */
  readonly errors: number;
  /** Undefined when the data set was too large to decide exactly. */
  readonly separability?: Separability;
  /** For a data set no neuron separates: the certificate, in words. */
  readonly certificate?: string;
  /** For a truth table: the smallest integer neuron that computes what was learned. */
  readonly integer?: IntegerWeights;
  readonly dataset?: DatasetInfo;
}

export interface FitOutcome {
  /** One report per neuron that could be trained, in the order asked. */
  readonly reports: readonly FitReport[];
  /** Errors on the neurons that could not be trained (and warnings on those that were). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Fits each of `neurons` that is declared with `train`. A neuron that cannot be trained gets
 * its diagnostics and no report; the others are fitted all the same.
 */
export async function fitNeurons(
  neurons: readonly NeuronDef[],
  host: SourceHost,
  options: FitOptions = {},
  sources?: Map<string, string>,
): Promise<FitOutcome> {
  const reports: FitReport[] = [];
  const diagnostics: Diagnostic[] = [];
  const trained = neurons.filter((n) => n.training);
  // The solver (HiGHS, WebAssembly) and the CSV reader load only for files that train.
  if (trained.length === 0) return { reports, diagnostics };
  const tools = await loadTools();
  for (const neuron of trained) {
    const report = await fitNeuron(neuron, neuron.training!, host, options, diagnostics, tools, sources);
    if (report) reports.push(report);
  }
  return { reports, diagnostics };
}

type Tools = Awaited<ReturnType<typeof loadTools>>;

async function loadTools() {
  const [separability, certificate, integer, examples] = await Promise.all([
    import('./separability.js'),
    import('./certificate.js'),
    import('./integer-weights.js'),
    import('./examples.js'),
  ]);
  return { ...separability, ...certificate, ...integer, ...examples };
}

/** Beyond this many distinct examples the exact separability LP is not attempted. */
export const MAX_DECIDED_EXAMPLES = 20_000;
/** A trained truth table's own rows are all checked, and its integer form found on them, up to these many inputs. */
const ALL_ROWS_INPUTS = 16;
const INTEGER_ALL_ROWS_INPUTS = 10;

async function fitNeuron(
  neuron: NeuronDef,
  training: Training,
  host: SourceHost,
  fit: FitOptions,
  out: Diagnostic[],
  tools: Tools,
  sources?: Map<string, string>,
): Promise<FitReport | undefined> {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...defined(training.options), ...defined(fit.overrides ?? {}) };
  let examples: Examples;
  let dataset: DatasetInfo | undefined;
  if (training.kind === 'table') {
    examples = tableExamples(training.rows, neuron.params.length);
  } else {
    const read = tools.readExamples(neuron, training, host, sources);
    out.push(...read.diagnostics);
    if (!read.ok) return undefined;
    ({ examples, dataset } = read.value);
  }

  let separability: Separability | undefined;
  if (training.kind === 'dataset' && distinctCount(examples) > MAX_DECIDED_EXAMPLES) {
    separability = undefined; // decided below by the perceptron itself, if it converges
  } else {
    try {
      separability = await tools.decideSeparability(examples);
    } catch (e) {
      if (!(e instanceof tools.SeparabilityUndecided)) throw e;
      out.push(error('separability-undecided', `nn cannot decide whether one neuron can fit ${neuron.name}: some examples of different classes lie within rounding error of each other`, training.span, {
        hint: 'check the data for near-duplicate rows with different labels',
      }));
      return undefined;
    }
  }
  const certificate = separability?.kind === 'not-separable' ? tools.describeCertificate(separability.certificate, neuron.params) : undefined;
  if (separability?.kind === 'contradictory' && training.kind === 'dataset') {
    out.push(warning('not-separable', `the data set of ${neuron.name} has two rows with the same inputs and different labels, so no neuron can fit it exactly`, training.span));
  } else if (separability?.kind === 'not-separable' && training.kind === 'table') {
    out.push(error('not-separable', `no single neuron can compute ${neuron.name}: its truth table is not linearly separable`, neuron.decl.name.span, {
      notes: [{ message: certificate! }],
      hint: 'a circuit with a hidden layer can: XOR, for one, is AND(OR(x1, x2), NAND(x1, x2)); nn synth finds such circuits from a table',
    }));
    return undefined;
  } else if (separability?.kind === 'not-separable') {
    out.push(warning('not-separable', `the data set of ${neuron.name} is not linearly separable, so the perceptron rule cannot fit every row; the weights after the last epoch are used`, training.span, {
      notes: [{ message: certificate! }],
    }));
  }

  const result = trainPerceptron(examples, options, fit.progress && ((done, most) => fit.progress!(neuron, done, most)));
  if (result.diverged) {
    out.push(error('training-diverged', `training ${neuron.name} overflowed: after ${result.epochs} epochs the weights stopped being finite numbers`, training.span, {
      hint: `lower rate (now ${options.rate}), or scale the inputs down`,
    }));
    return undefined;
  }
  const learned: NeuronWeights = { weights: result.weights.map(fromNumber), bias: fromNumber(result.bias) };
  const table = learnedTable(learned, examples);
  const errors = table.errors;
  if (training.kind === 'table' && errors > 0) {
    const last = result.lastErrors;
    out.push(error('not-converged', result.converged
      ? `the perceptron rule fitted ${neuron.name} in floating point, but in exact arithmetic its weights get ${count(errors, 'row')} wrong`
      : `the perceptron rule did not fit ${neuron.name} in ${count(options.epochs, 'epoch')} (${count(last, 'error')} in the last one), though a neuron can compute it`, training.span, {
      hint: result.converged
        ? `train with rate 1 (now ${options.rate}): its steps are whole numbers, which floating point adds exactly`
        : `raise epochs (now ${options.epochs}) or change rate (now ${options.rate})`,
    }));
    return undefined;
  }
  if (separability === undefined) {
    separability = errors === 0 ? { kind: 'separable', weights: result.weights, bias: result.bias } : undefined;
    if (errors > 0) {
      out.push(warning('separability-undecided', `the data set of ${neuron.name} has more than ${thousands(MAX_DECIDED_EXAMPLES)} distinct rows, too many to decide exactly whether one neuron can fit it; the perceptron rule did not, and the weights after the last epoch are used`, training.span, {
        hint: 'raise epochs if it may yet converge',
      }));
    }
  }
  const everyRow = training.kind === 'table' && neuron.params.length <= ALL_ROWS_INPUTS;
  const written = writeWeights(result, learned, everyRow ? 'every-row' : 'examples', examples);
  const integer = training.kind === 'table' ? await integerWeights(tools, learned, examples, neuron.params.length) : undefined;
  return {
    neuron, options, examples, result, learned, written, errors, ...(separability && { separability }),
    ...(integer && { integer }), ...(dataset && { dataset }), ...(certificate && { certificate }),
  };
}

/**
 * The smallest integer neuron with the learned neuron's truth table: on every input row when
 * the table is complete or small enough to enumerate, else on the rows the table lists.
 */
async function integerWeights(tools: Tools, learned: NeuronWeights, examples: Examples, inputs: number): Promise<IntegerWeights | undefined> {
  const complete = distinctCount(examples) === 2 ** inputs;
  if (complete || inputs <= INTEGER_ALL_ROWS_INPUTS) {
    const found = await tools.smallestIntegerWeights(complete ? examples : fullTable(learned, inputs));
    return found && { ...found, scope: 'every-row' };
  }
  const found = await tools.smallestIntegerWeights(examples);
  return found && { ...found, scope: 'listed-rows' };
}

/** Every input row of `inputs` bits, labelled by the learned neuron. */
function fullTable(learned: NeuronWeights, inputs: number): Examples {
  const rows = allRows(inputs);
  return { ...rows, y: learnedTable(learned, rows).outputs };
}

function distinctCount({ x, count, features: n }: Examples): number {
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) seen.add(Array.from(x.subarray(i * n, (i + 1) * n)).join(','));
  return seen.size;
}


/** The keys that have a value: an explicit undefined must not hide a default. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function tableExamples(rows: readonly { inputs: readonly Bit[]; output: Bit }[], features: number): Examples {
  const x = new Float64Array(rows.length * features);
  const y = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    x.set(row.inputs, i * features);
    y[i] = row.output;
  });
  return { x, y, count: rows.length, features };
}
