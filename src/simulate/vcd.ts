// Value Change Dump (IEEE 1364-2005, section 18): the waveform file every viewer opens
// (GTKWave, Surfer, a Verilog simulator's own). The header declares each column as a `wire`
// of its width inside `$scope module` blocks (the instances around a register or neuron),
// then `#t` marks tick t and only the values that changed follow. Written as the ticks come.

import type { TickVisitor, TraceColumn, TraceLayout } from './trace.js';

export interface VcdOptions {
  /** The top scope's name: the circuit's. */
  readonly name: string;
  /** `$version`: the tool that wrote the file. */
  readonly version: string;
  /** `$date`, as text. */
  readonly date: string;
  /** Most bits of columns written by generated code (past it, a loop: the same bytes). */
  readonly generatedBits?: number;
}

const CHUNK = 1 << 16;

/** The identifier code of the k-th variable: printable ASCII from '!' to '~', base 94. */
export function vcdId(k: number): string {
  let id = '';
  let n = k;
  do {
    id += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return id;
}

/** A scope or variable name as one VCD token: no white space (and no `$`, which starts keywords). */
function token(name: string): string {
  const t = name.replace(/[\s$]+/g, '_');
  return t === '' ? '_' : t;
}

interface ScopeNode {
  readonly columns: { column: TraceColumn; id: string }[];
  readonly children: Map<string, ScopeNode>;
}

/**
 * Writes the trace as VCD: `row` per settled tick, `end(ticks)` after the last. One tick is
 * one unit of `$timescale` (1 ns: viewers want a unit; nn's ticks have no length).
 */
/**
 * Receives the file in chunks of bytes. The writer reuses a chunk's memory once the sink has
 * returned (or its promise has settled): a sink that keeps the bytes longer copies them.
 */
export type ByteSink = (chunk: Uint8Array) => void | Promise<void>;

export function vcdWriter(layout: TraceLayout, options: VcdOptions, sink: ByteSink): { row: TickVisitor; end: (ticks: number) => Promise<void> } {
  const columns = [...layout.inputs, ...layout.hidden, ...layout.outputs];
  const ids = columns.map((_, k) => vcdId(k));
  const root: ScopeNode = { columns: [], children: new Map() };
  columns.forEach((column, k) => {
    let node = root;
    for (const scope of column.scopes) {
      let child = node.children.get(scope.label);
      if (!child) {
        child = { columns: [], children: new Map() };
        node.children.set(scope.label, child);
      }
      node = child;
    }
    node.columns.push({ column, id: ids[k]! });
  });
  const lines = [
    '$date',
    `  ${options.date}`,
    '$end',
    '$version',
    `  ${options.version}`,
    '$end',
    '$timescale 1 ns $end',
  ];
  const declare = (node: ScopeNode, name: string) => {
    lines.push(`$scope module ${token(name)} $end`);
    for (const { column, id } of node.columns) lines.push(`$var wire ${column.width ?? 1} ${id} ${reference(column)} $end`);
    for (const [label, child] of node.children) declare(child, label);
    lines.push('$upscope $end');
  };
  declare(root, options.name);
  lines.push('$enddefinitions $end');
  const encoder = new TextEncoder();
  const changes = changeWriter(columns, ids, options.generatedBits ?? MAX_GENERATED_BITS);
  // Bytes go into one buffer, handed to the sink when nearly full; the sink's promise (if it
  // returns one) is awaited by the run before the next tick writes into the buffer again, so
  // the sink may keep the chunk until then.
  const buffer = new Uint8Array(CHUNK + changes.most + 32);
  let used = 0;
  const header = encoder.encode(`${lines.join('\n')}\n`);
  let pending: Uint8Array | undefined = header;
  const flush = () => {
    const chunk = buffer.subarray(0, used);
    used = 0;
    return sink(chunk);
  };
  return {
    row: (t, v) => {
      if (pending) {
        const first = pending;
        pending = undefined;
        const p = sink(first);
        used = changes.write(v, t, buffer, used);
        return p;
      }
      used = changes.write(v, t, buffer, used);
      return used >= CHUNK ? flush() : undefined;
    },
    end: async (ticks) => {
      if (pending) await sink(pending);
      pending = undefined;
      // The time the last tick ends, so viewers draw it as wide as the others.
      used = writeTime(buffer, used, ticks);
      await flush();
    },
  };
}

/** `#t\n` at `at`; returns where it ends. */
function writeTime(out: Uint8Array, at: number, t: number): number {
  let digits = 1;
  for (let x = t; x >= 10; x = Math.floor(x / 10)) digits++;
  out[at] = 35; // #
  let n = t;
  for (let i = digits; i >= 1; i--) {
    out[at + i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  out[at + digits + 1] = 10;
  return at + digits + 2;
}

/**
 * The value changes of one tick as generated code over the signal values: each column is
 * compared with what it was, and written (`1!`, `b0101 "`) only when it changed, after the
 * tick's time stamp; tick 0 writes every value inside `$dumpvars`. Returns the new end.
 */
function changeWriter(columns: readonly TraceColumn[], ids: readonly string[], generatedBits: number): { write: (v: Uint8Array, t: number, out: Uint8Array, at: number) => number; most: number } {
  const bits = columns.reduce((n, c) => n + c.signals.length, 0);
  if (bits > generatedBits) return changeLoop(columns, ids);
  const lines: string[] = [];
  const bytes = (text: string) => [...text].map((c) => `out[pos++] = ${c.charCodeAt(0)};`).join(' ');
  let slot = 0;
  let most = 16;
  columns.forEach((c, k) => {
    const signals = c.signals;
    const seen = signals.map((_, i) => slot + i);
    slot += signals.length;
    // Bit 0 is written last: VCD lists a vector from its most significant bit.
    const value = c.width === null
      ? `out[pos++] = 48 + v[${signals[0]}];`
      : `out[pos++] = 98; ${signals.map((_, i) => `out[pos++] = 48 + v[${signals[signals.length - 1 - i]}];`).join(' ')} out[pos++] = 32;`;
    most += (c.width ?? 1) + ids[k]!.length + 3;
    lines.push(
      `if (first || ${signals.map((sig, i) => `v[${sig}] !== last[${seen[i]}]`).join(' || ')}) {`,
      `  ${signals.map((sig, i) => `last[${seen[i]}] = v[${sig}];`).join(' ')}`,
      '  if (!stamped) { pos = time(out, pos, t); stamped = true; }',
      `  ${value} ${bytes(ids[k]!)} out[pos++] = 10;`,
      '}',
    );
  });
  const body = [
    '"use strict";',
    'return function (v, t, out, at) {',
    'let pos = at;',
    'const first = t === 0;',
    'let stamped = false;',
    `if (first) { pos = time(out, pos, 0); stamped = true; ${bytes('$dumpvars\n')} }`,
    ...lines,
    `if (first) { ${bytes('$end\n')} }`,
    'return pos;',
    '};',
  ].join('\n');
  const last = new Uint8Array(slot);
  const write = (new Function('last', 'time', body) as (l: Uint8Array, time: typeof writeTime) => (v: Uint8Array, t: number, out: Uint8Array, at: number) => number)(last, writeTime);
  return { write, most: most + 32 };
}

/** Beyond this many bits of columns the generated writer would be huge: a loop writes instead. */
const MAX_GENERATED_BITS = 20_000;

/** `changeWriter`'s work as a loop over the columns: the same bytes, for very wide traces. */
function changeLoop(columns: readonly TraceColumn[], ids: readonly string[]): { write: (v: Uint8Array, t: number, out: Uint8Array, at: number) => number; most: number } {
  const encoder = new TextEncoder();
  const idBytes = ids.map((id) => encoder.encode(id));
  const offsets: number[] = [];
  let slot = 0;
  for (const c of columns) {
    offsets.push(slot);
    slot += c.signals.length;
  }
  const last = new Uint8Array(slot);
  const dumpvars = encoder.encode('$dumpvars\n');
  const end = encoder.encode('$end\n');
  const most = 48 + columns.reduce((n, c, k) => n + (c.width ?? 1) + ids[k]!.length + 3, 0);
  const write = (v: Uint8Array, t: number, out: Uint8Array, at: number): number => {
    let pos = at;
    const first = t === 0;
    let stamped = first;
    if (first) {
      pos = writeTime(out, pos, 0);
      out.set(dumpvars, pos);
      pos += dumpvars.length;
    }
    columns.forEach((c, k) => {
      const from = offsets[k]!;
      let changed = first;
      for (let i = 0; i < c.signals.length; i++) {
        const x = v[c.signals[i]!]!;
        if (x !== last[from + i]) {
          last[from + i] = x;
          changed = true;
        }
      }
      if (!changed) return;
      if (!stamped) {
        pos = writeTime(out, pos, t);
        stamped = true;
      }
      if (c.width !== null) out[pos++] = 98;
      for (let i = c.signals.length - 1; i >= 0; i--) out[pos++] = 48 + v[c.signals[i]!]!;
      if (c.width !== null) out[pos++] = 32;
      out.set(idBytes[k]!, pos);
      pos += idBytes[k]!.length;
      out[pos++] = 10;
    });
    if (first) {
      out.set(end, pos);
      pos += end.length;
    }
    return pos;
  };
  return { write, most };
}

/** `q [3:0]` for a bus, `s [3]` for a bit named `s[3]`, else the name. */
function reference(c: TraceColumn): string {
  if (c.width !== null) return `${token(c.short)} [${c.width - 1}:0]`;
  const m = /^(.*)\[(\d+)\]$/.exec(c.short);
  return m ? `${token(m[1]!)} [${m[2]}]` : token(c.short);
}
