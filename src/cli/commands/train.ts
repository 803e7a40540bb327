import { resolve } from 'node:path';
import type { FitReport } from '../../train/fit.js';
import { applyEdits, fittedDeclarations, movedImports, neuronSource } from '../../train/emit.js';
import type { TrainOptions } from '../../train/perceptron.js';
import { positionOf } from '../../diagnostics/render.js';
import { escapeControl } from '../../diagnostics/text.js';
import { EXIT, UsageError, type Context } from '../context.js';
import type { Command } from '../command.js';
import { OutputError, writeOutputSafely } from '../write-output.js';
import { noteWritten } from './output.js';
import { formatNumber, loadFile, numberOption } from './shared.js';

export const trainCommand: Command = {
  name: 'train',
  summary: 'fit the train neurons of a file and show what was learned',
  usage: 'nn train FILE [NAME] [--rate R] [--epochs N] [--seed S] [--init zeros|normal] [--sigma σ] [--shuffle] [--emit OUT.nn] [--integer] [--json]',
  help: `Fits every neuron declared with train (or only NAME) by the perceptron rule and prints,
for each: the learned weights and bias, the epochs used and the errors in each epoch, the
training accuracy, the smallest integer weights that compute the same truth table, and the
neuron as .nn source ready to paste. A truth table that no single neuron can compute is
refused with the reason (exit code 1).

Options (each overrides the knob of the same name in the file, for every neuron):
  --rate R          learning rate α (default 1)
  --epochs N        the most passes over the examples (default 1000)
  --seed S          seed of the random generator (default 1)
  --init KIND       zeros (default) or normal: weights drawn from N(0, σ²)
  --sigma σ         σ for --init normal (default 0.1)
  --shuffle         visit the examples in a new seeded order each epoch
  --emit OUT.nn     write a copy of FILE with every trained neuron replaced by its weights
                    (never over FILE itself, nor over a file it imports)
  --integer         in the printed source and in --emit, use the smallest integer weights
  --json            print the results as JSON`,
  options: {
    rate: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    init: { type: 'string' },
    sigma: { type: 'string' },
    shuffle: { type: 'boolean' },
    emit: { type: 'string' },
    integer: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const overrides = trainingOverrides(values);
    const loaded = await loadFile(ctx, file, { overrides });
    if (!loaded) return EXIT.failed;
    // The neurons declared in FILE itself, or the one named (which may be imported).
    const fits = loaded.fits.filter((f) => (name === undefined ? f.neuron.file === file : f.neuron.name === name));
    if (name !== undefined) {
      if (fits.length === 0) {
        const part = loaded.model.parts.get(name);
        throw new UsageError(part ? `${name} is not a trained neuron (it has no train field)` : `there is no neuron called ${name} in ${file}`);
      }
    }
    if (fits.length === 0) {
      ctx.note(`${file} has no neuron declared with train; see docs/language.md#trained-neurons`);
      return EXIT.ok;
    }
    const integer = values.integer === true;
    const chosen = (f: FitReport) => (integer && f.integer ? f.integer : f);
    if (values.json) ctx.out(JSON.stringify(fits.map((f) => toJson(f, ctx, integer)), null, 2) + '\n');
    // The paths and the label come from files: they must not drive the terminal.
    else ctx.out(escapeControl(fits.map((f) => describe(f, ctx, integer)).join('\n')));
    if (typeof values.emit === 'string') {
      const own = loaded.fits.filter((f) => f.neuron.file === file);
      const text = applyEdits(loaded.program.entry.source, [
        ...fittedDeclarations(own.map((f) => ({ neuron: f.neuron, ...chosen(f) }))),
        ...movedImports(loaded.program.entry.ast, file, values.emit),
      ]);
      try {
        noteWritten(ctx, values.emit, writeOutputSafely(values.emit, text, { protect: ctx.inputs().map((f) => resolve(f)) }));
      } catch (e) {
        if (e instanceof OutputError) {
          ctx.err(`nn train: ${e.message}\n`);
          return EXIT.failed;
        }
        throw e;
      }
      ctx.note(`wrote ${values.emit}: ${file} with ${own.length} trained neuron${own.length === 1 ? '' : 's'} replaced by ${integer ? 'integer' : 'learned'} weights`);
    }
    return EXIT.ok;
  },
};

function trainingOverrides(values: Record<string, unknown>): Partial<TrainOptions> {
  const o: Partial<TrainOptions> = {};
  const rate = numberOption('rate', values.rate as string | undefined, { positive: true });
  const epochs = numberOption('epochs', values.epochs as string | undefined, { integer: true, min: 1 });
  const seed = numberOption('seed', values.seed as string | undefined, { integer: true });
  const sigma = numberOption('sigma', values.sigma as string | undefined, { min: 0 });
  if (rate !== undefined) o.rate = rate;
  if (epochs !== undefined) o.epochs = epochs;
  if (seed !== undefined) o.seed = seed;
  if (sigma !== undefined) o.sigma = sigma;
  if (values.init !== undefined) {
    if (values.init !== 'zeros' && values.init !== 'normal') throw new UsageError(`--init must be zeros or normal, not '${values.init}'`);
    o.init = values.init;
  }
  if (values.shuffle === true) o.shuffle = true;
  return o;
}

function where(f: FitReport, ctx: Context): string {
  const source = ctx.sources.get(f.neuron.file);
  if (source === undefined) return f.neuron.file;
  const p = positionOf(source, f.neuron.decl.span.start);
  return `${f.neuron.file}:${p.line}`;
}

const list = (xs: readonly number[]) => xs.map(formatNumber).join(', ');

function errorsLine(errors: readonly number[]): string {
  if (errors.length <= 60) return errors.join(' ');
  return `${errors.slice(0, 40).join(' ')} … ${errors.slice(-10).join(' ')}  (all ${errors.length} with --json)`;
}

function describe(f: FitReport, ctx: Context, integer: boolean): string {
  const o = f.options;
  const lines = [`neuron ${f.neuron.name}  (${where(f, ctx)})`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(10)} ${text}`);
  if (f.dataset) row('data', `${f.examples.count} rows of ${f.dataset.path}: ${f.dataset.columns.join(', ')} → ${f.dataset.label}`);
  else row('table', `${f.examples.count} rows`);
  row('options', `rate ${formatNumber(o.rate)}, epochs ≤ ${o.epochs}, init ${o.init}${o.init === 'normal' ? ` (σ ${formatNumber(o.sigma)})` : ''}, seed ${o.seed}${o.shuffle ? ', shuffled' : ''}`);
  row('learned', `weights ${list(f.weights)}  bias ${formatNumber(f.bias)}`);
  row('epochs', `${f.result.epochs}${f.result.converged ? ' (converged: no errors in the last)' : ' (did not converge)'}`);
  row('errors', errorsLine(f.result.errorsPerEpoch));
  const right = Math.round(f.result.accuracy * f.examples.count);
  row('accuracy', `${formatNumber(100 * f.result.accuracy)}% (${right} of ${f.examples.count})`);
  if (f.integer) {
    const size = [...f.integer.weights, f.integer.bias].reduce((s, v) => s + Math.abs(v), 0);
    row('integer', `weights ${list(f.integer.weights)}  bias ${formatNumber(f.integer.bias)}  (smallest Σ|w| + |b| = ${size})`);
  }
  if (f.certificate) row('note', f.certificate);
  const chosen = integer && f.integer ? f.integer : f;
  lines.push('  as .nn:', `    ${neuronSource(f.neuron, chosen.weights, chosen.bias)}`);
  return lines.join('\n') + '\n';
}

function toJson(f: FitReport, ctx: Context, integer: boolean) {
  const chosen = integer && f.integer ? f.integer : f;
  return {
    name: f.neuron.name,
    at: where(f, ctx),
    inputs: f.neuron.params,
    source: f.dataset ? { kind: 'dataset', ...f.dataset, rows: f.examples.count } : { kind: 'table', rows: f.examples.count },
    options: f.options,
    weights: f.weights,
    bias: f.bias,
    learned: { weights: f.result.weights, bias: f.result.bias },
    epochs: f.result.epochs,
    converged: f.result.converged,
    errorsPerEpoch: f.result.errorsPerEpoch,
    accuracy: f.result.accuracy,
    separable: f.separability.kind === 'separable',
    ...(f.integer && { integer: f.integer }),
    nn: neuronSource(f.neuron, chosen.weights, chosen.bias),
  };
}
