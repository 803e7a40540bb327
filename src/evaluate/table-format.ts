// Truth tables as text, Markdown, CSV, JSON or a ready-to-paste test block, streamed in
// chunks so that a million-row table never sits in memory as one string.

import type { CompiledCircuit } from './compile.js';
import { RowCursor, tableLayout, type Column, type TableLayout } from './table.js';

export const TABLE_FORMATS = ['text', 'md', 'csv', 'json', 'test'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Receives the output in chunks; may return a promise to apply backpressure. */
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

export async function writeTable(program: CompiledCircuit, options: { format: TableFormat; hidden?: boolean }, sink: Sink): Promise<void> {
  const layout = tableLayout(program, { hidden: options.hidden && options.format !== 'test' });
  const shape = SHAPES[options.format](layout, program.netlist.name);
  const encoder = new TextEncoder();
  const template = encoder.encode(shape.template);
  const separator = encoder.encode(shape.separator);
  const positions = Int32Array.from(shape.positions);
  const slots = Int32Array.from(shape.columns, (c) => c.slot);
  const rowBytes = template.length + separator.length;
  const writeRow = rowWriter(template, positions, slots);
  await sink(encoder.encode(shape.header));
  const cursor = new RowCursor(program);
  const v = cursor.values;
  // Fill a chunk synchronously, hand it over, wait for the sink, go on: memory stays one chunk.
  for (let more = true; more; ) {
    const buffer = new Uint8Array(Math.max(CHUNK, rowBytes));
    let used = 0;
    while (used + rowBytes <= buffer.length && (more = cursor.next())) {
      if (cursor.row > 0 && separator.length > 0) {
        buffer.set(separator, used);
        used += separator.length;
      }
      writeRow(v, buffer, used);
      used += template.length;
    }
    if (used > 0) await sink(buffer.subarray(0, used));
  }
  await sink(encoder.encode(shape.footer));
}

type RowWriter = (v: Uint8Array, out: Uint8Array, at: number) => void;

/**
 * Writes one row: the template's bytes with each column's digit in place. Generated as
 * straight-line code (one store per byte, constants inlined), because at a million rows
 * the copy-then-patch loop costs more than evaluating the circuit.
 */
function rowWriter(template: Uint8Array, positions: Int32Array, slots: Int32Array): RowWriter {
  const column = new Map<number, number>();
  positions.forEach((p, c) => column.set(p, slots[c]!));
  const stores: string[] = [];
  template.forEach((byte, i) => {
    const slot = column.get(i);
    stores.push(slot === undefined ? `o[a + ${i}] = ${byte};` : `o[a + ${i}] = 48 + v[${slot}];`);
  });
  if (stores.length > 20_000) {
    return (v, o, a) => {
      o.set(template, a);
      for (let c = 0; c < slots.length; c++) o[a + positions[c]!] = 48 + v[slots[c]!]!;
    };
  }
  return new Function('v', 'o', 'a', `"use strict";\n${stores.join('\n')}`) as RowWriter;
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
