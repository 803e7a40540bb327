// Summaries of a truth table without printing it: how many rows give each output value, and,
// for up to MAX_COMBINATION_OUTPUTS outputs, each combination of them. Every row is evaluated;
// this is the evaluation-only path (`nn table --count`).

import { newBlock, setExhaustive, type Block, type BlockRunner } from './engine.js';

/** Beyond this many outputs only the per-output counts are kept (2^20 counters is 8 MB). */
export const MAX_COMBINATION_OUTPUTS = 20;

/** Counting is refused past this many rows unless the caller raises the limit (`--max-rows`). */
export const DEFAULT_MAX_COUNT_ROWS = 2 ** 32;

export interface RowCounts {
  /** Rows counted. */
  rows: number;
  /** Per output, the rows on which it is 1. */
  readonly ones: Float64Array;
  /**
   * Rows per combination of the outputs, indexed by the outputs read as a binary number, the
   * first output the most significant bit; absent with more than MAX_COMBINATION_OUTPUTS outputs.
   */
  readonly combinations?: Float64Array;
}

export function emptyCounts(outputs: number): RowCounts {
  return {
    rows: 0,
    ones: new Float64Array(outputs),
    ...(outputs <= MAX_COMBINATION_OUTPUTS && { combinations: new Float64Array(2 ** outputs) }),
  };
}

/** Adds `b` into `a` (counts from several ranges or workers; the order does not matter). */
export function addCounts(a: RowCounts, b: RowCounts): void {
  a.rows += b.rows;
  for (let i = 0; i < a.ones.length; i++) a.ones[i]! += b.ones[i]!;
  if (a.combinations && b.combinations) for (let i = 0; i < a.combinations.length; i++) a.combinations[i]! += b.combinations[i]!;
}

/** Counts the rows of `block` on the signals `outputs` into `counts`. */
export function countBlock(block: Block, outputs: Int32Array, counts: RowCounts): void {
  const { values, words, rows } = block;
  const k = outputs.length;
  const lastWord = Math.ceil(rows / 32) - 1;
  const tailMask = rows % 32 === 0 ? -1 : (1 << rows % 32) - 1;
  for (let i = 0; i < k; i++) {
    const base = outputs[i]! * words;
    let ones = 0;
    for (let w = 0; w < lastWord; w++) ones += popcount(values[base + w]!);
    if (lastWord >= 0) ones += popcount(values[base + lastWord]! & tailMask);
    counts.ones[i]! += ones;
  }
  counts.rows += rows;
  const combinations = counts.combinations;
  if (!combinations) return;
  const bases = Int32Array.from(outputs, (o) => o * words);
  combinationCounter(k)(values, bases, lastWord, rows - 32 * lastWord, combinations);
}

type CombinationCounter = (values: Int32Array, bases: Int32Array, lastWord: number, lastRows: number, hist: Float64Array) => void;
const counters = new Map<number, CombinationCounter>();

/**
 * Counts each row's combination of k outputs: per word, the k output words are transposed as
 * a bit matrix (in lanes of 8, 16 or 32 bits, the smallest that holds k, so that 13 outputs
 * cost a 16×16 transpose), which gives each row's outputs as one number, first output highest.
 * Generated straight-line code on local variables, rows known to be 0 left out.
 */
function combinationCounter(k: number): CombinationCounter {
  let counter = counters.get(k);
  if (counter) return counter;
  const lane = k <= 8 ? 8 : k <= 16 ? 16 : 32;
  const lines: string[] = [];
  const zero = new Set<number>();
  for (let r = 0; r < lane; r++) {
    lines.push(r < k ? `let m${r} = x[b[${k - 1 - r}] + w];` : `let m${r} = 0;`);
    if (r >= k) zero.add(r);
  }
  for (let j = lane >>> 1; j > 0; j >>>= 1) {
    const mask = STEP_MASKS[j]!;
    for (let p = 0; p < lane; p = (p + j + 1) & ~j) {
      const q = p + j;
      if (zero.has(p) && zero.has(q)) continue;
      if (zero.has(q)) {
        lines.push(`t = (m${p} >>> ${j}) & ${mask}; m${q} = t; m${p} ^= t << ${j};`);
        zero.delete(q);
      } else if (zero.has(p)) {
        lines.push(`t = m${q} & ${mask}; m${q} ^= t; m${p} = t << ${j};`);
        zero.delete(p);
      } else {
        lines.push(`t = ((m${p} >>> ${j}) ^ m${q}) & ${mask}; m${q} ^= t; m${p} ^= t << ${j};`);
      }
    }
  }
  const laneMask = lane === 32 ? '' : ` & ${(1 << lane) - 1}`;
  const value = (row: number) => {
    const m = zero.has(row % lane) ? '0' : `m${row % lane}`;
    const shift = row - (row % lane);
    return shift === 0 ? `${m}${laneMask}` : `(${m} >>> ${shift})${laneMask}`;
  };
  const all = Array.from({ length: 32 }, (_, r) => `h[${value(r)}] += 1;`);
  const some = Array.from({ length: 32 }, (_, r) => `if (n > ${r}) h[${value(r)}] += 1;`);
  const body = `"use strict";
return function (x, b, last, lastRows, h) {
  let t = 0;
  for (let w = 0; w <= last; w++) {
    ${lines.join('\n    ')}
    if (w < last || lastRows === 32) {
      ${all.join('\n      ')}
    } else {
      const n = lastRows;
      ${some.join('\n      ')}
    }
  }
};`;
  counter = new Function(body)() as CombinationCounter;
  counters.set(k, counter);
  return counter;
}

export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/** Receives how many rows of the range are done. */
export type RowProgress = (done: number) => void;

/** Counts rows `[from, to)` of the truth table (`from` a multiple of 32), added `into` counts if given. */
export function countRows(
  engine: BlockRunner,
  range: RowRange,
  options: { readonly block?: Block; readonly progress?: RowProgress; readonly into?: RowCounts } = {},
): RowCounts {
  const c = engine.circuit;
  const counts = options.into ?? emptyCounts(c.outputSignals.length);
  const block = options.block ?? newBlock(c);
  for (let first = range.from; first < range.to; first += block.capacity) {
    setExhaustive(c, block, first, { lazy: true });
    block.rows = Math.min(block.rows, range.to - first);
    engine.run(block);
    countBlock(block, c.outputSignals, counts);
    options.progress?.(first + block.rows - range.from);
  }
  return counts;
}

/** Where a search for a row on which a signal is 0 ended. */
export interface ZeroSearch {
  /** The first such row, if any was found before the search stopped. */
  readonly row?: number;
  /** True when the search stopped early (at the deadline) with no such row found. */
  readonly stopped: boolean;
}

/**
 * The first row of `range` (from a multiple of 32) on which `signal` is 0. `deadline`
 * (a Date.now() time) ends the search between blocks.
 */
export function firstZeroIn(runner: BlockRunner, signal: number, range: RowRange, block: Block, progress?: RowProgress, deadline = Infinity): ZeroSearch {
  for (let first = range.from; first < range.to; first += block.capacity) {
    if (deadline !== Infinity && Date.now() > deadline) return { stopped: true };
    setExhaustive(runner.circuit, block, first, { lazy: true });
    block.rows = Math.min(block.rows, range.to - first);
    runner.run(block);
    const base = signal * block.words;
    const words = Math.ceil(block.rows / 32);
    for (let w = 0; w < words; w++) {
      const valid = w === words - 1 && block.rows % 32 !== 0 ? (1 << block.rows % 32) - 1 : -1;
      const zeros = ~block.values[base + w]! & valid;
      if (zeros !== 0) return { row: first + 32 * w + (31 - Math.clz32(zeros & -zeros)), stopped: false };
    }
    progress?.(first + block.rows - range.from);
  }
  return { stopped: false };
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The mask of the transpose step that swaps j-bit blocks: j ones then j zeros, repeated. */
const STEP_MASKS = Int32Array.of(0, 0x55555555, 0x33333333, 0, 0x0f0f0f0f, 0, 0, 0, 0x00ff00ff, 0, 0, 0, 0, 0, 0, 0, 0x0000ffff);

/**
 * Transposes, in every `lane`-bit lane of the words m[0 .. lane-1] at once, the lane × lane bit
 * matrix: afterwards bit i of lane l of m[t] is what bit t of lane l of m[i] was.
 */
export function transposeLanes(m: Int32Array, lane: 8 | 16 | 32): void {
  for (let j = lane >>> 1; j > 0; j >>>= 1) {
    const mask = STEP_MASKS[j]!;
    for (let k = 0; k < lane; k = (k + j + 1) & ~j) {
      const t = ((m[k]! >>> j) ^ m[k + j]!) & mask;
      m[k + j]! ^= t;
      m[k]! ^= t << j;
    }
  }
}
