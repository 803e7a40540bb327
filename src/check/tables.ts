// Truth tables, as written in `test` and `train` blocks: an optional header, then rows with one
// cell per port: a bit (0 or 1) for a one-bit port, a number (5, 0x5, 0b0101) for a bus.

import { error, warning, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { plural } from '../diagnostics/words.js';
import type * as A from '../parse/ast.js';
import type { Bit, PortShape } from './model.js';

export interface TableShape {
  /** What the table belongs to, for messages: `XOR`, `neuron AND`. */
  readonly owner: string;
  readonly inputs: readonly PortShape[];
  /** The output ports; `null` for a neuron, whose single output column may have any name. */
  readonly outputs: readonly PortShape[] | null;
  /** `*` (don't care) is allowed in test outputs only. */
  readonly allowStar: boolean;
}

/** A cell's value: a bus as a number, one bit as 0n or 1n, `*` as null. */
export type CellValue = bigint | null;

export interface CheckedRow {
  /** One value per input port. */
  readonly inputs: CellValue[];
  /** One value per output port. */
  readonly outputs: CellValue[];
  readonly span: A.Row['span'];
}

const list = (names: readonly string[]) => names.join(' ');
const portList = (ports: readonly PortShape[]) => list(ports.map((p) => p.name));

export function checkTable(table: A.Table, shape: TableShape, out: Diagnostic[]): CheckedRow[] {
  const outputs: readonly PortShape[] = shape.outputs ?? [{ name: 'y', width: null }];
  const rows: CheckedRow[] = [];
  const oneBit = shape.inputs.every((p) => p.width === null) && outputs.every((p) => p.width === null);
  table.rows.forEach((row, i) => {
    // Long tables give their bits without a cell object each (parse/packed-rows.ts); anything
    // unusual is looked at cell by cell below.
    const bits = oneBit ? row.bits?.() : undefined;
    if (bits && bits.inputs.length === shape.inputs.length && bits.outputs.length === outputs.length && (shape.allowStar || !bits.outputs.includes(null))) {
      rows.push({ inputs: bits.inputs.map(big), outputs: bits.outputs.map((b) => (b === null ? null : big(b))), span: row.span });
      return;
    }
    // Rows may build their cells each time they are asked: ask once.
    row = { inputs: row.inputs, outputs: row.outputs, span: row.span };
    const isHeader = row.inputs.some((c) => c.kind === 'name') || row.outputs.some((c) => c.kind === 'name');
    if (isHeader) {
      if (i === 0) checkHeader(row, shape, out);
      else out.push(error('misplaced-header', 'a header row can only be the first row of a table', row.span, {
        hint: 'rows after the first hold values, such as 0 1 -> 1',
      }));
      return;
    }
    if (row.inputs.length !== shape.inputs.length) {
      out.push(error('row-width', `this row has ${row.inputs.length} ${plural(row.inputs.length, 'input')}, but ${shape.owner} takes ${shape.inputs.length} (${portList(shape.inputs)})`, spanOf(row.inputs, row.span), {
        hint: splitHint(row.inputs, shape.inputs) ?? `write one ${cellWord(shape.inputs)} per input, separated by spaces`,
      }));
      return;
    }
    if (row.outputs.length !== outputs.length) {
      const names = shape.outputs ? ` (${portList(shape.outputs)})` : '';
      out.push(error('row-width', `this row has ${row.outputs.length} ${plural(row.outputs.length, 'output')}, but ${shape.owner} has ${outputs.length}${names}`, spanOf(row.outputs, row.span), {
        hint: splitHint(row.outputs, outputs) ?? `write one ${cellWord(outputs)} per output after ->`,
      }));
      return;
    }
    const inputs = row.inputs.map((c, k) => value(c, shape.inputs[k]!, false, shape, out));
    const outs = row.outputs.map((c, k) => value(c, outputs[k]!, shape.allowStar, shape, out));
    if ([...inputs, ...outs].every((v) => v !== undefined)) {
      rows.push({ inputs: inputs as CellValue[], outputs: outs as CellValue[], span: row.span });
    }
  });
  return rows;
}

const big = (b: 0 | 1): bigint => (b === 1 ? 1n : 0n);

const cellWord = (ports: readonly PortShape[]) => (ports.some((p) => p.width !== null) ? 'value' : 'bit');

/** `01` where two one-bit ports are expected: the bits were run together. */
function splitHint(cells: readonly A.Cell[], ports: readonly PortShape[]): string | undefined {
  if (ports.some((p) => p.width !== null)) return undefined;
  const digits = cells.map((c) => (c.kind === 'number' && /^[01]+$/.test(c.text) ? c.text : undefined));
  if (digits.some((d) => d === undefined) || digits.join('').length !== ports.length) return undefined;
  return `separate the bits with spaces: ${[...digits.join('')].join(' ')}`;
}

function checkHeader(row: A.Row, shape: TableShape, out: Diagnostic[]): void {
  const names = (cells: readonly A.Cell[]) => cells.map((c) => (c.kind === 'name' ? c.text : '?'));
  const notName = [...row.inputs, ...row.outputs].find((c) => c.kind !== 'name');
  if (notName) {
    out.push(error('header-mismatch', 'a header row names the columns and holds no values', notName.span, {
      hint: `write the names only, such as ${portList(shape.inputs)} -> ${shape.outputs ? portList(shape.outputs) : 'y'}`,
    }));
    return;
  }
  const inputs = names(row.inputs);
  if (inputs.join(' ') !== portList(shape.inputs)) {
    out.push(error('header-mismatch', `the header names the inputs ${list(inputs)}, but ${shape.owner} takes ${portList(shape.inputs)}`, spanOf(row.inputs, row.span), {
      hint: `write ${portList(shape.inputs)} -> ..., in the order of the declaration, or leave the header out`,
    }));
  }
  const outputs = names(row.outputs);
  if (shape.outputs === null ? outputs.length !== 1 : outputs.join(' ') !== portList(shape.outputs)) {
    const expected = shape.outputs === null ? 'a single output column' : `the outputs ${portList(shape.outputs)}`;
    out.push(error('header-mismatch', `the header names the outputs ${list(outputs)}, but ${shape.owner} has ${expected}`, spanOf(row.outputs, row.span), {
      hint: shape.outputs === null ? 'a neuron has one output; name it as you like, such as y' : `write ... -> ${portList(shape.outputs)}, or leave the header out`,
    }));
  }
}

const BASED = /^0[xX][0-9a-fA-F]+$|^0[bB][01]+$/;

function value(cell: A.Cell, port: PortShape, allowStar: boolean, shape: TableShape, out: Diagnostic[]): CellValue | undefined {
  if (cell.kind === 'star') {
    if (allowStar) return null;
    out.push(error('not-a-bit', shape.allowStar
      ? "'*' (don't care) can stand only for an expected output, not an input"
      : "'*' (don't care) belongs in test tables; a training row needs 0 or 1", cell.span));
    return undefined;
  }
  if (port.width === null) {
    if (cell.kind === 'number' && (cell.text === '0' || cell.text === '1')) return BigInt(cell.text);
    const hint = cell.kind === 'number' && /^[01]+$/.test(cell.text) ? `separate the bits with spaces: ${[...cell.text].join(' ')}` : undefined;
    out.push(error('not-a-bit', `a truth table holds bits, 0 or 1, but this cell is ${shown(cell)}`, cell.span, hint ? { hint } : {}));
    return undefined;
  }
  const text = cell.kind === 'number' ? cell.text : '';
  if (!/^\d+$/.test(text) && !BASED.test(text)) {
    out.push(error('not-a-number', `${port.name} is a ${port.width}-bit bus, so its cell is a whole number (5, 0x5, 0b0101), not ${shown(cell)}`, cell.span));
    return undefined;
  }
  const v = BigInt(text);
  if (v >= 1n << BigInt(port.width)) {
    out.push(error('value-too-wide', `${text} does not fit in the ${port.width} bits of ${port.name} (at most ${(1n << BigInt(port.width)) - 1n})`, cell.span));
    return undefined;
  }
  return v;
}

const shown = (cell: A.Cell) => (cell.kind === 'star' ? '*' : cell.text.length > 40 ? `${cell.text.slice(0, 40)}…` : cell.text);

/**
 * A row's values as bits in reading order: ports in order, each bus from its most significant
 * bit to bit 0 (so the row is read as the table prints it). `null` (don't care) covers a whole port.
 */
export function readingBits(values: readonly CellValue[], ports: readonly PortShape[]): (Bit | null)[] {
  const bits: (Bit | null)[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    const w = ports[k]!.width;
    // One bit needs no shifting: a test block of 65,536 rows has 1.6 million of them.
    if (w === null) bits.push(v === null ? null : v === 0n ? 0 : 1);
    else if (v === null) for (let i = 0; i < w; i++) bits.push(null);
    else if (w <= 31) {
      // A bus that fits a small integer is cut into bits without a BigInt for each.
      const n = Number(v);
      for (let i = w - 1; i >= 0; i--) bits.push(((n >>> i) & 1) as Bit);
    } else for (let i = w - 1; i >= 0; i--) bits.push(((v >> BigInt(i)) & 1n) === 1n ? 1 : 0);
  }
  return bits;
}

/** The same bits in parameter order: ports in order, bit 0 first (a neuron's weights' order). */
export function parameterBits(values: readonly bigint[], ports: readonly PortShape[]): Bit[] {
  const bits: Bit[] = [];
  values.forEach((v, k) => {
    const w = ports[k]!.width ?? 1;
    for (let i = 0; i < w; i++) bits.push(((v >> BigInt(i)) & 1n) === 1n ? 1 : 0);
  });
  return bits;
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

/** The span of the cells, or of the row where there are none (a row such as `-> 1`). */
function spanOf(cells: readonly A.Cell[], row: Span): Span {
  const first = cells[0];
  const last = cells[cells.length - 1];
  if (!first || !last) return row;
  return { file: first.span.file, start: first.span.start, end: last.span.end };
}
