// Truth tables: every input combination in binary counting order, first input most significant.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hiddenNeurons } from '../elaborate/netlist.js';
import { inputSignal, neuronSignal, type CompiledCircuit } from './compile.js';
import { rowCount, sweep, type Engine } from './engine.js';

/** Tables longer than this are refused unless the caller raises the limit (`--max-rows`). */
export const DEFAULT_MAX_ROWS = 2 ** 20;

export interface Column {
  readonly name: string;
  /** The signal the column shows (see CompiledCircuit). */
  readonly signal: number;
}

/** The columns of a table: inputs, hidden neurons grouped by layer (shallowest first), outputs. */
export interface TableLayout {
  readonly inputs: readonly Column[];
  readonly hidden: readonly (readonly Column[])[];
  readonly outputs: readonly Column[];
}

export function tableLayout(c: CompiledCircuit, options: { hidden?: boolean } = {}): TableLayout {
  const { netlist } = c;
  const inputs = netlist.inputs.map((name, i) => ({ name, signal: inputSignal(i) }));
  const outputs = netlist.outputs.map((o, i) => ({ name: o.name, signal: c.outputSignals[i]! }));
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
  const rows = rowCount(c);
  if (rows <= maxRows) return undefined;
  const n = c.inputCount;
  return error('table-too-large', `${c.netlist.name} has ${n} inputs, so its truth table has ${fmt(rows)} rows, more than the limit of ${fmt(maxRows)}`, undefined, {
    hint: `raise the limit with --max-rows ${fmt(rows).replace(/,/g, '')}, or check chosen rows with nn eval or a test block`,
  });
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export interface TableRow {
  readonly inputs: number[];
  readonly hidden: number[];
  readonly outputs: number[];
}

/** The table as plain rows: convenient from code; the CLI streams with writeTable instead. */
export function truthTable(engine: Engine, options: { hidden?: boolean } = {}): TableRow[] {
  const layout = tableLayout(engine.circuit, options);
  const hidden = layout.hidden.flat();
  const rows: TableRow[] = [];
  sweep(engine, { from: 0, to: rowCount(engine.circuit) }, (block) => {
    for (let r = 0; r < block.rows; r++) {
      rows.push({
        inputs: layout.inputs.map((c) => block.bit(c.signal, r)),
        hidden: hidden.map((c) => block.bit(c.signal, r)),
        outputs: layout.outputs.map((c) => block.bit(c.signal, r)),
      });
    }
  });
  return rows;
}
