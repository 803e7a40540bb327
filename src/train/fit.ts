// The fit stage of the pipeline: every `train` neuron of a checked model gets its weights.
// Truth tables are first decided exactly (separable or not), then fitted by the perceptron rule.

import { dirname, join, normalize } from 'node:path';
import type { Model, NeuronDef, Training } from '../check/model.js';
import { error, resultOf, warning, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { SourceHost } from '../load/load.js';
import { DEFAULT_TRAIN_OPTIONS, trainPerceptron, type Examples, type TrainOptions, type TrainResult } from './perceptron.js';
import type { Separability } from './separability.js';
import { presentable } from './present.js';

export interface FitOptions {
  /** Override the file's knobs for every neuron (the CLI's --rate, --epochs, ...). */
  readonly overrides?: Partial<TrainOptions>;
}

export interface FitReport {
  readonly neuron: NeuronDef;
  readonly options: TrainOptions;
  readonly examples: Examples;
  /** The perceptron's raw result; the neuron uses `weights` and `bias` below. */
  readonly result: TrainResult;
  /** The learned weights, rounded as far as they decide every example alike. */
  readonly weights: readonly number[];
  readonly bias: number;
  readonly separability: Separability;
  /** For a data set no neuron separates: the certificate, in words. */
  readonly certificate?: string;
  /** The smallest integer weights, for a truth table that a neuron can compute. */
  readonly integer?: { readonly weights: readonly number[]; readonly bias: number };
  /** For a data set: where it came from and the columns used. */
  readonly dataset?: { readonly path: string; readonly columns: readonly string[]; readonly label: string };
}

export async function fitModel(
  model: Model,
  host: SourceHost,
  options: FitOptions = {},
  sources?: Map<string, string>,
): Promise<Result<FitReport[]>> {
  const out: Diagnostic[] = [];
  const reports: FitReport[] = [];
  // The solver (HiGHS, WebAssembly) and the CSV reader load only for files that train.
  if (![...model.parts.values()].some((p) => p.kind === 'neuron' && p.training)) return resultOf(reports, out);
  const tools = await loadTools();
  for (const part of model.parts.values()) {
    if (part.kind !== 'neuron' || !part.training) continue;
    const report = await fitNeuron(part, part.training, host, options, out, tools, sources);
    if (report) reports.push(report);
  }
  return resultOf(reports, out);
}

type Tools = Awaited<ReturnType<typeof loadTools>>;

async function loadTools() {
  const [dataset, separability, integer] = await Promise.all([
    import('./dataset.js'),
    import('./separability.js'),
    import('./integer-weights.js'),
  ]);
  return { ...dataset, ...separability, ...integer };
}

async function fitNeuron(
  neuron: NeuronDef,
  training: Training,
  host: SourceHost,
  fit: FitOptions,
  out: Diagnostic[],
  tools: Tools,
  sources?: Map<string, string>,
): Promise<FitReport | undefined> {
  const { parseDataset, decideSeparability, describeCertificate, smallestIntegerWeights } = tools;
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...defined(training.options), ...defined(fit.overrides ?? {}) };
  let examples: Examples;
  let dataset: FitReport['dataset'];
  if (training.kind === 'table') {
    examples = tableExamples(training.rows, neuron.params.length);
  } else {
    const path = normalize(join(dirname(neuron.file), training.path));
    let text: string;
    try {
      text = host.readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      out.push(error('dataset-unreadable', `cannot read the data set ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`, training.pathSpan, {
        hint: 'the path is relative to the .nn file that names it',
      }));
      return undefined;
    }
    sources?.set(path, text);
    const parsed = parseDataset(text, path, [...neuron.params], training.label);
    out.push(...parsed.diagnostics);
    if (!parsed.ok) return undefined;
    examples = parsed.value.examples;
    dataset = { path, columns: neuron.params, label: training.label };
  }

  let separability: Separability;
  try {
    separability = await decideSeparability(examples);
  } catch (e) {
    if (!(e instanceof tools.SeparabilityUndecided)) throw e;
    out.push(error('separability-undecided', `nn cannot decide whether one neuron can fit ${neuron.name}: some examples of different classes lie within rounding error of each other`, training.span, {
      hint: 'check the data for near-duplicate rows with different labels',
    }));
    return undefined;
  }
  if (separability.kind === 'contradictory' && training.kind === 'dataset') {
    out.push(warning('not-separable', `the data set of ${neuron.name} has two rows with the same inputs and different labels, so no neuron can fit it exactly`, training.span));
  } else if (separability.kind === 'not-separable' && training.kind === 'table') {
    out.push(error('not-separable', `no single neuron can compute ${neuron.name}: its truth table is not linearly separable`, neuron.decl.name.span, {
      notes: [{ message: describeCertificate(separability.certificate, neuron.params) }],
      hint: 'a circuit with a hidden layer can: see circuits/xor.nn, where XOR = AND(OR(x1, x2), NAND(x1, x2))',
    }));
    return undefined;
  } else if (separability.kind === 'not-separable') {
    out.push(warning('not-separable', `the data set of ${neuron.name} is not linearly separable, so the perceptron rule cannot fit every row; the weights after the last epoch are used`, training.span, {
      notes: [{ message: describeCertificate(separability.certificate, neuron.params) }],
    }));
  }

  const result = trainPerceptron(examples, options);
  if (!result.converged && separability.kind === 'separable') {
    out.push(error('not-converged', `the perceptron rule did not fit ${neuron.name} in ${options.epochs} epochs (${result.errorsPerEpoch[result.errorsPerEpoch.length - 1]} errors in the last one), though a neuron can compute it`, training.span, {
      hint: `raise epochs (now ${options.epochs}) or change rate (now ${options.rate})`,
    }));
    return undefined;
  }
  // The neuron keeps the shortest rounding of the learned weights that decides every example
  // as training left it (for a converged table: every row right), in nn's own arithmetic.
  const trained = presentable(result, examples, (i) => trainedZ(result, examples, i));
  neuron.weights = trained.weights;
  neuron.bias = trained.bias;
  const integer = training.kind === 'table' && separability.kind === 'separable' ? await smallestIntegerWeights(examples) : undefined;
  const certificate = separability.kind === 'not-separable' ? describeCertificate(separability.certificate, neuron.params) : undefined;
  return {
    neuron, options, examples, result, weights: trained.weights, bias: trained.bias, separability,
    ...(integer && { integer }), ...(dataset && { dataset }), ...(certificate && { certificate }),
  };
}

/** The keys that have a value: an explicit undefined must not hide a default. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The trained neuron's pre-activation on example i. After a converged run every example is on
 * its label's side; the sum is recomputed here left to right (the trainer adds in another
 * order), so where the two could differ right at 0, the label decides the side.
 */
function trainedZ(result: TrainResult, examples: Examples, i: number): number {
  let z = result.bias;
  for (let j = 0; j < examples.features; j++) z += result.weights[j]! * examples.x[i * examples.features + j]!;
  if (!result.converged) return z;
  const fires = examples.y[i] === 1;
  return fires === z >= 0 ? z : fires ? 0 : -Number.MIN_VALUE;
}

function tableExamples(rows: readonly { inputs: readonly number[]; output: number }[], features: number): Examples {
  const x = new Float64Array(rows.length * features);
  const y = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    x.set(row.inputs, i * features);
    y[i] = row.output;
  });
  return { x, y, count: rows.length, features };
}
