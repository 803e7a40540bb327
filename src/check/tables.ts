// Truth tables, as written in `test` and `train` blocks: an optional header, then rows of bits.

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../parse/ast.js';
import type { Bit } from './model.js';

export interface TableShape {
  /** What the table belongs to, for messages: `XOR`, `neuron AND`. */
  readonly owner: string;
  readonly inputs: readonly string[];
  /** The output names; `null` for a neuron, whose single output column may have any name. */
  readonly outputs: readonly string[] | null;
  /** `*` (don't care) is allowed in test outputs only. */
  readonly allowStar: boolean;
}

export interface CheckedRow {
  readonly inputs: Bit[];
  readonly outputs: (Bit | null)[];
  readonly span: A.Row['span'];
}

const list = (names: readonly string[]) => names.join(' ');

export function checkTable(table: A.Table, shape: TableShape, out: Diagnostic[]): CheckedRow[] {
  const outputCount = shape.outputs?.length ?? 1;
  const rows: CheckedRow[] = [];
  table.rows.forEach((row, i) => {
    // Long tables give their bits without a cell object each; anything unusual is looked at
    // cell by cell below.
    const bits = row.bits?.();
    if (bits && bits.inputs.length === shape.inputs.length && bits.outputs.length === outputCount && (shape.allowStar || !bits.outputs.includes(null))) {
      rows.push({ inputs: bits.inputs, outputs: bits.outputs, span: row.span });
      return;
    }
    // Rows may build their cells each time they are asked (parse/packed-rows.ts): ask once.
    const cells = { inputs: row.inputs, outputs: row.outputs };
    if (cells.inputs.some((c) => c.kind === 'name') || cells.outputs.some((c) => c.kind === 'name')) {
      if (i === 0) checkHeader(cells, row.span, shape, out);
      else out.push(error('misplaced-header', 'a header row can only be the first row of a table', row.span, {
        hint: 'rows after the first hold bits, such as 0 1 -> 1',
      }));
      return;
    }
    if (cells.inputs.length !== shape.inputs.length) {
      out.push(error('row-width', `this row has ${count(cells.inputs.length, 'input')}, but ${shape.owner} takes ${shape.inputs.length} (${list(shape.inputs)})`, spanOf(cells.inputs, row.span), {
        hint: separated(cells, shape.inputs.length, outputCount, 'inputs') ?? 'write one bit per input, separated by spaces',
      }));
      return;
    }
    if (cells.outputs.length !== outputCount) {
      const names = shape.outputs ? ` (${list(shape.outputs)})` : '';
      out.push(error('row-width', `this row has ${count(cells.outputs.length, 'output')}, but ${shape.owner} has ${outputCount}${names}`, spanOf(cells.outputs, row.span), {
        hint: separated(cells, shape.inputs.length, outputCount, 'outputs') ?? 'write one bit per output after ->',
      }));
      return;
    }
    const inputs: Bit[] = [];
    const outputs: (Bit | null)[] = [];
    let ok = true;
    for (const c of cells.inputs) {
      const b = bit(c, false, shape, out);
      if (b === undefined || b === null) ok = false;
      else inputs.push(b);
    }
    for (const c of cells.outputs) {
      const b = bit(c, shape.allowStar, shape, out);
      if (b === undefined) ok = false;
      else outputs.push(b);
    }
    if (ok) rows.push({ inputs, outputs, span: row.span });
  });
  return rows;
}

interface Cells {
  readonly inputs: readonly A.Cell[];
  readonly outputs: readonly A.Cell[];
}

/** Bits written together, `01`, as the cells they would be when split: `0 1`. */
function split(cells: readonly A.Cell[]): string[] {
  return cells.flatMap((c) => (c.kind === 'number' && /^[01]+$/.test(c.text) ? [...c.text] : [c.kind === 'star' ? '*' : c.text]));
}

/**
 * The hint to separate bits written together (`01 -> 0`), when splitting them gives `side`
 * the width it should have: the whole row rewritten if that fixes both sides.
 */
function separated(cells: Cells, inputCount: number, outputCount: number, side: 'inputs' | 'outputs'): string | undefined {
  const inputs = split(cells.inputs);
  const outputs = split(cells.outputs);
  const fixed = side === 'inputs' ? inputs.length === inputCount : outputs.length === outputCount;
  const changed = side === 'inputs' ? inputs.length !== cells.inputs.length : outputs.length !== cells.outputs.length;
  if (!fixed || !changed) return undefined;
  const row = (ins: readonly string[], outs: readonly string[]) => `${ins.length > 0 ? `${ins.join(' ')} ` : ''}-> ${outs.join(' ')}`;
  if (inputs.length === inputCount && outputs.length === outputCount) return `separate the bits with spaces: ${row(inputs, outputs)}`;
  return `separate the bits with spaces: ${side === 'inputs' ? inputs.join(' ') : outputs.join(' ')}`;
}

function checkHeader(row: Cells, span: A.Row['span'], shape: TableShape, out: Diagnostic[]): void {
  const names = (cells: readonly A.Cell[]) => cells.map((c) => (c.kind === 'name' ? c.text : '?'));
  const notName = [...row.inputs, ...row.outputs].find((c) => c.kind !== 'name');
  if (notName) {
    out.push(error('header-mismatch', 'a header row names the columns and holds no bits', notName.span, {
      hint: `write the names only, such as ${list(shape.inputs)} -> ${list(shape.outputs ?? ['y'])}`,
    }));
    return;
  }
  const inputs = names(row.inputs);
  if (inputs.join(' ') !== shape.inputs.join(' ')) {
    out.push(error('header-mismatch', `the header names ${inputs.length > 0 ? `the inputs ${list(inputs)}` : 'no inputs'}, but ${shape.owner} takes ${shape.inputs.length > 0 ? list(shape.inputs) : 'none'}`, spanOf(row.inputs, span), {
      hint: `write ${list(shape.inputs)} -> ..., in the order of the declaration, or leave the header out`,
    }));
  }
  const outputs = names(row.outputs);
  if (shape.outputs === null ? outputs.length !== 1 : outputs.join(' ') !== shape.outputs.join(' ')) {
    const expected = shape.outputs === null ? 'a single output column' : `the outputs ${list(shape.outputs)}`;
    out.push(error('header-mismatch', `the header names the outputs ${list(outputs)}, but ${shape.owner} has ${expected}`, spanOf(row.outputs, span), {
      hint: shape.outputs === null ? 'a neuron has one output; name it as you like, such as y' : `write ... -> ${list(shape.outputs)}, or leave the header out`,
    }));
  }
}

function bit(cell: A.Cell, allowStar: boolean, shape: TableShape, out: Diagnostic[]): Bit | null | undefined {
  if (cell.kind === 'star') {
    if (allowStar) return null;
    out.push(error('not-a-bit', shape.allowStar
      ? "'*' (don't care) can stand only for an expected output, not an input"
      : "'*' (don't care) belongs in test tables; a training row needs 0 or 1", cell.span));
    return undefined;
  }
  if (cell.kind === 'number' && (cell.text === '0' || cell.text === '1')) return cell.value as Bit;
  const hint = cell.kind === 'number' && /^[01]+$/.test(cell.text)
    ? `separate the bits with spaces: ${[...cell.text].join(' ')}`
    : undefined;
  out.push(error('not-a-bit', `a truth table holds bits, 0 or 1, but this cell is ${cell.text}`, cell.span, hint ? { hint } : {}));
  return undefined;
}

/** Whether a table has any row besides a header (well formed or not). */
export function hasDataRows(table: A.Table): boolean {
  return table.rows.some((r) => r.inputs.every((c) => c.kind !== 'name') && r.outputs.every((c) => c.kind !== 'name'));
}

export function warnIfEmpty(table: A.Table, what: string, out: Diagnostic[]): void {
  if (!hasDataRows(table)) {
    out.push(warning('empty-table', `${what} has no rows`, table.span, { hint: 'add rows such as 0 1 -> 1' }));
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** From the first cell to the last; `otherwise` (the row's span) when there are none. */
function spanOf(cells: readonly A.Cell[], otherwise: A.Row['span']): A.Row['span'] {
  const first = cells[0];
  const last = cells[cells.length - 1];
  return first && last ? { file: first.span.file, start: first.span.start, end: last.span.end } : otherwise;
}
