// Formatting table rows from packed words: what the single-threaded writer and the worker
// threads share. Plain data in, bytes out; nothing here knows about circuits or files.

import { setExhaustive, type Block, type BlockRunner } from './engine.js';

/**
 * What a worker needs to format rows: plain data. Every row takes the same `rowBytes` bytes,
 * the separator first (before every row but the table's first).
 */
export interface TableShape {
  readonly header: Uint8Array;
  readonly footer: Uint8Array;
  /** The separator and a row with every digit 0. */
  readonly template: Uint8Array;
  readonly separatorBytes: number;
  /** Byte offset of each column's digit within the template, and the signal it shows. */
  readonly positions: readonly number[];
  readonly signals: readonly number[];
}

/**
 * Writes rows `[from, to)` of a block into `out` at `at`, each with the separator before it,
 * and returns where the next row goes.
 */
export type RowsWriter = (values: Int32Array, from: number, to: number, out: Uint8Array, at: number) => number;

/**
 * The row writer for a shape and block size: generated straight-line code that loads each
 * column's word once per 32 rows and writes every byte of a row with one store (constants
 * inlined, digits shifted out of the words without a branch).
 */
export function rowsWriter(shape: TableShape, words: number): RowsWriter {
  const { template, positions, signals } = shape;
  const rowBytes = template.length;
  if (rowBytes > 20_000) {
    return (x, from, to, o, a) => {
      for (let r = from; r < to; r++, a += rowBytes) {
        o.set(template, a);
        const w = r >>> 5;
        const t = r & 31;
        for (let c = 0; c < signals.length; c++) o[a + positions[c]!] = 48 + ((x[signals[c]! * words + w]! >>> t) & 1);
      }
      return a;
    };
  }
  const column = new Map<number, number>();
  positions.forEach((p, c) => column.set(p, c));
  const loads = signals.map((s, c) => `const c${c} = x[${s * words} + w];`);
  const stores: string[] = [];
  template.forEach((byte, i) => {
    const c = column.get(i);
    stores.push(c === undefined ? `o[a + ${i}] = ${byte};` : `o[a + ${i}] = 48 + ((c${c} >>> t) & 1);`);
  });
  // Whole words at a time: G rows make a multiple of four bytes, so a group of rows starting
  // on a four-byte boundary is written as little-endian 32-bit stores (a quarter of the stores).
  const group = 4 / gcd(rowBytes, 4);
  const wordStores: string[] = [];
  const shifted = signals.map((_, c) => `const d${c} = c${c} >>> t;`);
  for (let q = 0; q < (group * rowBytes) / 4; q++) {
    let constant = 0;
    const digits: string[] = [];
    for (let p = 0; p < 4; p++) {
      const at = 4 * q + p;
      const g = Math.floor(at / rowBytes);
      const i = at % rowBytes;
      const c = column.get(i);
      constant += (c === undefined ? template[i]! : 48) * 2 ** (8 * p);
      if (c === undefined) continue;
      const shift = 8 * p - g;
      const bit = `(d${c} & ${1 << g})`;
      digits.push(shift === 0 ? bit : shift > 0 ? `${bit} << ${shift}` : `${bit} >>> ${-shift}`);
    }
    wordStores.push(`u[b + ${q}] = ${[String(constant | 0), ...digits].join(' | ')};`);
  }
  const body = `"use strict";
const bytes = function (x, from, to, o, a) {
  for (let r = from; r < to; ) {
    const w = r >>> 5;
    ${loads.join('\n    ')}
    const end = Math.min(to, (w + 1) * 32);
    for (; r < end; r++, a += ${rowBytes}) {
      const t = r & 31;
      ${stores.join('\n      ')}
    }
  }
  return a;
};
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
return function (x, from, to, o, a) {
  // Rows one by one until a group starts on a four-byte boundary (none, if it never does).
  for (let k = 0; k < ${group} && from < to && (from % ${group} !== 0 || (o.byteOffset + a) % 4 !== 0); k++) a = bytes(x, from, ++from, o, a);
  if (!LITTLE || from % ${group} !== 0 || (o.byteOffset + a) % 4 !== 0) return bytes(x, from, to, o, a);
  const u = new Uint32Array(o.buffer, o.byteOffset + a, ((to - from) * ${rowBytes}) >>> 2);
  let b = 0;
  let r = from;
  for (const last = to - ${group}; r <= last; ) {
    const w = r >>> 5;
    ${loads.join('\n    ')}
    const end = Math.min(last, w * 32 + ${32 - group});
    for (; r <= end; r += ${group}, b += ${(group * rowBytes) / 4}) {
      const t = r & 31;
      ${shifted.join('\n      ')}
      ${wordStores.join('\n      ')}
    }
  }
  return bytes(x, r, to, o, a + 4 * b);
};`;
  return new Function(body)() as RowsWriter;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Evaluates and formats rows `[from, to)` of the truth table (`from` a multiple of 32) into
 * `out` at `at`, which must have room; returns where the next row goes. The table's row 0 is
 * written without the separator before it.
 */
export function fillRows(
  runner: BlockRunner, shape: TableShape, write: RowsWriter, block: Block,
  range: { readonly from: number; readonly to: number }, out: Uint8Array, at: number,
): number {
  const rowBytes = shape.template.length;
  for (let first = range.from; first < range.to; first += block.capacity) {
    setExhaustive(runner.circuit, block, first);
    block.rows = Math.min(block.rows, range.to - first);
    runner.run(block);
    let r = 0;
    if (first === 0 && shape.separatorBytes > 0) {
      write(block.values, 0, 1, out, at);
      out.copyWithin(at, at + shape.separatorBytes, at + rowBytes);
      at += rowBytes - shape.separatorBytes;
      r = 1;
    }
    at = write(block.values, r, block.rows, out, at);
  }
  return at;
}

/** Bytes of rows `[from, to)` as fillRows writes them. */
export function rangeBytes(shape: TableShape, from: number, to: number): number {
  return (to - from) * shape.template.length - (from === 0 && to > 0 ? shape.separatorBytes : 0);
}
