// Which engine evaluates a circuit. The choice never changes a result, only the speed: the
// tests hold every engine against a reference evaluator on every example and on random circuits.

import { compileBits, type BitProgram } from './bit-compile.js';
import { bitRunner, SIMD_AFTER_BLOCKS } from './bit-engine.js';
import type { CompiledCircuit } from './compile.js';
import { rowCount, type Block, type Engine } from './engine.js';
import { rowEngine } from './row-engine.js';

export interface EngineOptions {
  /**
   * The signals a run must set (default: every neuron); the bit-parallel engine skips neurons
   * none of them needs, and leaves their words as they were.
   */
  readonly keep?: readonly number[];
}

/**
 * The bit-parallel engine: 32 rows at a time, every neuron exact (see bit-neuron.ts). Its
 * program is compiled on the first run, for the block size it meets.
 */
export function bitEngine(circuit: CompiledCircuit, options: EngineOptions = {}): Engine & { program(words: number): BitProgram } {
  const programs = new Map<number, BitProgram>();
  const runners = new Map<number, (block: Block) => void>();
  const program = (words: number): BitProgram => {
    let p = programs.get(words);
    if (!p) {
      // A table of at most SIMD_AFTER_BLOCKS blocks is swept in JavaScript, before the kernel
      // would be compiled: it is left out (only a later sweep with the same engine would
      // have used it, to the same result).
      const simd = rowCount(circuit) > SIMD_AFTER_BLOCKS * 32 * words;
      p = compileBits(circuit, { words, simd, ...(options.keep && { keep: options.keep }) });
      programs.set(words, p);
    }
    return p;
  };
  return {
    kind: 'bit-parallel',
    circuit,
    program,
    run(block: Block): void {
      let run = runners.get(block.words);
      if (!run) {
        run = bitRunner(program(block.words));
        runners.set(block.words, run);
      }
      run(block);
    },
  };
}

/**
 * Circuits with more neuron inputs than this in all compile to large bit programs (a wide
 * neuron is a bit-sliced counter): their first rows run on the row engine, which needs no
 * compiling, until `ROWS_BEFORE_COMPILING` rows show the work is worth the compile.
 */
const LARGE_FAN_IN = 2_000;
const ROWS_BEFORE_COMPILING = 256;

/**
 * The engine for a circuit: bit-parallel; the row engine for a circuit too large to compile,
 * and for the first rows of a circuit whose program is costly to compile (a test block of a
 * few rows over a neuron of 100,000 inputs).
 */
export function engineFor(circuit: CompiledCircuit, options: EngineOptions = {}): Engine {
  const bits = bitEngine(circuit, options);
  let fallback: Engine | undefined;
  let rowsBefore = circuit.sources.length >= LARGE_FAN_IN ? ROWS_BEFORE_COMPILING : 0;
  let rows: Engine | undefined;
  let last: Engine['kind'] = rowsBefore > 0 ? 'row' : bits.kind;
  return {
    /** The engine that ran the last block (or will run the first). */
    get kind() {
      return fallback?.kind ?? last;
    },
    circuit,
    run(block: Block): void {
      if (fallback) {
        fallback.run(block);
        return;
      }
      if (rowsBefore > 0) {
        rowsBefore -= block.rows;
        rows ??= rowEngine(circuit);
        rows.run(block);
        last = rows.kind;
        return;
      }
      last = bits.kind;
      try {
        bits.run(block);
      } catch (e) {
        if (!(e instanceof RangeError) || !/too large for the bit-parallel engine/.test(e.message)) throw e;
        fallback = rowEngine(circuit);
        fallback.run(block);
      }
    },
  };
}
