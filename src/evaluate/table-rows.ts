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
  const body = `"use strict";
return function (x, from, to, o, a) {
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
};`;
  return new Function(body)() as RowsWriter;
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
