// Truth tables as text, Markdown, CSV, JSON or a ready-to-paste test block, streamed in
// chunks so that a million-row table never sits in memory as one string.

import { newBlock, rowCount, setExhaustive, type Engine } from './engine.js';
import { tableLayout, type Column, type TableLayout } from './table.js';

export const TABLE_FORMATS = ['text', 'md', 'csv', 'json', 'test'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * Receives the output in chunks. A returned promise must settle once the sink is done with the
 * chunk (its bytes handed on): the writer reuses the buffer after that.
 */
export type Sink = (chunk: Uint8Array) => void | Promise<void>;

const CHUNK = 1 << 20;

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

export async function writeTable(engine: Engine, options: { format: TableFormat; hidden?: boolean }, sink: Sink): Promise<void> {
  const circuit = engine.circuit;
  const layout = tableLayout(circuit, { hidden: options.hidden && options.format !== 'test' });
  const shape = SHAPES[options.format](layout, circuit.netlist.name);
  const encoder = new TextEncoder();
  const template = encoder.encode(shape.template);
  const separator = encoder.encode(shape.separator);
  const block = newBlock(circuit);
  const writeRow = rowWriter(template, shape.positions, shape.columns.map((c) => c.signal), block.words);
  const rowBytes = template.length + separator.length;
  await sink(encoder.encode(shape.header));
  // Two buffers in turn: one is filled while the sink still holds the other.
  const size = Math.max(CHUNK, rowBytes);
  const buffers = [new Uint8Array(size), new Uint8Array(size)];
  const pending: (void | Promise<void>)[] = [undefined, undefined];
  let turn = 0;
  let buffer = buffers[0]!;
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    pending[turn] = sink(buffer.subarray(0, used));
    turn = 1 - turn;
    await pending[turn];
    buffer = buffers[turn]!;
    used = 0;
  };
  const total = rowCount(circuit);
  for (let first = 0; first < total; first += block.capacity) {
    setExhaustive(circuit, block, first);
    engine.run(block);
    for (let r = 0; r < block.rows; r++) {
      if (used + rowBytes > buffer.length) await flush();
      if (first + r > 0 && separator.length > 0) {
        buffer.set(separator, used);
        used += separator.length;
      }
      writeRow(block.values, r >>> 5, r & 31, buffer, used);
      used += template.length;
    }
  }
  await flush();
  await Promise.all(pending);
  await sink(encoder.encode(shape.footer));
}

type RowWriter = (values: Int32Array, word: number, bit: number, out: Uint8Array, at: number) => void;

/**
 * Writes one row: the template's bytes with each column's digit in place, read from the packed
 * words without a branch. Generated as straight-line code (one store per byte, constants
 * inlined), because at a million rows the copy-then-patch loop costs more than evaluating.
 */
function rowWriter(template: Uint8Array, positions: readonly number[], signals: readonly number[], words: number): RowWriter {
  const column = new Map<number, number>();
  positions.forEach((p, c) => column.set(p, signals[c]!));
  if (template.length > 20_000) {
    return (x, w, t, o, a) => {
      o.set(template, a);
      for (let c = 0; c < signals.length; c++) o[a + positions[c]!] = 48 + ((x[signals[c]! * words + w]! >>> t) & 1);
    };
  }
  const stores: string[] = [];
  template.forEach((byte, i) => {
    const signal = column.get(i);
    stores.push(signal === undefined ? `o[a + ${i}] = ${byte};` : `o[a + ${i}] = 48 + ((x[${signal * words} + w] >>> t) & 1);`);
  });
  return new Function('x', 'w', 't', 'o', 'a', `"use strict";\n${stores.join('\n')}`) as RowWriter;
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
