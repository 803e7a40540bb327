// Work over every row of a truth table (counting, printing, looking for a failing row), behind
// one interface, so a caller with worker threads (the CLI) can split the rows over cores and a
// caller without them (a browser) runs the same work on one thread.

import type { CompiledCircuit } from './compile.js';
import { countRows, firstZeroIn, type RowCounts, type RowProgress, type RowRange, type ZeroSearch } from './count.js';

export type { RowProgress, RowRange, ZeroSearch } from './count.js';
import { newBlock } from './engine.js';
import { engineFor } from './engines.js';
import { formatRange, CHUNK_BYTES, type Sink, type TableShape } from './table-format.js';

export interface Sweeper {
  /** How many rows give each output value (see RowCounts). */
  count(circuit: CompiledCircuit, range: RowRange, progress?: RowProgress): Promise<RowCounts>;
  /**
   * The first row of the range on which `signal` is 0 (none if it is 1 on all); a search still
   * running at `deadline` (a Date.now() time) stops.
   */
  firstZero(circuit: CompiledCircuit, signal: number, range: RowRange, options?: { progress?: RowProgress; deadline?: number }): Promise<ZeroSearch>;
  /** The table's rows, in order, as bytes to `sink` (header and footer are the caller's). */
  table(circuit: CompiledCircuit, shape: TableShape, sink: Sink, progress?: RowProgress): Promise<void>;
}

/** Everything on the calling thread. */
export const singleThread: Sweeper = {
  async count(circuit, range, progress) {
    const engine = engineFor(circuit, { keep: Array.from(circuit.outputSignals) });
    return countRows(engine, range, progress ? { progress } : {});
  },
  async firstZero(circuit, signal, range, options = {}) {
    return firstZeroIn(engineFor(circuit, { keep: [signal] }), signal, range, newBlock(circuit), options.progress, options.deadline);
  },
  async table(circuit, shape, sink, progress) {
    const engine = engineFor(circuit, { keep: shape.signals });
    const size = Math.max(CHUNK_BYTES, 32 * shape.template.length);
    const rows = 2 ** circuit.inputCount;
    await formatRange(engine, shape, { from: 0, to: rows }, [new Uint8Array(size), new Uint8Array(size)], sink, progress ? { progress } : {});
  },
};
