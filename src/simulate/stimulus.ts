// Inputs per tick for a run over time: from a `sequence` test, a CSV file (a header naming
// the inputs, one row per tick, buses as numbers), or lists on the command line
// (`en=1,1,0,1`). Each gives rows of input bits in the netlist's order.

import type { Bit, TestDef } from '../check/model.js';
import { error, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { plural } from '../diagnostics/words.js';
import type { NetPort, Netlist } from '../elaborate/netlist.js';

export type Stimulus = Bit[][];

/** A test's rows as inputs, tick by tick. */
export function stimulusFromTest(test: TestDef): Stimulus {
  return test.rows.map((r) => [...r.inputs]);
}

/** `5`, `0x5`, `0b101` as a whole number; undefined for anything else. */
export function readWhole(text: string): bigint | undefined {
  if (/^\d+$/.test(text) || /^0[xX][0-9a-fA-F]+$/.test(text) || /^0[bB][01]+$/.test(text)) return BigInt(text);
  return undefined;
}

/** Writes `value` into `row` as the bits of `port`; false when it does not fit. */
function place(row: Bit[], port: NetPort, value: bigint): boolean {
  if (value >= 1n << BigInt(port.bits.length)) return false;
  port.bits.forEach((position, i) => (row[position] = Number((value >> BigInt(i)) & 1n) as Bit));
  return true;
}

const describePort = (p: NetPort) => (p.width === null ? `${p.name} is one bit: 0 or 1` : `${p.name} is ${p.width} bits: 0 to ${(1n << BigInt(p.width)) - 1n}`);

/**
 * Lists from the command line: `en=1,1,0,1 a=3,5`. Each input gets one list; the run is as
 * long as the longest, and a shorter list holds its last value. Every input must be given.
 * Returns the rows, or a message saying what is wrong.
 */
export function stimulusFromLists(netlist: Netlist, args: readonly string[]): { ok: true; rows: Stimulus } | { ok: false; message: string } {
  const ports = new Map(netlist.inputPorts.map((p) => [p.name, p]));
  const lists = new Map<NetPort, bigint[]>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = arg.slice(0, eq).trim();
    const port = ports.get(name);
    if (!port) {
      const hint = didYouMean(name, ports.keys());
      const known = netlist.inputPorts.map((p) => p.name).join(', ');
      return { ok: false, message: `${netlist.name} has no input called ${JSON.stringify(name)}${hint ? `; ${hint}` : known ? ` (its inputs are ${known})` : ' (it has no inputs)'}` };
    }
    if (lists.has(port)) return { ok: false, message: `${name} is given twice` };
    const values: bigint[] = [];
    for (const cell of arg.slice(eq + 1).split(',')) {
      const v = readWhole(cell.trim());
      if (v === undefined || v >= 1n << BigInt(port.bits.length)) {
        return { ok: false, message: `${JSON.stringify(cell.trim())} is not a value of ${name}: ${describePort(port)}` };
      }
      values.push(v);
    }
    lists.set(port, values);
  }
  const missing = netlist.inputPorts.filter((p) => !lists.has(p)).map((p) => p.name);
  if (missing.length > 0) return { ok: false, message: `no values for ${missing.join(', ')}: give every input a list, such as ${missing[0]}=0,1,1` };
  const ticks = Math.max(0, ...[...lists.values()].map((l) => l.length));
  const rows: Stimulus = [];
  for (let t = 0; t < ticks; t++) {
    const row = new Array<Bit>(netlist.inputs.length).fill(0);
    for (const [port, values] of lists) place(row, port, values[Math.min(t, values.length - 1)]!);
    rows.push(row);
  }
  return { ok: true, rows };
}

/** Splits one CSV line into cells with their offsets; "..." quotes a cell ("" is a quote). */
function cells(line: string, offset: number): { text: string; start: number; end: number }[] | undefined {
  const out: { text: string; start: number; end: number }[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let text = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += line[i++];
      }
    } else {
      while (i < line.length && line[i] !== ',') text += line[i++];
    }
    out.push({ text: text.trim(), start: offset + start, end: offset + i });
    if (i >= line.length) return out;
    if (line[i] !== ',') return undefined;
    i++;
  }
}

/**
 * A CSV file of inputs: a header naming every input (a bus as one column of numbers), then
 * one row per tick. A `tick` column, and columns named like the part's outputs, are
 * ignored, so a trace written by `nn sim --format csv` reads back. Problems point into the file.
 */
export function stimulusFromCsv(netlist: Netlist, text: string, file: string, outputs: readonly string[] = []): { ok: true; rows: Stimulus } | { ok: false; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines: { text: string; start: number }[] = [];
  // A byte-order mark (spreadsheets write one) is no part of the first column's name.
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  if (at === 1) text = text.slice(1);
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') lines.push({ text: line, start: at });
    at += raw.length + 1;
  }
  const span = (start: number, end: number): Span => ({ file, start, end: Math.max(end, start + 1) });
  if (lines.length === 0) return { ok: false, diagnostics: [error('stimulus', `${file} is empty: it needs a header naming the inputs, then one row per tick`, undefined)] };
  const header = cells(lines[0]!.text, lines[0]!.start);
  if (!header) return { ok: false, diagnostics: [error('stimulus', 'this header row has a quote that is never closed', span(lines[0]!.start, lines[0]!.start + lines[0]!.text.length))] };
  const ports = new Map(netlist.inputPorts.map((p) => [p.name, p]));
  const ignored = new Set(['tick', ...outputs]);
  const columns: (NetPort | undefined)[] = [];
  const seen = new Map<NetPort, number>();
  header.forEach((cell, k) => {
    const port = ports.get(cell.text);
    if (port) {
      if (seen.has(port)) diagnostics.push(error('stimulus', `${cell.text} has two columns`, span(cell.start, cell.end)));
      seen.set(port, k);
      columns.push(port);
      return;
    }
    columns.push(undefined);
    if (ignored.has(cell.text)) return;
    const hint = didYouMean(cell.text, ports.keys());
    diagnostics.push(error('stimulus', `${netlist.name} has no input called ${JSON.stringify(cell.text)}`, span(cell.start, cell.end), {
      hint: hint ?? `the columns name the inputs (${netlist.inputPorts.map((p) => p.name).join(', ') || 'none'}); a tick column and output columns are ignored`,
    }));
  });
  const missing = netlist.inputPorts.filter((p) => !seen.has(p));
  if (missing.length > 0) {
    diagnostics.push(error('stimulus', `the header has no column for ${missing.map((p) => p.name).join(', ')}`, span(lines[0]!.start, lines[0]!.start + lines[0]!.text.length), {
      hint: 'every input needs a column: its value at each tick',
    }));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const rows: Stimulus = [];
  for (const line of lines.slice(1)) {
    const row = cells(line.text, line.start);
    const lineSpan = span(line.start, line.start + line.text.length);
    if (!row) {
      diagnostics.push(error('stimulus', 'this row has a quote that is never closed', lineSpan));
      continue;
    }
    if (row.length !== header.length) {
      diagnostics.push(error('stimulus', `this row has ${row.length} ${plural(row.length, 'cell')}, but the header has ${header.length}`, lineSpan));
      continue;
    }
    const bits = new Array<Bit>(netlist.inputs.length).fill(0);
    row.forEach((cell, k) => {
      const port = columns[k];
      if (!port) return;
      const v = readWhole(cell.text);
      if (v === undefined || !place(bits, port, v)) {
        diagnostics.push(error('stimulus', `${JSON.stringify(cell.text)} is not a value of ${port.name}`, span(cell.start, cell.end), { hint: `${describePort(port)} (buses as 5, 0x5 or 0b101)` }));
      }
    });
    rows.push(bits);
    if (diagnostics.length >= 20) break;
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, rows };
}
