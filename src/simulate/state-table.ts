// The state table of a circuit with memory: for every current state and every input, the
// outputs and the next state, which makes a sequential circuit checkable row by row like a
// combinational one. The state is what the circuit remembers between ticks: its registers and
// the neurons on its loops (a latch's neurons, holding the values they settled to). A row sets
// the state and the inputs, settles (without the start-up rule: the state is given), and reads
// the outputs and what the state becomes: a register its input, a loop's neuron what it
// settled to. A row whose loops do not settle shows `~` after its inputs.

import type { Radix } from '../evaluate/ports.js';
import { formatValue } from '../evaluate/ports.js';
import { columnTitle } from '../evaluate/table-format.js';
import { CONSTANT_SIGNALS, registerSignal, type Machine } from './machine.js';
import { stateColumns } from './sequence.js';
import { Simulation } from './simulation.js';
import { columnValue, traceLayout, type TraceColumn, type TraceLayoutOptions } from './trace.js';

/** Receives the table in pieces; a returned promise is awaited before more is written. */
export type StringSink = (text: string) => void | Promise<void>;

export const STATE_TABLE_FORMATS = ['text', 'md', 'csv', 'json'] as const;
export type StateTableFormat = (typeof STATE_TABLE_FORMATS)[number];

export interface StateTableLayout {
  readonly state: readonly TraceColumn[];
  readonly inputs: readonly TraceColumn[];
  /** With `hidden`: the neurons off loops that drive no output. */
  readonly hidden: readonly TraceColumn[];
  /**
   * The outputs but those that are a state column (the same bits): an output that is a
   * register is its current state, one that is a loop's neuron its next state, shown already.
   */
  readonly outputs: readonly TraceColumn[];
  /** The state again, as it is after the tick: named `q'` for `q`. */
  readonly next: readonly TraceColumn[];
}

/** As for a trace: `hidden` adds the neurons off loops that drive no output, `bits` a column per bit. */
export type StateTableOptions = TraceLayoutOptions;

export function stateTableLayout(m: Machine, options: StateTableOptions = {}): StateTableLayout {
  const state = stateColumns(m, options.bits === true);
  const ports = traceLayout(m, { bits: options.bits === true });
  const stateSignals = new Set(state.flatMap((c) => c.signals));
  const hidden = options.hidden
    ? traceLayout(m, { hidden: true, bits: options.bits === true }).hidden.filter((c) => !c.signals.some((s) => stateSignals.has(s)))
    : [];
  const same = (a: TraceColumn, b: TraceColumn) => a.signals.length === b.signals.length && a.signals.every((s, i) => s === b.signals[i]);
  const outputs = ports.outputs.filter((c) => !state.some((st) => same(st, c)));
  // The next state of a register is its input's value; of a loop's neuron, its own after settling.
  const next = state.map((c) => ({ ...c, name: `${c.name}'`, short: `${c.short}'`, signals: c.signals.map((s) => nextSignal(m, s)) }));
  return { state, inputs: ports.inputs, hidden, outputs, next };
}

/** Where the next value of state signal `s` is read after settling. */
function nextSignal(m: Machine, s: number): number {
  const r = s - registerSignal(m, 0);
  return r >= 0 && r < m.registerCount ? m.registerInputs[r]! : s;
}

/** Rows: every state and input combination, 2^(state bits + input bits). */
export function stateTableRows(layout: StateTableLayout): number {
  return 2 ** [...layout.state, ...layout.inputs].reduce((n, c) => n + c.signals.length, 0);
}

/**
 * Writes the state table, rows in binary counting order over the state columns then the
 * inputs (the first column most significant, each bus from its top bit down).
 */
export async function writeStateTable(m: Machine, options: StateTableOptions & { format: StateTableFormat; radix?: Radix }, sink: StringSink): Promise<void> {
  const layout = stateTableLayout(m, options);
  const { format } = options;
  const radix: Radix = format === 'json' ? 'dec' : (options.radix ?? 'dec');
  const groups = [layout.state, layout.inputs, layout.hidden, layout.outputs, layout.next];
  const columns = groups.flat();
  const given = [...layout.state, ...layout.inputs];
  // The row number's bits, most significant first: each given column from its top bit down.
  const counted = given.flatMap((c) => [...c.signals].reverse());
  const maxText = (c: TraceColumn) => (c.width === null ? 1 : formatValue((1n << BigInt(c.width)) - 1n, c.width, radix).length);
  const widths = columns.map((c) => Math.max(format === 'text' || format === 'md' ? columnTitle(c.name).length : 0, maxText(c)));
  const cell = (c: TraceColumn, x: number | bigint | undefined) => (x === undefined ? '~' : c.width === null ? String(x) : formatValue(BigInt(x), c.width, radix));
  let header: string;
  let line: (values: (number | bigint | undefined)[]) => string;
  let footer = '';
  let separator = '';
  switch (format) {
    case 'text': {
      const bounds: [number, number][] = [];
      for (const g of groups) {
        const from = bounds.length > 0 ? bounds[bounds.length - 1]![1] : 0;
        bounds.push([from, from + g.length]);
      }
      const join = (texts: string[]) => bounds.filter(([a, b]) => b > a).map(([a, b]) => texts.slice(a, b).join(' ')).join(' | ');
      header = `${join(columns.map((c, i) => columnTitle(c.name).padStart(widths[i]!)))}\n`;
      line = (values) => `${join(values.map((x, i) => cell(columns[i]!, x).padStart(widths[i]!)))}\n`;
      break;
    }
    case 'md':
      header = `| ${columns.map((c, i) => columnTitle(c.name).padStart(widths[i]!)).join(' | ')} |\n|${columns.map((_, i) => '-'.repeat(widths[i]! + 1) + ':').join('|')}|\n`;
      line = (values) => `| ${values.map((x, i) => cell(columns[i]!, x).padStart(widths[i]!)).join(' | ')} |\n`;
      break;
    case 'csv': {
      const csvName = (name: string) => (/[",\n']/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
      header = `${columns.map((c) => csvName(c.name)).join(',')}\n`;
      line = (values) => `${values.map((x, i) => cell(columns[i]!, x)).join(',')}\n`;
      break;
    }
    case 'json': {
      const names = (cs: readonly TraceColumn[]) => JSON.stringify(cs.map((c) => c.name));
      header = `{"circuit":${JSON.stringify(m.netlist.name)},"state":${names(layout.state)},"inputs":${names(layout.inputs)},"hidden":${names(layout.hidden)},"outputs":${names(layout.outputs)},"next":${names(layout.next)},"rows":[\n`;
      // null where the row does not settle; numbers beyond doubles as strings of digits.
      line = (values) => `[${values.map((x) => (x === undefined ? 'null' : typeof x === 'bigint' ? `"${x}"` : String(x))).join(',')}]`;
      separator = ',\n';
      footer = '\n]}\n';
      break;
    }
  }
  const sim = new Simulation(m);
  const v = sim.values;
  const total = stateTableRows(layout);
  const firstSettled = layout.state.length + layout.inputs.length;
  const inputs = v.subarray(CONSTANT_SIGNALS, CONSTANT_SIGNALS + m.inputCount);
  let text = header;
  for (let row = 0; row < total; row++) {
    sim.reset();
    for (let i = 0; i < counted.length; i++) v[counted[i]!] = Math.floor(row / 2 ** (counted.length - 1 - i)) % 2;
    // The given state is read before settling: a loop's neurons move when it settles.
    const values: (number | bigint | undefined)[] = given.map((c) => columnValue(c, v));
    const failed = sim.settle(inputs, false);
    for (let i = firstSettled; i < columns.length; i++) values.push(failed ? undefined : columnValue(columns[i]!, v));
    if (row > 0) text += separator;
    text += line(values);
    if (text.length >= 1 << 16) {
      await sink(text);
      text = '';
    }
  }
  await sink(text + footer);
}
