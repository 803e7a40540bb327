// Truth tables from .nn files: what a part's test blocks ask for, what a trained neuron's
// `train { }` table says, or the whole function a part computes (to re-synthesise it smaller).

import { withPart } from '../check/check.js';
import { signatureOf, type Model, type NeuronDef, type PartDef, type PortShape } from '../check/model.js';
import { error, fail, ok, resultOf, type Result } from '../diagnostics/diagnostic.js';
import { rowCount, sweep } from '../evaluate/engine.js';
import type { SourceHost } from '../load/load.js';
import { build, Trainer } from '../pipeline.js';
import { TableBuilder } from './table-builder.js';
import { emptyTable, MAX_SYNTH_INPUTS, type TruthTable } from '../train/truth-table.js';

export type TableSource = 'tests' | 'train' | 'function';

export interface PartTableOptions {
  /** Use the part's test blocks (in the model's entry file) rather than what it computes. */
  readonly tests?: boolean;
  readonly host?: SourceHost;
  readonly sources?: Map<string, string>;
}

/**
 * The table to synthesise for `part` of the checked model of `path`: its test blocks when
 * asked; a table-trained neuron's training table; otherwise the part's own truth table, which
 * takes loading the file in full (trained neurons fitted) and building the part.
 */
export async function tableOfPart(path: string, model: Model, part: PartDef, options: PartTableOptions = {}): Promise<Result<{ table: TruthTable; from: TableSource }>> {
  const inputs = inputNames(model, part);
  if (inputs.length > MAX_SYNTH_INPUTS) {
    return fail([error('table-too-wide', `${part.name} has ${inputs.length} input bits; nn synthesises tables of up to ${MAX_SYNTH_INPUTS}`, part.decl.name.span)]);
  }
  if (options.tests) {
    const table = tableFromTests(model, part);
    return table.ok ? ok({ table: table.value, from: 'tests' }, table.diagnostics) : table;
  }
  if (part.kind === 'neuron' && part.training?.kind === 'table') {
    const table = tableFromTraining(part);
    return table.ok ? ok({ table: table.value, from: 'train' }, table.diagnostics) : table;
  }
  void path;
  const trainer = new Trainer(options.host, {}, options.sources);
  const built = await build(model, part.name, { trainer });
  if (!built.ok) return built;
  const { engine, circuit } = built.value;
  const outputs = outputNames(model, part);
  const table = emptyTable(part.name, inputs, outputs);
  sweep(engine, { from: 0, to: rowCount(circuit) }, (block, first) => {
    for (let r = 0; r < block.rows; r++) {
      circuit.outputSignals.forEach((signal, q) => {
        table.care[q]![first + r] = 1;
        table.on[q]![first + r] = block.bit(signal, r);
      });
    }
  });
  return ok({ table, from: 'function' }, built.diagnostics);
}

/** One name per bit, in reading order (a bus from its most significant bit): the table's order. */
function readingNames(ports: readonly PortShape[]): string[] {
  return ports.flatMap((p) => (p.width === null ? [p.name] : Array.from({ length: p.width }, (_, i) => `${p.name}[${p.width! - 1 - i}]`)));
}

function signature(model: Model, part: PartDef) {
  const found = withPart(model, part.name);
  if (!found.ok) throw new Error(`internal error: ${part.name} cannot be instantiated`);
  return signatureOf(found.value.part);
}

function inputNames(model: Model, part: PartDef): string[] {
  return readingNames(signature(model, part).inputs);
}

/** The rows of every test block of `part` in the model's entry file; rows not listed and `*` are don't cares. */
export function tableFromTests(model: Model, part: PartDef): Result<TruthTable> {
  const tests = model.tests.filter((t) => t.name === part.name);
  if (tests.length === 0) {
    return fail([error('no-tests', `there is no test block for ${part.name} to synthesise from`, part.decl.name.span, {
      hint: `write one (test ${part.name} { ... }), or leave out --tests to synthesise what ${part.name} computes`,
    })]);
  }
  const inputs = inputNames(model, part);
  const builder = new TableBuilder(part.name, inputs, outputNames(model, part));
  const n = inputs.length;
  for (const test of tests) {
    for (const row of test.rows) {
      const place = builder.place(row.span);
      const r = row.inputs.reduce((acc: number, bit, j) => acc + bit * 2 ** (n - 1 - j), 0);
      row.expected.forEach((v, q) => v !== null && builder.set(r, q, v, place));
    }
  }
  return resultOf(builder.table, builder.finish());
}

/** A neuron's `train { }` table; rows it does not list are don't cares. */
export function tableFromTraining(neuron: NeuronDef): Result<TruthTable> {
  if (neuron.training?.kind !== 'table') throw new Error('internal error: not a table-trained neuron');
  // Training rows are in the order of the weights (bit 0 first within a bus).
  const builder = new TableBuilder(neuron.name, neuron.params, neuronOutput(neuron));
  const n = neuron.params.length;
  for (const row of neuron.training.rows) {
    const place = builder.place(row.span);
    builder.set(row.inputs.reduce((acc: number, bit, j) => acc + bit * 2 ** (n - 1 - j), 0), 0, row.output, place);
  }
  return resultOf(builder.table, builder.finish());
}

/** A circuit's outputs, a bit each; a neuron's one output is called y (or out, if an input is called y). */
function outputNames(model: Model, part: PartDef): string[] {
  if (part.kind === 'circuit') return readingNames(signature(model, part).outputs);
  return neuronOutput(part);
}

function neuronOutput(neuron: NeuronDef): string[] {
  return [neuron.params.includes('y') ? (neuron.params.includes('out') ? `${neuron.name}_out` : 'out') : 'y'];
}
