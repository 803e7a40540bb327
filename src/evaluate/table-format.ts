// Truth tables as text, Markdown, CSV, JSON or a ready-to-paste test block, streamed in
// chunks so that a million-row table never sits in memory as one string.

import type { CompiledCircuit } from './compile.js';
import { newBlock, rowCount, setExhaustive, type Block, type BlockRunner, type Engine } from './engine.js';
import { formatValue, type Radix } from './ports.js';
import { fillRows, rangeBytes, rowsWriter, type TableShape } from './table-rows.js';
import { columnValue, isBus, tableLayout, type AnyColumn, type Column, type TableLayout } from './table.js';

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

export interface TableOptions {
  readonly format: TableFormat;
  /** Every hidden neuron too (not in the `test` format, which lists ports only). */
  readonly hidden?: boolean;
  /** Buses split into one column per bit, instead of one number each. */
  readonly bits?: boolean;
  /** How bus values are written (not in JSON, which holds numbers). */
  readonly radix?: Radix;
}

/** Whether the table shows a bus as a number: it then takes the slower, per-row writer. */
export function hasBusColumns(circuit: CompiledCircuit, options: TableOptions): boolean {
  const layout = tableLayout(circuit, { bits: options.bits === true });
  return [...layout.inputs, ...layout.outputs].some(isBus);
}

/** The fixed-width shape of a table of single bits (buses split into bits). */
export function tableShape(circuit: CompiledCircuit, options: TableOptions): TableShape {
  const layout = tableLayout(circuit, { hidden: options.hidden && options.format !== 'test', bits: true }) as BitLayout;
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
    buffer = buffers[turn]!;
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

export async function writeTable(engine: Engine, options: TableOptions, sink: Sink): Promise<void> {
  if (hasBusColumns(engine.circuit, options)) {
    const layout = tableLayout(engine.circuit, { hidden: options.hidden && options.format !== 'test', bits: false });
    await writeValueTable(engine, layout, options, sink);
    return;
  }
  const shape = tableShape(engine.circuit, options);
  await sink(shape.header);
  // Two buffers in turn: one is filled while the sink still holds the other.
  const size = Math.max(CHUNK_BYTES, 32 * shape.template.length);
  await formatRange(engine, shape, { from: 0, to: rowCount(engine.circuit) }, [new Uint8Array(size), new Uint8Array(size)], sink);
  await sink(shape.footer);
}

/** A layout whose every column is one bit: what the template writer handles. */
interface BitLayout {
  readonly inputs: readonly Column[];
  readonly hidden: readonly (readonly Column[])[];
  readonly outputs: readonly Column[];
}

type ShapeMaker = (layout: BitLayout, name: string) => RowShape;

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

/** A column title in the aligned formats (text, md) is at most this long. */
export const MAX_TITLE_CHARS = 64;

/**
 * A column's title where columns are aligned: a longer name keeps its start and end around
 * "...", so that a name of thousands of characters does not pad every row to its width (CSV,
 * JSON and test blocks keep the whole name).
 */
export function columnTitle(name: string): string {
  return name.length <= MAX_TITLE_CHARS ? name : `${name.slice(0, 30)}...${name.slice(-(MAX_TITLE_CHARS - 33))}`;
}

/** The column groups, leaving out an empty one (a part with no inputs). */
const groupsOf = <C extends AnyColumn>(layout: { inputs: readonly C[]; hidden: readonly (readonly Column[])[]; outputs: readonly C[] }) =>
  [layout.inputs, ...layout.hidden, layout.outputs].filter((g) => g.length > 0) as (readonly (C | Column)[])[];

/** Names are ASCII (the grammar says so), so string length is byte length here. */
const text: ShapeMaker = (layout) => {
  const groups = groupsOf(layout);
  const header = groups.map((g) => g.map((c) => columnTitle(c.name)).join(' ')).join(' | ');
  const cells: (string | Column)[] = [];
  groups.forEach((g, gi) => {
    if (gi > 0) cells.push(' | ');
    g.forEach((c, ci) => {
      if (ci > 0) cells.push(' ');
      cells.push(' '.repeat(Math.max(0, columnTitle(c.name).length - 1)), c);
    });
  });
  const row = build(cells);
  return { header: header + '\n', ...row, template: row.template + '\n', separator: '', footer: '' };
};

const md: ShapeMaker = (layout) => {
  const columns = groupsOf(layout).flat();
  const titles = columns.map((c) => columnTitle(c.name));
  const header = `| ${titles.join(' | ')} |\n|${titles.map((t) => '-'.repeat(t.length + 1) + ':').join('|')}|\n`;
  const cells: (string | Column)[] = ['|'];
  columns.forEach((c, k) => cells.push(' '.repeat(titles[k]!.length), c, ' |'));
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

// ---------------------------------------------------------------------------------------------
// Tables with buses: one column per bus holding its number. Rows differ in length (decimal
// numbers do), so each row is formatted as text and encoded into the chunk.

/** The most characters a column's values take. */
function valueWidth(c: AnyColumn, radix: Radix): number {
  if (!isBus(c)) return 1;
  return formatValue((1n << BigInt(c.width)) - 1n, c.width, radix).length;
}

async function writeValueTable(engine: Engine, layout: TableLayout, options: TableOptions, sink: Sink): Promise<void> {
  const { format } = options;
  const radix: Radix = format === 'json' ? 'dec' : (options.radix ?? 'dec');
  const name = engine.circuit.netlist.name;
  const groups = groupsOf(layout);
  const columns = groups.flat();
  const titles = columns.map((c) => columnTitle(c.name));
  const widths = columns.map((c, k) => Math.max(format === 'text' || format === 'md' ? titles[k]!.length : 0, valueWidth(c, radix)));
  const cell = (c: AnyColumn, v: number | bigint): string => (isBus(c) ? formatValue(BigInt(v), c.width, radix) : String(v));
  const pad = (text: string, k: number) => text.padStart(widths[k]!);
  let header: string;
  let footer = '';
  let row: (values: (number | bigint)[]) => string;
  switch (format) {
    case 'text': {
      let k = 0;
      const bounds = groups.map((g) => [k, (k += g.length)] as const);
      header = groups.map((g, gi) => g.map((_, ci) => titles[bounds[gi]![0] + ci]!.padStart(widths[bounds[gi]![0] + ci]!)).join(' ')).join(' | ') + '\n';
      row = (values) => bounds.map(([from, to]) => values.slice(from, to).map((v, i) => pad(cell(columns[from + i]!, v), from + i)).join(' ')).join(' | ') + '\n';
      break;
    }
    case 'md':
      header = `| ${titles.map((t, k) => t.padStart(widths[k]!)).join(' | ')} |\n|${columns.map((_, k) => '-'.repeat(widths[k]! + 1) + ':').join('|')}|\n`;
      row = (values) => `| ${values.map((v, k) => pad(cell(columns[k]!, v), k)).join(' | ')} |\n`;
      break;
    case 'csv':
      header = columns.map((c) => csvName(c.name)).join(',') + '\n';
      row = (values) => values.map((v, k) => cell(columns[k]!, v)).join(',') + '\n';
      break;
    case 'json': {
      const names = (cs: readonly AnyColumn[]) => JSON.stringify(cs.map((c) => c.name));
      header = `{"circuit":${JSON.stringify(name)},"inputs":${names(layout.inputs)},"hidden":${names(layout.hidden.flat())},"outputs":${names(layout.outputs)},"rows":[\n`;
      // Numbers a double holds exactly are JSON numbers; wider ones are strings of digits.
      row = (values) => `[${values.map((v) => (typeof v === 'bigint' ? `"${v}"` : String(v))).join(',')}]`;
      footer = '\n]}\n';
      break;
    }
    case 'test': {
      const ins = layout.inputs.length;
      const line = (texts: string[]) => `  ${texts.slice(0, ins).join(' ')} -> ${texts.slice(ins).join(' ')}`.replace(/^ {2} -> /, '  -> ');
      const w = columns.map((c, k) => Math.max(c.name.length, widths[k]!));
      header = `test ${name} {\n${line(columns.map((c, k) => c.name.padStart(w[k]!)))}\n`;
      row = (values) => line(values.map((v, k) => cell(columns[k]!, v).padStart(w[k]!))) + '\n';
      footer = '}\n';
      break;
    }
  }
  const encoder = new TextEncoder();
  await sink(encoder.encode(header));
  const circuit = engine.circuit;
  const block = newBlock(circuit);
  const total = rowCount(circuit);
  let text = '';
  for (let first = 0; first < total; first += block.capacity) {
    setExhaustive(circuit, block, first);
    engine.run(block);
    for (let r = 0; r < block.rows; r++) {
      if (format === 'json' && first + r > 0) text += ',\n';
      text += row(columns.map((c) => columnValue(block, c, r)));
      if (text.length >= CHUNK_BYTES) {
        await sink(encoder.encode(text));
        text = '';
      }
    }
  }
  if (text !== '') await sink(encoder.encode(text));
  await sink(encoder.encode(footer));
}
