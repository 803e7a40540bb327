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
  const m = new Int32Array(32);
  for (let w = 0; w <= lastWord; w++) {
    // Row t's outputs as one number: transpose the k output words (first output highest).
    m.fill(0);
    for (let i = 0; i < k; i++) m[k - 1 - i] = values[outputs[i]! * words + w]!;
    transpose32(m);
    const valid = w === lastWord ? rows - 32 * w : 32;
    for (let t = 0; t < valid; t++) combinations[m[t]! >>> 0]! += 1;
  }
}

export interface RowRange {
  readonly from: number;
  readonly to: number;
}

/** Receives how many rows of the range are done. */
export type RowProgress = (done: number) => void;

/** Counts rows `[from, to)` of the truth table (`from` a multiple of 32). */
export function countRows(
  engine: BlockRunner,
  range: RowRange,
  options: { readonly block?: Block; readonly progress?: RowProgress } = {},
): RowCounts {
  const c = engine.circuit;
  const counts = emptyCounts(c.outputSignals.length);
  const block = options.block ?? newBlock(c);
  for (let first = range.from; first < range.to; first += block.capacity) {
    setExhaustive(c, block, first);
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
    setExhaustive(runner.circuit, block, first);
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

/** Transposes a 32×32 bit matrix in place: afterwards bit i of m[t] is what bit t of m[i] was. */
export function transpose32(m: Int32Array): void {
  let mask = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, mask ^= mask << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((m[k]! >>> j) ^ m[k + j]!) & mask;
      m[k + j]! ^= t;
      m[k]! ^= t << j;
    }
  }
}
