// Truth tables: every input combination in binary counting order, first input most significant.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hiddenNeurons } from '../elaborate/netlist.js';
import type { CompiledCircuit } from './compile.js';
import { rowFunction, type RowFunction } from './codegen.js';
import { newBits } from './evaluate.js';

/** Tables longer than this are refused unless the caller raises the limit (`--max-rows`). */
export const DEFAULT_MAX_ROWS = 2 ** 20;

export interface Column {
  readonly name: string;
  /** The value slot the column shows (see CompiledCircuit). */
  readonly slot: number;
}

/** The columns of a table: inputs, hidden neurons grouped by layer (shallowest first), outputs. */
export interface TableLayout {
  readonly inputs: readonly Column[];
  readonly hidden: readonly (readonly Column[])[];
  readonly outputs: readonly Column[];
}

export function tableLayout(program: CompiledCircuit, options: { hidden?: boolean } = {}): TableLayout {
  const { netlist } = program;
  const inputs = netlist.inputs.map((name, i) => ({ name, slot: 2 + i }));
  const outputs = netlist.outputs.map((o, i) => ({ name: o.name, slot: program.outputSlots[i]! }));
  const hidden: Column[][] = [];
  if (options.hidden) {
    const byLayer = new Map<number, Column[]>();
    for (const k of hiddenNeurons(netlist)) {
      const n = netlist.neurons[k]!;
      if (!byLayer.has(n.layer)) byLayer.set(n.layer, []);
      byLayer.get(n.layer)!.push({ name: n.name, slot: program.firstNeuron + k });
    }
    for (const layer of [...byLayer.keys()].sort((a, b) => a - b)) hidden.push(byLayer.get(layer)!);
  }
  return { inputs, hidden, outputs };
}

export function rowCount(program: CompiledCircuit): number {
  return 2 ** program.inputCount;
}

/** A diagnostic when the table would be longer than `maxRows`, else undefined. */
export function checkRowLimit(program: CompiledCircuit, maxRows: number = DEFAULT_MAX_ROWS): Diagnostic | undefined {
  const n = program.inputCount;
  const rows = rowCount(program);
  if (rows <= maxRows) return undefined;
  // Past 2^53 a count is no longer exact, and past 2^1023 it is Infinity: say 2^n instead.
  const exact = rows <= Number.MAX_SAFE_INTEGER;
  const count = exact ? fmt(rows) : `2^${n}`;
  const raise = exact ? `raise the limit with --max-rows ${rows}, or check` : 'no table that long can be printed; check';
  return error('table-too-large', `${program.netlist.name} has ${n} inputs, so its truth table has ${count} rows, more than the limit of ${fmt(maxRows)}`, undefined, {
    hint: `${raise} chosen rows with nn eval or a test block`,
  });
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Walks the rows in counting order, one `next()` at a time, so a caller can stop between
 * rows (to wait for output to drain) and resume. `values` is reused for every row: read it
 * through the layout's slots and do not keep it.
 */
export class RowCursor {
  readonly values: Uint8Array;
  /** The index of the row in `values`; -1 before the first `next()`. */
  row = -1;
  private readonly rows: number;
  private readonly evaluate: RowFunction;

  constructor(private readonly program: CompiledCircuit) {
    this.values = newBits(program);
    this.rows = rowCount(program);
    this.evaluate = rowFunction(program);
  }

  next(): boolean {
    if (this.row + 1 >= this.rows) return false;
    const v = this.values;
    if (++this.row > 0) {
      // Binary increment of the input bits, the last input least significant.
      let i = 2 + this.program.inputCount - 1;
      while (v[i] === 1) v[i--] = 0;
      v[i] = 1;
    }
    this.evaluate(v);
    return true;
  }
}

export function forEachRow(program: CompiledCircuit, visit: (values: Uint8Array, row: number) => void): void {
  const cursor = new RowCursor(program);
  while (cursor.next()) visit(cursor.values, cursor.row);
}

export interface TableRow {
  readonly inputs: number[];
  readonly hidden: number[];
  readonly outputs: number[];
}

/** The table as plain rows: convenient from code; the CLI streams with writeTable instead. */
export function truthTable(program: CompiledCircuit, options: { hidden?: boolean } = {}): TableRow[] {
  const layout = tableLayout(program, options);
  const hidden = layout.hidden.flat();
  const rows: TableRow[] = [];
  forEachRow(program, (v) => {
    rows.push({
      inputs: layout.inputs.map((c) => v[c.slot]!),
      hidden: hidden.map((c) => v[c.slot]!),
      outputs: layout.outputs.map((c) => v[c.slot]!),
    });
  });
  return rows;
}
