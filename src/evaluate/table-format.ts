// Truth tables as text, Markdown, CSV, JSON or a ready-to-paste test block, streamed in
// chunks so that a million-row table never sits in memory as one string.

import type { CompiledCircuit } from './compile.js';
import { newBlock, rowCount, type Block, type BlockRunner, type Engine } from './engine.js';
import { fillRows, rangeBytes, rowsWriter, type TableShape } from './table-rows.js';
import { tableLayout, type Column, type TableLayout } from './table.js';

export type { TableShape } from './table-rows.js';

export const TABLE_FORMATS = ['text', 'md', 'csv', 'json', 'test'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * Receives the output in chunks. A returned promise must settle once the sink is done with the
 * chunk (its bytes handed on): the writer reuses the buffer after that.
 */
export type Sink = (chunk: Uint8Array) => void | Promise<void>;

/**
 * Every row of a format has the same shape, only the digits change: a template row is
 * copied into the output and each column's digit written at its fixed position.
 */
interface RowShape {
  readonly header: string;
  readonly template: string;
  /** Byte offset of each column's digit within the template. */
  readonly positions: readonly number[];
  readonly columns: readonly Column[];
  /** Written between rows (JSON's comma). */
  readonly separator: string;
  readonly footer: string;
}

export function tableShape(circuit: CompiledCircuit, options: { format: TableFormat; hidden?: boolean }): TableShape {
  const layout = tableLayout(circuit, { hidden: options.hidden && options.format !== 'test' });
  const shape = SHAPES[options.format](layout, circuit.netlist.name);
  const encoder = new TextEncoder();
  const separator = encoder.encode(shape.separator);
  return {
    header: encoder.encode(shape.header),
    footer: encoder.encode(shape.footer),
    template: encoder.encode(shape.separator + shape.template),
    separatorBytes: separator.length,
    positions: shape.positions.map((p) => p + separator.length),
    signals: shape.columns.map((c) => c.signal),
  };
}

/** Output buffers of about this size: large enough to amortise a write, small enough to stay flat. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Formats rows `[from, to)` of the truth table into buffers of `buffer.length` bytes, handing
 * each full one to `emit` (which must be done with it when its promise settles).
 */
export async function formatRange(
  engine: BlockRunner,
  shape: TableShape,
  range: { readonly from: number; readonly to: number },
  buffers: readonly [Uint8Array, Uint8Array],
  emit: (bytes: Uint8Array) => void | Promise<void>,
  options: { readonly block?: Block; readonly progress?: (done: number) => void } = {},
): Promise<void> {
  const block = options.block ?? newBlock(engine.circuit);
  const write = rowsWriter(shape, block.words);
  const rowBytes = shape.template.length;
  const pending: (void | Promise<void>)[] = [undefined, undefined];
  let turn = 0;
  let buffer = buffers[0];
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    pending[turn] = emit(buffer.subarray(0, used));
    turn = 1 - turn;
    await pending[turn];
    buffer = buffers[turn];
    used = 0;
  };
  // As many rows as fill a buffer, in whole words so each piece starts on a word.
  const step = Math.max(32, Math.floor(buffer.length / rowBytes / 32) * 32);
  for (let from = range.from; from < range.to; from += step) {
    const to = Math.min(range.to, from + step);
    if (used + rangeBytes(shape, from, to) > buffer.length) await flush();
    used = fillRows(engine, shape, write, block, { from, to }, buffer, used);
    options.progress?.(to - range.from);
  }
  await flush();
  await Promise.all(pending);
}

export async function writeTable(engine: Engine, options: { format: TableFormat; hidden?: boolean }, sink: Sink): Promise<void> {
  const shape = tableShape(engine.circuit, options);
  await sink(shape.header);
  // Two buffers in turn: one is filled while the sink still holds the other.
  const size = Math.max(CHUNK_BYTES, 32 * shape.template.length);
  await formatRange(engine, shape, { from: 0, to: rowCount(engine.circuit) }, [new Uint8Array(size), new Uint8Array(size)], sink);
  await sink(shape.footer);
}

type ShapeMaker = (layout: TableLayout, name: string) => RowShape;

/** Builds a template row from cells: each cell is either literal text or a column's digit. */
function build(cells: (string | Column)[]): { template: string; positions: number[]; columns: Column[] } {
  let template = '';
  const positions: number[] = [];
  const columns: Column[] = [];
  for (const cell of cells) {
    if (typeof cell === 'string') template += cell;
    else {
      positions.push(template.length);
      columns.push(cell);
      template += '0';
    }
  }
  return { template, positions, columns };
}

/** The column groups, leaving out an empty one (a part with no inputs). */
const groupsOf = (layout: TableLayout) => [layout.inputs, ...layout.hidden, layout.outputs].filter((g) => g.length > 0);

/** Names are ASCII (the grammar says so), so string length is byte length here. */
const text: ShapeMaker = (layout) => {
  const groups = groupsOf(layout);
  const header = groups.map((g) => g.map((c) => c.name).join(' ')).join(' | ');
  const cells: (string | Column)[] = [];
  groups.forEach((g, gi) => {
    if (gi > 0) cells.push(' | ');
    g.forEach((c, ci) => {
      if (ci > 0) cells.push(' ');
      cells.push(' '.repeat(Math.max(0, c.name.length - 1)), c);
    });
  });
  const row = build(cells);
  return { header: header + '\n', ...row, template: row.template + '\n', separator: '', footer: '' };
};

const md: ShapeMaker = (layout) => {
  const columns = groupsOf(layout).flat();
  const header = `| ${columns.map((c) => c.name).join(' | ')} |\n|${columns.map((c) => '-'.repeat(c.name.length + 1) + ':').join('|')}|\n`;
  const cells: (string | Column)[] = ['|'];
  for (const c of columns) cells.push(' '.repeat(c.name.length), c, ' |');
  const row = build(cells);
  return { header, ...row, template: row.template + '\n', separator: '', footer: '' };
};

const csvName = (name: string) => (/[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);

const csv: ShapeMaker = (layout) => {
  const columns = groupsOf(layout).flat();
  const cells: (string | Column)[] = [];
  columns.forEach((c, i) => cells.push(...(i > 0 ? [','] : []), c));
  const row = build(cells);
  return { header: columns.map((c) => csvName(c.name)).join(',') + '\n', ...row, template: row.template + '\n', separator: '', footer: '' };
};

const json: ShapeMaker = (layout, name) => {
  const columns = groupsOf(layout).flat();
  const names = (cs: readonly Column[]) => JSON.stringify(cs.map((c) => c.name));
  const header = `{"circuit":${JSON.stringify(name)},"inputs":${names(layout.inputs)},"hidden":${names(layout.hidden.flat())},"outputs":${names(layout.outputs)},"rows":[\n`;
  const cells: (string | Column)[] = ['['];
  columns.forEach((c, i) => cells.push(...(i > 0 ? [','] : []), c));
  cells.push(']');
  return { header, ...build(cells), separator: ',\n', footer: '\n]}\n' };
};

const test: ShapeMaker = (layout, name) => {
  const line = (render: (c: Column) => (string | Column)[]) => {
    const cells: (string | Column)[] = ['  '];
    layout.inputs.forEach((c, i) => cells.push(...(i > 0 ? [' '] : []), ...render(c)));
    cells.push(' ->');
    layout.outputs.forEach((c) => cells.push(' ', ...render(c)));
    return cells;
  };
  const header = `test ${name} {\n` + line((c) => [c.name]).join('') + '\n';
  const row = build(line((c) => [' '.repeat(Math.max(0, c.name.length - 1)), c]));
  return { header, ...row, template: row.template + '\n', separator: '', footer: '}\n' };
};

const SHAPES: Record<TableFormat, ShapeMaker> = { text, md, csv, json, test };
