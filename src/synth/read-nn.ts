// Truth tables from .nn files: what a part's test blocks ask for, what a trained neuron's
// `train { }` table says, or the whole function a part computes (to re-synthesise it smaller).

import { outputsOf, type Model, type NeuronDef, type PartDef } from '../check/model.js';
import { error, fail, ok, resultOf, type Result } from '../diagnostics/diagnostic.js';
import { forEachRow, tableLayout } from '../evaluate/table.js';
import type { SourceHost } from '../load/load.js';
import { build, load } from '../pipeline.js';
import { TableBuilder } from './table-builder.js';
import { emptyTable, MAX_SYNTH_INPUTS, type TruthTable } from './table.js';

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
  if (part.params.length > MAX_SYNTH_INPUTS) {
    return fail([error('table-too-wide', `${part.name} has ${part.params.length} inputs; nn synthesises tables of up to ${MAX_SYNTH_INPUTS}`, part.decl.name.span)]);
  }
  if (options.tests) {
    const table = tableFromTests(model, part);
    return table.ok ? ok({ table: table.value, from: 'tests' }, table.diagnostics) : table;
  }
  if (part.kind === 'neuron' && part.training?.kind === 'table') {
    const table = tableFromTraining(part);
    return table.ok ? ok({ table: table.value, from: 'train' }, table.diagnostics) : table;
  }
  const loaded = await load(path, { ...(options.host && { host: options.host }), ...(options.sources && { sources: options.sources }) });
  if (!loaded.ok) return loaded;
  const built = build(loaded.value.model, part.name);
  if (!built.ok) return built;
  const { program } = built.value;
  const layout = tableLayout(program);
  const outputs = outputNames(part);
  const table = emptyTable(part.name, part.params, outputs);
  forEachRow(program, (values, row) => {
    layout.outputs.forEach((column, q) => {
      table.care[q]![row] = 1;
      table.on[q]![row] = values[column.slot]!;
    });
  });
  return ok({ table, from: 'function' }, [...loaded.diagnostics, ...built.diagnostics]);
}

/** The rows of every test block of `part` in the model's entry file; rows not listed and `*` are don't cares. */
export function tableFromTests(model: Model, part: PartDef): Result<TruthTable> {
  const tests = model.tests.filter((t) => t.target.name === part.name);
  if (tests.length === 0) {
    return fail([error('no-tests', `there is no test block for ${part.name} to synthesise from`, part.decl.name.span, {
      hint: `write one (test ${part.name} { ... }), or leave out --tests to synthesise what ${part.name} computes`,
    })]);
  }
  const builder = new TableBuilder(part.name, part.params, outputNames(part));
  const n = part.params.length;
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
  const builder = new TableBuilder(neuron.name, neuron.params, outputNames(neuron));
  const n = neuron.params.length;
  for (const row of neuron.training.rows) {
    const place = builder.place(row.span);
    builder.set(row.inputs.reduce((acc: number, bit, j) => acc + bit * 2 ** (n - 1 - j), 0), 0, row.output, place);
  }
  return resultOf(builder.table, builder.finish());
}

/** A circuit's outputs; a neuron's one output is called y (or out, if an input is called y). */
function outputNames(part: PartDef): string[] {
  if (part.kind === 'circuit') return [...outputsOf(part)];
  return [part.params.includes('y') ? (part.params.includes('out') ? `${part.name}_out` : 'out') : 'y'];
}
