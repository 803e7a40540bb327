import { resolve } from 'node:path';
import { formatNumber } from '../../arith/format.js';
import type { CircuitDef, CircuitInstance, NeuronDef, PartDef } from '../../check/model.js';
import { EXACT_FIT_MAX_INPUTS, EXACT_FIT_MAX_NEURONS } from '../../check/trained-circuits.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CircuitFitReport } from '../../train/fit-circuit.js';
import type { FitReport } from '../../train/fit.js';
import { applyEdits, circuitSource, fittedCircuits, fittedDeclarations, movedImports, neuronSource } from '../../train/emit.js';
import type { TrainOptions } from '../../train/perceptron.js';
import { positionOf } from '../../diagnostics/render.js';
import { escapeControl } from '../../diagnostics/text.js';
import { count, plural, thousands } from '../../diagnostics/words.js';
import { EXIT, UsageError, type Context } from '../context.js';
import type { Command } from '../command.js';
import { OutputError, writeOutputSafely } from '../write-output.js';
import { noteWritten } from './output.js';
import { loadFile, numberOption, trainerFor } from './shared.js';

export const trainCommand: Command = {
  name: 'train',
  summary: 'fit the trained neurons and circuits of a file and show what was learned',
  usage: 'nn train FILE [NAME] [--rate R] [--epochs N] [--seed S] [--init zeros|normal] [--sigma σ] [--shuffle] [--emit OUT.nn] [--integer] [--json]',
  help: `Fits every neuron declared with train (or only NAME) by the perceptron rule and prints,
for each: the learned weights and bias, the epochs used and the errors in each epoch, the
training accuracy, the smallest integer weights that compute the same truth table, and the
neuron as .nn source ready to paste. A truth table that no single neuron can compute is
refused with the reason (exit code 1); the other neurons are still fitted and shown.
The neuron nn uses is the learned one, exactly. Where shorter decimals decide every input
row (or, for a data set, every example) as the learned weights do, they are shown as
"rounded" and written into the .nn source; otherwise the source has the exact values.

Trained circuits (hidden: and train) are fitted too: a truth table of up to 8 inputs and
32 neurons exactly (the smallest whole weights, or the proof that the shape cannot compute
it), a data set or a larger table by gradient descent. For each: the shape, the method, every neuron's
weights, the epochs and the errors in each (gradient descent), the accuracy, and the circuit
as .nn source: a neuron declaration per neuron and the circuit wiring them. --rate,
--epochs and --seed apply to the circuits trained by gradient descent too.

Options (each overrides the knob of the same name in the file, for every neuron):
  --rate R           learning rate α (default 1)
  --epochs N         the most passes over the examples (default 1000; circuits 5000)
  --seed S           seed of the random generator (default 1)
  --init KIND        zeros (default) or normal: weights drawn from N(0, σ²)
  --sigma σ          σ for --init normal (default 0.1)
  --shuffle          visit the examples in a new seeded order each epoch
  --emit OUT.nn      write a copy of FILE with every trained neuron replaced by its weights
                     and every trained circuit by its neurons and their wiring
                     (never over FILE itself, nor over a file it imports)
  --integer          in the printed source and in --emit, use the smallest integer weights
                     with the learned neuron's truth table (neurons trained on truth tables;
                     a circuit fitted from its table has whole weights already)
  --json             print the results as JSON`,
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
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    // The parts declared in FILE itself, or the one named (which may be imported).
    const parts = name === undefined ? loaded.model.own.filter(isTrained) : [namedPart(loaded.model.parts.get(name), name, file)];
    const neurons = parts.filter((p): p is NeuronDef => p.kind === 'neuron');
    const circuits = parts.filter((p): p is CircuitDef => p.kind === 'circuit');
    if (parts.length === 0) {
      ctx.note(`${file} has no neuron or circuit declared with train; see docs/language.md#trained-neurons`);
      return EXIT.ok;
    }
    const integer = values.integer === true;
    const onData = neurons.find((n) => n.training?.kind === 'dataset');
    if (integer && onData) {
      throw new UsageError(`--integer: ${onData.name} is trained on a data set, and integer weights exist only for truth tables (bits in, bits out); leave out --integer${name === undefined ? ', or name a neuron trained on a table' : ''}`);
    }
    const trainer = trainerFor(ctx, overrides);
    const outcome = await trainer.fit(neurons);
    const instances = circuits.map((c) => loaded.model.instances.get(c.name)).filter((c): c is CircuitInstance => c !== undefined);
    const circuitOutcome = await trainer.fitCircuits(instances, new Set(loaded.model.parts.keys()));
    const diagnostics = [...outcome.diagnostics, ...circuitOutcome.diagnostics];
    ctx.report(diagnostics);
    const fits = outcome.reports;
    const circuitFits = circuitOutcome.reports;
    const failed = [...neurons.filter((n) => !fits.some((f) => f.neuron === n)), ...circuits.filter((c) => !circuitFits.some((f) => f.circuit === c))];
    if (values.json) {
      const entries = parts.map((p) => {
        const f = p.kind === 'neuron' ? fits.find((r) => r.neuron === p) : circuitFits.find((r) => r.circuit === p);
        if (!f) return failedJson(p, diagnostics, ctx);
        return 'neuron' in f ? toJson(f, ctx, integer) : circuitJson(f, ctx);
      });
      ctx.out(JSON.stringify(entries, null, 2) + '\n');
    } else {
      // The paths and the label come from files: they must not drive the terminal.
      const texts = parts.flatMap((p) => {
        const f = p.kind === 'neuron' ? fits.find((r) => r.neuron === p) : circuitFits.find((r) => r.circuit === p);
        if (!f) return [];
        return ['neuron' in f ? describe(f, ctx, integer) : describeCircuit(f, ctx)];
      });
      ctx.out(escapeControl(texts.join('\n')));
    }
    if (typeof values.emit === 'string') {
      if (failed.length > 0) {
        ctx.err(`nn train: not writing ${values.emit}: ${failed.map((n) => n.name).join(', ')} could not be trained\n`);
        return EXIT.failed;
      }
      const own = fits.filter((f) => f.neuron.file === file);
      const ownCircuits = circuitFits.filter((f) => f.circuit.file === file);
      const source = loaded.program.entry.source;
      const text = applyEdits(source, [
        ...fittedDeclarations(source, own.map((f) => ({ neuron: f.neuron, ...chosenSource(f, integer) }))),
        ...fittedCircuits(source, ownCircuits),
        ...movedImports(loaded.program.entry.ast, file, values.emit),
      ]);
      try {
        noteWritten(ctx, values.emit, writeOutputSafely(values.emit, text, { protect: ctx.inputs().map((f) => resolve(f)) }));
      } catch (e) {
        if (e instanceof OutputError) {
          ctx.blameCommandLine();
          ctx.err(`nn train: ${e.message}\n`);
          return EXIT.failed;
        }
        throw e;
      }
      const replaced = [
        ...(own.length > 0 || ownCircuits.length === 0 ? [`${count(own.length, 'trained neuron')} replaced by ${integer ? 'integer' : 'learned'} weights`] : []),
        ...(ownCircuits.length > 0 ? [`${count(ownCircuits.length, 'trained circuit')} replaced by the neurons found`] : []),
      ];
      ctx.note(`wrote ${values.emit}: ${file} with ${replaced.join(' and ')}`);
    }
    return failed.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

const isTrained = (p: PartDef): boolean => p.training !== undefined;

function namedPart(part: PartDef | undefined, name: string, file: string): PartDef {
  if (!part) throw new UsageError(`there is no neuron or circuit called ${name} in ${file}`);
  if (!isTrained(part)) throw new UsageError(`${name} is not a trained ${part.kind} (it has no train field)`);
  return part;
}


/** The weights written into .nn source: the integer form when asked for, else the learned neuron's shortest faithful decimals. */
function chosenSource(f: FitReport, integer: boolean): { weights: readonly string[]; bias: string } {
  if (integer && f.integer) return { weights: f.integer.weights.map(String), bias: String(f.integer.bias) };
  return f.written;
}

function trainingOverrides(values: Record<string, unknown>): Partial<TrainOptions> {
  const o: Partial<TrainOptions> = {};
  const rate = numberOption('rate', values.rate as string | undefined, { positive: true });
  const epochs = numberOption('epochs', values.epochs as string | undefined, { integer: true, min: 1, max: 1e9 });
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
  return lineOf(f.neuron, ctx);
}

/** `file:line` of a part's declaration. */
function lineOf(part: PartDef, ctx: Context): string {
  const source = ctx.sources.get(part.file);
  if (source === undefined) return part.file;
  return `${part.file}:${positionOf(source, part.decl.span.start).line}`;
}

const list = (xs: readonly (number | string)[]) => xs.map((x) => (typeof x === 'number' ? String(x + 0) : x)).join(', ');

function errorsLine(f: FitReport): string {
  return errorsText(f.result.errorsPerEpoch, f.result.errorsSampling);
}

function errorsText(errors: readonly number[], sampling: number): string {
  const every = sampling > 1 ? `  (one entry per ${thousands(sampling)} epochs)` : '';
  if (errors.length <= 60) return errors.join(' ') + every;
  return `${errors.slice(0, 40).join(' ')} … ${errors.slice(-10).join(' ')}  (all ${thousands(errors.length)} with --json)${every}`;
}

function describe(f: FitReport, ctx: Context, integer: boolean): string {
  const o = f.options;
  const lines = [`neuron ${f.neuron.name}  (${where(f, ctx)})`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(10)} ${text}`);
  if (f.dataset) row('data', `${count(f.examples.count, 'row')} of ${f.dataset.path}: ${f.dataset.columns.join(', ')} → ${f.dataset.label}`);
  else row('table', count(f.examples.count, 'row'));
  row('options', `rate ${formatNumber(o.rate)}, epochs ≤ ${o.epochs}, init ${o.init}${o.init === 'normal' ? ` (σ ${formatNumber(o.sigma)})` : ''}, seed ${o.seed}${o.shuffle ? ', shuffled' : ''}`);
  row('learned', `weights ${list(f.result.weights)}  bias ${list([f.result.bias])}`);
  if (!f.written.exact) {
    const where = f.written.checkedOn === 'every-row' ? 'every input row' : 'every example';
    row('rounded', `weights ${list(f.written.weights)}  bias ${f.written.bias}  (shorter; decides ${where} as the learned weights do)`);
  }
  const how = f.result.converged ? ' (converged: no errors in the last)' : f.errors === 0 ? ' (the weights after the last epoch\'s corrections fit every example)' : ' (did not converge)';
  row('epochs', `${thousands(f.result.epochs)}${how}`);
  row('errors', errorsLine(f));
  const right = f.examples.count - f.errors;
  row('accuracy', `${formatNumber((100 * right) / Math.max(1, f.examples.count))}% (${right} of ${f.examples.count})`);
  if (f.integer) {
    const size = [...f.integer.weights, f.integer.bias].reduce((s, v) => s + Math.abs(v), 0);
    const scope = f.integer.scope === 'every-row' ? '' : '; the same outputs on the listed rows only: the other rows may differ from the learned neuron';
    row('integer', `weights ${list(f.integer.weights)}  bias ${f.integer.bias}  (smallest Σ|w| + |b| = ${size}${scope})`);
  }
  if (f.certificate) row('note', f.certificate);
  const chosen = chosenSource(f, integer);
  lines.push('  as .nn:', `    ${neuronSource(f.neuron, chosen.weights, chosen.bias)}`);
  return lines.join('\n') + '\n';
}

function toJson(f: FitReport, ctx: Context, integer: boolean) {
  const chosen = chosenSource(f, integer);
  return {
    name: f.neuron.name,
    trained: true,
    at: where(f, ctx),
    inputs: f.neuron.params,
    source: f.dataset ? { kind: 'dataset', ...f.dataset, rows: f.examples.count } : { kind: 'table', rows: f.examples.count },
    options: f.options,
    learned: { weights: f.result.weights, bias: f.result.bias },
    written: f.written,
    epochs: f.result.epochs,
    converged: f.result.converged,
    errorsPerEpoch: f.result.errorsPerEpoch,
    errorsSampling: f.result.errorsSampling,
    errors: f.errors,
    accuracy: (f.examples.count - f.errors) / Math.max(1, f.examples.count),
    separable: f.separability === undefined ? null : f.separability.kind === 'separable',
    ...(f.integer && { integer: f.integer }),
    nn: neuronSource(f.neuron, chosen.weights, chosen.bias),
  };
}

function shapeLine(f: CircuitFitReport): string {
  const t = f.circuit.training!;
  const h = t.hidden;
  const size = count(f.neurons.length, 'neuron');
  if (!t.layered) return `general: ${count(h[0] ?? 0, 'hidden neuron')}, each reading the inputs and the hidden neurons before it (${size})`;
  return `layered: ${h.length === 0 ? 'no hidden layer' : `hidden ${plural(h.length, 'layer')} of ${h.join(', ')}`} (${size})`;
}

function describeCircuit(f: CircuitFitReport, ctx: Context): string {
  const lines = [`circuit ${f.circuit.name}  (${lineOf(f.circuit, ctx)})`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(10)} ${text}`);
  if (f.dataset) row('data', `${count(f.rows, 'row')} of ${f.dataset.path}: ${f.dataset.columns.join(', ')}`);
  else row('table', count(f.rows, 'row'));
  row('shape', shapeLine(f));
  const g = f.gradient;
  if (!g) {
    const by = f.foundBy === 'gradient descent' ? 'a network found by a short seeded gradient descent' : 'a network found by an integer program (HiGHS)';
    row('method', `exact: ${by}, checked on every row, then the smallest whole weights for each neuron`);
  } else {
    const o = g.options;
    const wide = f.dataset ? '' : ` (a table of more than ${EXACT_FIT_MAX_INPUTS} inputs or ${EXACT_FIT_MAX_NEURONS} neurons)`;
    row('method', `gradient descent on ${o.activation} units, hardened to steps${wide}`);
    row('options', `rate ${formatNumber(o.rate)}, momentum ${formatNumber(o.momentum)}, epochs ≤ ${thousands(o.epochs)}, activation ${o.activation}, seed ${o.seed}`);
    row('epochs', `${thousands(g.epochs)}${g.converged ? ' (converged: no errors in the last)' : ' (did not converge)'}`);
    row('errors', errorsText(g.errorsPerEpoch, g.errorsSampling));
  }
  const right = f.rows - f.errors;
  row('accuracy', `${formatNumber((100 * right) / Math.max(1, f.rows))}% (${right} of ${f.rows})`);
  const width = Math.max(...f.neurons.map((n) => n.wire.length));
  f.neurons.forEach((n, k) => {
    const rounded = n.written.exact ? '' : '  (rounded: decides as the learned neuron on every row checked)';
    row(k === 0 ? 'neurons' : '', `${n.wire.padEnd(width)}  weights ${n.written.weights.join(', ') || '(none)'}  bias ${n.written.bias}  reads ${n.reads.join(', ') || 'nothing'}${rounded}`);
  });
  lines.push('  as .nn:', ...circuitSource(f).map((l) => `    ${l}`));
  return lines.join('\n') + '\n';
}

function circuitJson(f: CircuitFitReport, ctx: Context) {
  const t = f.circuit.training!;
  const g = f.gradient;
  return {
    name: f.circuit.name,
    kind: 'circuit',
    trained: true,
    at: lineOf(f.circuit, ctx),
    inputs: t.inputs,
    outputs: t.outputs,
    hidden: t.hidden,
    layered: t.layered,
    method: f.method,
    ...(f.foundBy && { foundBy: f.foundBy }),
    source: f.dataset ? { kind: 'dataset', ...f.dataset, rows: f.rows } : { kind: 'table', rows: f.rows },
    ...(g && {
      options: g.options, epochs: g.epochs, converged: g.converged,
      errorsPerEpoch: g.errorsPerEpoch, errorsSampling: g.errorsSampling, lossPerEpoch: g.lossPerEpoch,
    }),
    errors: f.errors,
    accuracy: (f.rows - f.errors) / Math.max(1, f.rows),
    neurons: f.neurons.map((n) => ({ name: n.wire, part: n.def.name, inputs: n.reads, learned: { weights: n.weights, bias: n.bias }, written: n.written })),
    outputsFrom: f.outputs,
    nn: circuitSource(f).join('\n'),
  };
}

/** A part that could not be trained, in the JSON: why, in the diagnostics' words. */
function failedJson(n: PartDef, diagnostics: readonly Diagnostic[], ctx: Context) {
  const mine = diagnostics.filter((d) => d.severity === 'error' && (d.span?.file === n.file || d.span === undefined) && within(d, n));
  return {
    name: n.name,
    ...(n.kind === 'circuit' && { kind: 'circuit' }),
    trained: false,
    at: `${n.file}:${positionOf(ctx.sources.get(n.file) ?? '', n.decl.span.start).line}`,
    problems: mine.map((d) => ({ code: d.code, message: d.message, ...(d.notes && { notes: d.notes.map((x) => x.message) }) })),
  };
}

/** Whether a diagnostic is about part `n`: it points into its declaration or at its data set. */
function within(d: Diagnostic, n: PartDef): boolean {
  if (!d.span) return false;
  if (d.span.file !== n.file) return true;
  return d.span.start >= n.decl.span.start && d.span.end <= n.decl.span.end;
}
