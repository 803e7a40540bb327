// What a run over time shows: its columns (ports, and with `hidden` every register and neuron
// that drives no output) and their values tick by tick, written as text, CSV or JSON as the
// ticks come, so a run of a million ticks never sits in memory.

import type { Bit } from '../check/model.js';
import { hiddenNeurons, registersOf, type Scope } from '../elaborate/netlist.js';
import { formatValue, type Radix } from '../evaluate/ports.js';
import { columnTitle } from '../evaluate/table-format.js';
import { inputSignal, neuronSignal, registerSignal, type Machine } from './machine.js';
import type { Oscillation } from './settle.js';
import { Simulation, type SimulationOptions } from './simulation.js';

export interface TraceColumn {
  /** As a table shows it: a port's name, or a hierarchical name (`HalfAdder#1.sum.h1`). */
  readonly name: string;
  /** The instances around a register or neuron, outermost first (none for ports). */
  readonly scopes: readonly Scope[];
  /** The name within the innermost scope. */
  readonly short: string;
  /** The signals of its bits, bit 0 first. */
  readonly signals: readonly number[];
  /** null for a single bit. */
  readonly width: number | null;
}

export interface TraceLayout {
  readonly inputs: readonly TraceColumn[];
  /** Registers (a delay over a bus as one column) and neurons that drive no output. */
  readonly hidden: readonly TraceColumn[];
  readonly outputs: readonly TraceColumn[];
}

export interface TraceLayoutOptions {
  readonly hidden?: boolean;
  /** A column for every bit of a bus, instead of one number. */
  readonly bits?: boolean;
}

/** A port's columns: a bus as one, or (with `bits`) one per bit, most significant first. */
function portColumns(ports: Machine['netlist']['inputPorts'], signalAt: (position: number) => number, names: readonly string[], bits: boolean): TraceColumn[] {
  const columns: TraceColumn[] = [];
  for (const p of ports) {
    if (p.width !== null && !bits) {
      columns.push({ name: p.name, scopes: [], short: p.name, signals: p.bits.map(signalAt), width: p.width });
      continue;
    }
    for (let i = p.bits.length - 1; i >= 0; i--) {
      const name = names[p.bits[i]!]!;
      columns.push({ name, scopes: [], short: name, signals: [signalAt(p.bits[i]!)], width: null });
    }
  }
  return columns;
}

export function traceLayout(m: Machine, options: TraceLayoutOptions = {}): TraceLayout {
  const { netlist } = m;
  const bits = options.bits === true;
  const inputs = portColumns(netlist.inputPorts, (i) => inputSignal(i), netlist.inputs, bits);
  const outputs = portColumns(netlist.outputPorts, (i) => m.outputSignals[i]!, netlist.outputs.map((o) => o.name), bits);
  if (!options.hidden) return { inputs, hidden: [], outputs };
  // A register that is an output is shown there; a bus of registers stays whole unless every
  // bit of it is.
  const shown = new Set(m.outputSignals);
  const registers = registersOf(netlist).map((r, i) => ({ name: r.name, scopes: r.scopes, signal: registerSignal(m, i) }));
  const hidden = [
    ...groupBuses(registers, bits).filter((c) => !c.signals.every((sig) => shown.has(sig))),
    ...hiddenNeurons(netlist).map((k) => {
      const n = netlist.neurons[k]!;
      return { name: n.name, ...placeOf(n.name, n.scopes), signals: [neuronSignal(m, k)], width: null };
    }),
  ];
  return { inputs, hidden, outputs };
}

/**
 * Where a neuron or register sits among the instances, and its name there: `Counter#1.q[2]`
 * within [Counter#1] is `q[2]`. One named after
 * its instance's wire (`sum`, the XOR instance `sum`'s output) sits beside that instance.
 */
export function placeOf(name: string, scopes: readonly Scope[]): { scopes: readonly Scope[]; short: string } {
  const prefix = scopes.map((s) => s.label).join('.');
  if (prefix !== '' && name === prefix) return { scopes: scopes.slice(0, -1), short: scopes[scopes.length - 1]!.label };
  return { scopes, short: prefix !== '' && name.startsWith(`${prefix}.`) ? name.slice(prefix.length + 1) : name };
}

/**
 * Registers as columns: the bits `q[0]` … `q[n-1]` of one delay (or of delays written bit
 * by bit) as one bus column `q`, each other register on its own.
 */
export function groupBuses(registers: readonly { name: string; scopes: readonly Scope[]; signal: number }[], bits: boolean): TraceColumn[] {
  const groups = new Map<string, { name: string; scopes: readonly Scope[]; at: Map<number, number>; single?: number }>();
  for (const r of registers) {
    const m = /^(.*)\[(\d+)\]$/.exec(r.name);
    const key = m && !bits ? `bus ${m[1]}` : `bit ${r.name}`;
    let g = groups.get(key);
    if (!g) {
      g = { name: m && !bits ? m[1]! : r.name, scopes: r.scopes, at: new Map() };
      groups.set(key, g);
    }
    if (m && !bits) g.at.set(Number(m[2]), r.signal);
    else g.single = r.signal;
  }
  const columns: TraceColumn[] = [];
  for (const g of groups.values()) {
    const width = g.at.size;
    const whole = g.single === undefined && width > 0 && [...g.at.keys()].every((i) => i < width);
    if (whole) {
      columns.push({ name: g.name, ...placeOf(g.name, g.scopes), signals: Array.from({ length: width }, (_, i) => g.at.get(i)!), width });
      continue;
    }
    const singles = [...(g.single === undefined ? [] : [[-1, g.single] as const]), ...[...g.at].sort((a, b) => a[0] - b[0])];
    for (const [i, signal] of singles) {
      const name = i < 0 ? g.name : `${g.name}[${i}]`;
      columns.push({ name, ...placeOf(name, g.scopes), signals: [signal], width: null });
    }
  }
  return columns;
}

/** A column's value in `v`: a bit, or the number its bits make (a bigint beyond 52 bits). */
export function columnValue(c: TraceColumn, v: Uint8Array): number | bigint {
  if (c.width === null) return v[c.signals[0]!]!;
  if (c.width <= 52) {
    let n = 0;
    for (let i = c.width - 1; i >= 0; i--) n = n * 2 + v[c.signals[i]!]!;
    return n;
  }
  let n = 0n;
  for (let i = c.width - 1; i >= 0; i--) n = (n << 1n) | BigInt(v[c.signals[i]!]!);
  return n;
}

/** Sees each tick once the circuit has settled; a returned promise is awaited (output flushing). */
export type TickVisitor = (tick: number, values: Uint8Array) => void | Promise<void>;

export interface RunResult {
  /** Ticks that settled (and were visited). */
  readonly ticks: number;
  readonly oscillation?: Oscillation;
}

/**
 * Runs `machine` for `ticks` ticks from the start-up state: tick t takes `stimulus[t]` (the
 * last row again once the stimulus ends; no inputs at all for a part without any). Stops at
 * an oscillation, which is returned; the tick it happens in is not visited.
 */
export async function runTicks(
  machine: Machine,
  stimulus: readonly (readonly Bit[])[],
  ticks: number,
  visit: TickVisitor,
  options: SimulationOptions = {},
): Promise<RunResult> {
  const sim = new Simulation(machine, options);
  const none: Bit[] = [];
  for (let t = 0; t < ticks; t++) {
    const row = stimulus.length === 0 ? none : stimulus[Math.min(t, stimulus.length - 1)]!;
    const oscillation = sim.settle(row);
    if (oscillation) return { ticks: t, oscillation };
    const pending = visit(t, sim.values);
    if (pending) await pending;
    sim.advance();
  }
  return { ticks };
}

export const TRACE_FORMATS = ['text', 'csv', 'json'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Receives the output in pieces (UTF-8); a returned promise is awaited before more is written. */
export type TextSink = (chunk: Uint8Array) => void | Promise<void>;

const CHUNK = 1 << 16;
/** Past this many columns (thousands of hidden neurons) a generated row would be huge. */
const MAX_GENERATED_COLUMNS = 5000;

/**
 * A writer of the trace in `format`: `row` per tick (it buffers, and returns a promise when
 * it hands a chunk to the sink), then `end`.
 */
export function traceWriter(
  layout: TraceLayout,
  options: {
    format: TraceFormat;
    radix?: Radix;
    name: string;
    lastTick: number;
    /** Most columns a row is written by generated code for (past it, a loop: the same text). */
    generatedColumns?: number;
  },
  sink: TextSink,
): { row: TickVisitor; end: () => Promise<void> } {
  const columns = [...layout.inputs, ...layout.hidden, ...layout.outputs];
  const radix: Radix = options.format === 'json' ? 'dec' : (options.radix ?? 'dec');
  // Each row is one generated expression over the signal values: literals between cells, a
  // bit or a sum of bits per cell, a call for the forms plain arithmetic cannot write.
  const cell = (k: number, v: Uint8Array): string => {
    const c = columns[k]!;
    const x = columnValue(c, v);
    if (options.format === 'json') return typeof x === 'bigint' ? `"${x}"` : String(x);
    return c.width === null ? String(x) : formatValue(BigInt(x), c.width, radix);
  };
  const expression = (k: number): string => {
    const c = columns[k]!;
    if (c.width === null) return `v[${c.signals[0]}]`;
    if (c.width > 52 || radix !== 'dec') return `cell(${k}, v)`;
    return `(${c.signals.map((sig, i) => (i === 0 ? `v[${sig}]` : `v[${sig}] * ${2 ** i}`)).join(' + ')})`;
  };
  const parts: string[] = [];
  let header: string;
  let footer = '';
  // Text: every cell right-aligned to its column, groups (inputs | hidden | outputs) apart.
  const tickWidth = Math.max(4, String(options.lastTick).length);
  const widths = columns.map((c) => Math.max(columnTitle(c.name).length, c.width === null ? 1 : formatValue((1n << BigInt(c.width)) - 1n, c.width, radix).length));
  const starts = new Set<number>();
  let from = 0;
  for (const n of [layout.inputs.length, layout.hidden.length, layout.outputs.length]) {
    if (n > 0) starts.add(from);
    from += n;
  }
  if (options.format === 'text') {
    header = 'tick'.padStart(tickWidth);
    parts.push(`String(t).padStart(${tickWidth})`);
    columns.forEach((c, k) => {
      const gap = starts.has(k) ? ' | ' : ' ';
      header += gap + columnTitle(c.name).padStart(widths[k]!);
      parts.push(JSON.stringify(gap), c.width === null ? `${JSON.stringify(' '.repeat(widths[k]! - 1))} + v[${c.signals[0]}]` : `String(${expression(k)}).padStart(${widths[k]})`);
    });
    header += '\n';
  } else if (options.format === 'csv') {
    const csvName = (name: string) => (/[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name);
    header = `${['tick', ...columns.map((c) => csvName(c.name))].join(',')}\n`;
    parts.push('t');
    columns.forEach((_, k) => parts.push("','", expression(k)));
  } else {
    const names = (cs: readonly TraceColumn[]) => JSON.stringify(cs.map((c) => c.name));
    header = `{"circuit":${JSON.stringify(options.name)},"inputs":${names(layout.inputs)},"hidden":${names(layout.hidden)},"outputs":${names(layout.outputs)},"ticks":[`;
    // Numbers a double holds exactly are JSON numbers; wider ones are strings of digits.
    parts.push(`(t === 0 ? '\\n[' : ',\\n[')`);
    columns.forEach((_, k) => parts.push(...(k > 0 ? ["','"] : []), expression(k)));
    parts.push("']'");
    footer = '\n]}\n';
  }
  if (options.format !== 'json') parts.push("'\\n'");
  const line = columns.length > (options.generatedColumns ?? MAX_GENERATED_COLUMNS)
    ? (t: number, v: Uint8Array) => lineByLoop(t, v)
    : (new Function('cell', `"use strict";\nreturn function (t, v) { return '' + ${parts.join(' + ')}; };`) as (c: typeof cell) => (t: number, v: Uint8Array) => string)(cell);
  // For very wide traces (thousands of hidden neurons) the generated expression would be huge.
  function lineByLoop(t: number, v: Uint8Array): string {
    const cells = columns.map((_, k) => cell(k, v));
    if (options.format === 'csv') return `${t},${cells.join(',')}\n`;
    if (options.format === 'json') return `${t === 0 ? '\n' : ',\n'}[${cells.join(',')}]`;
    return `${String(t).padStart(tickWidth)}${cells.map((x, k) => `${starts.has(k) ? ' | ' : ' '}${x.padStart(widths[k]!)}`).join('')}\n`;
  }
  // Lines are gathered briefly as a string, then encoded into one buffer that is handed on
  // when full: a million ticks make no million-line string, and no garbage to match.
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(CHUNK);
  let used = 0;
  let text = header;
  const pack = (): undefined | Promise<unknown> => {
    const waits: Promise<void>[] = [];
    let rest = text;
    text = '';
    while (rest !== '') {
      const { read, written } = encoder.encodeInto(rest, buffer.subarray(used));
      used += written;
      rest = rest.slice(read);
      if (rest !== '' || used > CHUNK - 4096) {
        const p = sink(buffer.slice(0, used));
        used = 0;
        if (p) waits.push(p);
      }
    }
    return waits.length === 0 ? undefined : Promise.all(waits);
  };
  return {
    row: (t, v) => {
      text += line(t, v);
      return text.length < 4096 ? undefined : (pack() as Promise<void> | undefined);
    },
    end: async () => {
      text += footer;
      await pack();
      if (used > 0) await sink(buffer.slice(0, used));
      used = 0;
    },
  };
}
