// Truth tables: every input combination in binary counting order, first input most significant.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { thousands } from '../diagnostics/words.js';
import { hiddenNeurons } from '../elaborate/netlist.js';
import type { Netlist } from '../elaborate/netlist.js';
import { inputSignal, neuronSignal, type CompiledCircuit } from './compile.js';
import { rowCount, sweep, type Block, type Engine } from './engine.js';

/** Tables longer than this are refused unless the caller raises the limit (`--max-rows`). */
export const DEFAULT_MAX_ROWS = 2 ** 20;

export interface Column {
  readonly name: string;
  /** The signal the column shows (see CompiledCircuit). */
  readonly signal: number;
}

/** A bus shown as one column holding a number: its bits' signals, bit 0 first. */
export interface BusColumn {
  readonly name: string;
  readonly signals: readonly number[];
  readonly width: number;
}

export type AnyColumn = Column | BusColumn;

export const isBus = (c: AnyColumn): c is BusColumn => 'signals' in c;

/** The columns of a table: inputs, hidden neurons grouped by layer (shallowest first), outputs. */
export interface TableLayout {
  readonly inputs: readonly AnyColumn[];
  readonly hidden: readonly (readonly Column[])[];
  readonly outputs: readonly AnyColumn[];
}

export interface LayoutOptions {
  /** Every hidden neuron too, grouped by layer. */
  readonly hidden?: boolean;
  /** Every bit of a bus a column of its own (`a[3]` … `a[0]`), instead of one number. */
  readonly bits?: boolean;
}

/** Columns of ports: a bus as one number column unless `bits`, a single bit as its own. */
function portColumns(ports: Netlist['inputPorts'], signalAt: (position: number) => number, names: readonly string[], bits: boolean): AnyColumn[] {
  const columns: AnyColumn[] = [];
  for (const p of ports) {
    if (p.width === null || bits) {
      // Reading order: the bus's most significant bit first.
      for (let i = p.bits.length - 1; i >= 0; i--) columns.push({ name: names[p.bits[i]!]!, signal: signalAt(p.bits[i]!) });
    } else {
      columns.push({ name: p.name, signals: p.bits.map(signalAt), width: p.width });
    }
  }
  return columns;
}

export function tableLayout(c: CompiledCircuit, options: LayoutOptions = {}): TableLayout {
  const { netlist } = c;
  const bits = options.bits === true;
  const inputs = portColumns(netlist.inputPorts, (i) => inputSignal(i), netlist.inputs, bits);
  const outputs = portColumns(netlist.outputPorts, (i) => c.outputSignals[i]!, netlist.outputs.map((o) => o.name), bits);
  const hidden: Column[][] = [];
  if (options.hidden) {
    const byLayer = new Map<number, Column[]>();
    for (const k of hiddenNeurons(netlist)) {
      const n = netlist.neurons[k]!;
      if (!byLayer.has(n.layer)) byLayer.set(n.layer, []);
      byLayer.get(n.layer)!.push({ name: n.name, signal: neuronSignal(c, k) });
    }
    for (const layer of [...byLayer.keys()].sort((a, b) => a - b)) hidden.push(byLayer.get(layer)!);
  }
  return { inputs, hidden, outputs };
}

/** A diagnostic when the table would be longer than `maxRows`, else undefined. */
export function checkRowLimit(c: CompiledCircuit, maxRows: number = DEFAULT_MAX_ROWS): Diagnostic | undefined {
  const n = c.inputCount;
  const rows = rowCount(c);
  if (rows <= maxRows) return undefined;
  // Past 2^53 a count is no longer exact, and past 2^1023 it is Infinity: say 2^n instead.
  const exact = rows <= Number.MAX_SAFE_INTEGER;
  const count = exact ? thousands(rows) : `2^${n}`;
  const raise = exact ? `raise the limit with --max-rows ${rows}, or check` : 'no table that long can be printed; check';
  return error('table-too-large', `${c.netlist.name} has ${n} inputs, so its truth table has ${count} rows, more than the limit of ${thousands(maxRows)}`, undefined, {
    hint: `${raise} chosen rows with nn eval or a test block`,
  });
}


export interface TableRow {
  /** One value per column: a bit, or (with `bits: false`) a bus's number. */
  readonly inputs: number[];
  readonly hidden: number[];
  readonly outputs: number[];
}

/** A column's value on row `r` of a block: its bit, or the number its bits make. */
export function columnValue(block: Block, c: AnyColumn, r: number): number | bigint {
  if (!isBus(c)) return block.bit(c.signal, r);
  if (c.width <= 52) {
    let v = 0;
    for (let i = c.width - 1; i >= 0; i--) v = v * 2 + block.bit(c.signals[i]!, r);
    return v;
  }
  let v = 0n;
  for (let i = c.width - 1; i >= 0; i--) v = (v << 1n) | BigInt(block.bit(c.signals[i]!, r));
  return v;
}

/**
 * The table as plain rows: convenient from code; the CLI streams with writeTable instead.
 * By default one column per bit, as the engines see them; `bits: false` gives buses as numbers.
 */
export function truthTable(engine: Engine, options: LayoutOptions = {}): TableRow[] {
  const layout = tableLayout(engine.circuit, { bits: true, ...options });
  const wide = [...layout.inputs, ...layout.outputs].find((c) => isBus(c) && c.width > 52);
  if (wide) throw new RangeError(`${wide.name} is wider than 52 bits: ask for its bits (bits: true)`);
  const inputs = layout.inputs.map(reader);
  const hidden = layout.hidden.flat().map(reader);
  const outputs = layout.outputs.map(reader);
  const rows: TableRow[] = [];
  sweep(engine, { from: 0, to: rowCount(engine.circuit) }, (block) => {
    for (let r = 0; r < block.rows; r++) {
      rows.push({ inputs: readAll(inputs, block, r), hidden: readAll(hidden, block, r), outputs: readAll(outputs, block, r) });
    }
  });
  return rows;
}

/** How a column is read from a block: a bit's signal, or a bus's signals (bit 0 first, at most 52). */
type Reader = number | readonly number[];

const reader = (c: AnyColumn): Reader => (isBus(c) ? c.signals : c.signal);

/** The values of `columns` on row `r` of a block, as columnValue gives them (a table of 2^20 rows reads them 2^20 times). */
function readAll(columns: readonly Reader[], block: Block, r: number): number[] {
  const out = new Array<number>(columns.length);
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k]!;
    if (typeof c === 'number') {
      out[k] = block.bit(c, r);
      continue;
    }
    let v = 0;
    for (let i = c.length - 1; i >= 0; i--) v = v * 2 + block.bit(c[i]!, r);
    out[k] = v;
  }
  return out;
}
