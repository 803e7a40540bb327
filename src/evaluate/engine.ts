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
  /**
   * Set by setExhaustive to the table row of the block's first row (engines may then derive the
   * input words instead of reading them); cleared by setRows. Whoever writes input words
   * by hand sets it to undefined.
   */
  exhaustiveFirst: number | undefined = undefined;
  /**
   * False after a lazy setExhaustive, which writes only the first word of each input: an
   * engine that reads input words calls completeInputs first.
   */
  inputsComplete = true;

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

/** The little of a circuit that running blocks needs: all a worker thread is given. */
export interface CircuitShape {
  readonly inputCount: number;
  readonly signalCount: number;
  readonly outputSignals: Int32Array;
}

/** Anything that evaluates blocks: an engine, or a compiled program in a worker thread. */
export interface BlockRunner {
  readonly circuit: CircuitShape;
  run(block: Block): void;
}

export interface Engine extends BlockRunner {
  /** For reports: `row` (one row at a time, any weights) or `bit-parallel`. */
  readonly kind: string;
  readonly circuit: CompiledCircuit;
  /** Sets every neuron's words in `block` from its input words, on the block's `rows` rows. */
  run(block: Block): void;
}

/** A block sized for `circuit`: `words` of 32 rows each. */
export function newBlock(circuit: { readonly signalCount: number }, words = 64): Block {
  return new Block(circuit.signalCount, words);
}

/** Rows of the full truth table: 2^inputs. */
export function rowCount(circuit: { readonly inputCount: number }): number {
  return 2 ** circuit.inputCount;
}

// The low five bits of a row number across the 32 rows of a word: the input patterns of an
// exhaustive sweep that every word shares.
const POWERS = Array.from({ length: 64 }, (_, k) => 2 ** k);
const LOW_BITS = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];

/**
 * Fills `block` with rows `first, first + 1, ...` of the truth table (binary counting order,
 * the first input the most significant bit), as many as fit or remain. `first` is a multiple
 * of 32.
 */
export function setExhaustive(circuit: { readonly inputCount: number }, block: Block, first: number, options: { readonly lazy?: boolean } = {}): void {
  const n = circuit.inputCount;
  const total = rowCount(circuit);
  block.rows = Math.min(block.capacity, total - first);
  block.exhaustiveFirst = first;
  block.inputsComplete = !options.lazy;
  const { values } = block;
  if (options.lazy) {
    // Only each input's first word, which is all an engine's exhaustive path reads.
    for (let i = 0; i < n; i++) {
      const bit = n - 1 - i;
      values[(CONSTANT_SIGNALS + i) * block.words] = bit < 5 ? LOW_BITS[bit]! : Math.floor(first / POWERS[bit]!) % 2 === 1 ? -1 : 0;
    }
    return;
  }
  const words = Math.ceil(block.rows / 32);
  for (let i = 0; i < n; i++) {
    const bit = n - 1 - i; // input i is this bit of the row number
    const base = (CONSTANT_SIGNALS + i) * block.words;
    if (bit < 5) {
      values.fill(LOW_BITS[bit]!, base, base + words);
      continue;
    }
    // Word w holds rows first + 32w ..; this input flips every 2^(bit - 5) words.
    const period = 2 ** (bit - 5);
    const firstWord = first / 32;
    const phase = firstWord % (2 * period);
    let v = phase >= period ? -1 : 0;
    let end = Math.min(words, period - (phase % period));
    for (let w = 0; w < words; v = ~v, end = Math.min(words, end + period)) {
      for (; w < end; w++) values[base + w] = v;
    }
  }
}

/**
 * Writes every input word of a block that setExhaustive filled lazily (an engine that reads
 * the input words calls this first).
 */
export function completeInputs(circuit: { readonly inputCount: number }, block: Block): void {
  if (block.inputsComplete || block.exhaustiveFirst === undefined) return;
  const rows = block.rows;
  setExhaustive(circuit, block, block.exhaustiveFirst);
  block.rows = rows;
}

/** Fills `block` with the given input rows, from `rows[from]` on, as many as fit or remain. */
export function setRows(circuit: CompiledCircuit, block: Block, rows: readonly (readonly Bit[])[], from: number): void {
  const n = circuit.inputCount;
  block.rows = Math.min(block.capacity, rows.length - from);
  block.exhaustiveFirst = undefined;
  block.inputsComplete = true;
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
  engine: BlockRunner,
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
