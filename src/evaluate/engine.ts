// The evaluator interface: every engine evaluates blocks of rows, packed 32 to a word, and
// every user (tables, tests, counts, plots) reads its results through a Block. An engine is
// chosen per circuit; the choice never changes a result (the tests compare the engines).

import type { Bit } from '../check/model.js';
import { CONSTANT_SIGNALS, type CompiledCircuit } from './compile.js';

/**
 * The values of every signal on up to `32 · words` rows: bit t of word w of a signal is its
 * value on row `32w + t` of the block. Input words are set by the caller (`setExhaustive`,
 * `setRows`), neuron words by an engine.
 */
export class Block {
  readonly values: Int32Array;
  /** How many rows, from the first, hold meaning. */
  rows = 0;

  constructor(
    readonly signals: number,
    readonly words: number,
  ) {
    this.values = new Int32Array(signals * words);
    this.values.fill(-1, this.words, 2 * this.words); // signal 1 is the constant 1 on every row
  }

  get capacity(): number {
    return 32 * this.words;
  }

  /** The value of `signal` on row `row` of the block. */
  bit(signal: number, row: number): Bit {
    return ((this.values[signal * this.words + (row >>> 5)]! >>> (row & 31)) & 1) as Bit;
  }
}

export interface Engine {
  /** For reports: `row` (one row at a time, any weights) or `bit-parallel`. */
  readonly kind: string;
  readonly circuit: CompiledCircuit;
  /** Sets every neuron's words in `block` from its input words, on the block's `rows` rows. */
  run(block: Block): void;
}

/** A block sized for `circuit`: `words` of 32 rows each. */
export function newBlock(circuit: CompiledCircuit, words = 64): Block {
  return new Block(circuit.signalCount, words);
}

/** Rows of the full truth table: 2^inputs. */
export function rowCount(circuit: CompiledCircuit): number {
  return 2 ** circuit.inputCount;
}

// The low five bits of a row number across the 32 rows of a word: the input patterns of an
// exhaustive sweep that every word shares.
const LOW_BITS = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];

/**
 * Fills `block` with rows `first, first + 1, ...` of the truth table (binary counting order,
 * the first input the most significant bit), as many as fit or remain. `first` is a multiple
 * of 32.
 */
export function setExhaustive(circuit: CompiledCircuit, block: Block, first: number): void {
  const n = circuit.inputCount;
  const total = rowCount(circuit);
  block.rows = Math.min(block.capacity, total - first);
  const words = Math.ceil(block.rows / 32);
  const { values } = block;
  for (let i = 0; i < n; i++) {
    const bit = n - 1 - i; // input i is this bit of the row number
    const base = (CONSTANT_SIGNALS + i) * block.words;
    if (bit < 5) {
      values.fill(LOW_BITS[bit]!, base, base + words);
      continue;
    }
    for (let w = 0; w < words; w++) {
      const row = first + 32 * w;
      values[base + w] = Math.floor(row / 2 ** bit) % 2 === 1 ? -1 : 0;
    }
  }
}

/** Fills `block` with the given input rows, from `rows[from]` on, as many as fit or remain. */
export function setRows(circuit: CompiledCircuit, block: Block, rows: readonly (readonly Bit[])[], from: number): void {
  const n = circuit.inputCount;
  block.rows = Math.min(block.capacity, rows.length - from);
  const { values } = block;
  for (let i = 0; i < n; i++) values.fill(0, (CONSTANT_SIGNALS + i) * block.words, (CONSTANT_SIGNALS + i + 1) * block.words);
  for (let r = 0; r < block.rows; r++) {
    const row = rows[from + r]!;
    for (let i = 0; i < n; i++) {
      if (row[i] === 1) values[(CONSTANT_SIGNALS + i) * block.words + (r >>> 5)]! |= 1 << (r & 31);
    }
  }
}

/**
 * Evaluates rows `[from, to)` of the truth table block by block; `visit` sees each block and
 * the table row of its first row. The block is reused: read it inside `visit`.
 */
export function sweep(
  engine: Engine,
  range: { readonly from: number; readonly to: number },
  visit: (block: Block, first: number) => void,
  block: Block = newBlock(engine.circuit),
): void {
  for (let first = range.from; first < range.to; first += block.capacity) {
    setExhaustive(engine.circuit, block, first);
    block.rows = Math.min(block.rows, range.to - first);
    engine.run(block);
    visit(block, first);
  }
}
