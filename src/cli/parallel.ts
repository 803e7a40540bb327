// Sweeps over worker threads: the rows cut into chunks, chunk c to worker c mod jobs, results
// merged in row order, so the output is the same byte for byte whatever the number of jobs.
// Small sweeps, and places without the worker module (running from sources), stay on one thread.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { compileBits, type BitProgram } from '../evaluate/bit-compile.js';
import type { CompiledCircuit } from '../evaluate/compile.js';
import { addCounts, emptyCounts, type RowCounts } from '../evaluate/count.js';
import { singleThread, type RowProgress, type RowRange, type Sweeper } from '../evaluate/sweeper.js';
import type { SweepMessage, SweepRequest, SweepTask } from './sweep-worker.js';

/**
 * Below this many rows a worker's start-up (tens of milliseconds: loading modules, compiling
 * the program) costs more than it saves: counting 2^24 rows takes about 0.1 s on one thread.
 */
export const MIN_PARALLEL_ROWS = 2 ** 25;
/** Tables are slower per row (formatting): worth splitting from 2^18 rows and 32 MB of text. */
export const MIN_PARALLEL_TABLE_ROWS = 2 ** 18;
const MIN_PARALLEL_TABLE_BYTES = 32 << 20;
const DEFAULT_CHUNK_ROWS = 2 ** 17;
const WORKER = new URL('./sweep-worker.js', import.meta.url);

export function defaultJobs(): number {
  return availableParallelism();
}

export interface ParallelOptions {
  /** Counts and searches of fewer rows stay on this thread (default MIN_PARALLEL_ROWS). */
  readonly minRows?: number;
  /** Tables of fewer rows or bytes stay on this thread (default 2^18 rows and 32 MB). */
  readonly minTableRows?: number;
  readonly minTableBytes?: number;
  /** Rows per chunk of counts and searches (default 2^17; a multiple of 2048). */
  readonly chunkRows?: number;
  /** Bytes per chunk of a table (default 2 MB). */
  readonly chunkBytes?: number;
}

/** A sweeper over `jobs` worker threads. */
export function parallelSweeper(jobs: number = defaultJobs(), options: ParallelOptions = {}): Sweeper {
  const minRows = options.minRows ?? MIN_PARALLEL_ROWS;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const chunkBytes = options.chunkBytes ?? 2 << 20;
  const usable = (circuit: CompiledCircuit, rows: number) => jobs > 1 && rows >= minRows && existsSync(fileURLToPath(WORKER)) && circuit.inputCount <= 53;
  return {
    async count(circuit, range, progress) {
      const program = usable(circuit, range.to - range.from) && compiled(circuit, Array.from(circuit.outputSignals));
      if (!program) return singleThread.count(circuit, range, progress);
      const total = emptyCounts(circuit.outputSignals.length);
      await run(jobs, circuit, program, range, chunkRows, { kind: 'count' }, progress, (m) => {
        if (m.kind === 'counts') addCounts(total, m.counts as RowCounts);
      });
      return total;
    },
    async firstZero(circuit, signal, range, options = {}) {
      const program = usable(circuit, range.to - range.from) && compiled(circuit, [signal]);
      if (!program) return singleThread.firstZero(circuit, signal, range, options);
      const best = new SharedArrayBuffer(8);
      new BigInt64Array(best)[0] = BigInt(Number.MAX_SAFE_INTEGER);
      let first: number | undefined;
      let stopped = false;
      const deadline = options.deadline ?? Infinity;
      await run(jobs, circuit, program, range, chunkRows, { kind: 'zero', signal, best, deadline }, options.progress, (m) => {
        if (m.kind !== 'zero') return;
        if (m.row !== undefined && (first === undefined || m.row < first)) first = m.row;
        stopped ||= m.stopped;
      });
      // Past the deadline a row one worker found is still a failing row, if maybe not the first.
      return first !== undefined ? { row: first, stopped: false } : { stopped };
    },
    async table(circuit, shape, sink, progress) {
      const rows = 2 ** circuit.inputCount;
      const big = rows >= (options.minTableRows ?? MIN_PARALLEL_TABLE_ROWS) && rows * shape.template.length >= (options.minTableBytes ?? MIN_PARALLEL_TABLE_BYTES);
      const program = big && usable(circuit, Infinity) && compiled(circuit, shape.signals);
      if (!program) return singleThread.table(circuit, shape, sink, progress);
      // Chunks of about chunkBytes, in whole words.
      const chunk = Math.max(32, Math.floor(chunkBytes / shape.template.length / 32) * 32);
      const ready = new Map<number, { bytes: Uint8Array; slot: number; port: MessagePort }>();
      let next = 0;
      let writing = Promise.resolve();
      const size = chunk * shape.template.length;
      const buffers: Uint8Array[][] = [];
      await run(jobs, circuit, program, { from: 0, to: rows }, chunk, { kind: 'table', shape }, undefined, (m, port, index) => {
        if (m.kind !== 'bytes') return;
        ready.set(m.chunk, { bytes: buffers[index]![m.slot]!.subarray(0, m.bytes), slot: m.slot, port });
        // Write the chunks in order, each buffer handed back to its worker once written.
        writing = writing.then(async () => {
          for (let r = ready.get(next); r; r = ready.get(next)) {
            ready.delete(next);
            await sink(r.bytes);
            next++;
            progress?.(Math.min(rows, next * chunk));
            r.port.postMessage(r.slot);
          }
        });
      }, () => writing, (index, data) => {
        const shared = [new SharedArrayBuffer(size), new SharedArrayBuffer(size)];
        buffers[index] = shared.map((b) => new Uint8Array(b));
        return { ...data, buffers: shared };
      });
      await writing;
    },
  };
}

function compiled(circuit: CompiledCircuit, keep: readonly number[]): BitProgram | undefined {
  try {
    const program = compileBits(circuit, { keep });
    return program;
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Workers that finished their last sweep, unreferenced so that they do not keep nn running:
 * the next sweep takes them rather than starting threads (each costs tens of milliseconds of
 * CPU to start: a heap of its own, the modules loaded again).
 */
const idle: Worker[] = [];

/** How many sweep workers this process has started. */
export const sweepWorkerStats = { started: 0 };

async function takeWorker(): Promise<Worker> {
  const waiting = idle.pop();
  if (waiting) return waiting;
  // Loaded here, not when nn starts: most runs are small and never start a thread.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER);
  sweepWorkerStats.started++;
  // A waiting worker that fails or ends (it should not) is simply not used again; at work,
  // the listeners of its sweep report it.
  const forget = () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  return worker;
}

/**
 * Starts the workers on their shares of `range` and resolves when every one has finished
 * (and `settle`, if given, has settled); the first error rejects, and every worker is ended.
 * Workers that finished are kept for the next sweep.
 */
async function run(
  maxJobs: number, circuit: CompiledCircuit, program: BitProgram, range: RowRange, chunk: number,
  task: Pick<SweepTask, 'kind' | 'signal' | 'shape' | 'best' | 'deadline' | 'buffers'>, progress: RowProgress | undefined,
  receive: (m: SweepMessage, port: MessagePort, index: number) => void, settle?: () => Promise<void>,
  perWorker?: (index: number, data: SweepTask) => SweepTask,
): Promise<void> {
  const jobs = Math.min(maxJobs, Math.ceil((range.to - range.from) / chunk));
  const { MessageChannel } = await import('node:worker_threads');
  const workers = await Promise.all(Array.from({ length: jobs }, takeWorker));
  const ports: MessagePort[] = [];
  let done = 0;
  let ok = false;
  try {
    await Promise.all(workers.map((worker, index) => new Promise<void>((resolve, reject) => {
      const data: SweepTask = {
        ...task, program, chunk, index, jobs, from: range.from, to: range.to,
        circuit: { inputCount: circuit.inputCount, signalCount: circuit.signalCount, outputSignals: circuit.outputSignals },
      };
      const { port1: port, port2 } = new MessageChannel();
      ports.push(port);
      const failed = (e: Error) => reject(e);
      const ended = (code: number) => reject(new Error(`a worker thread stopped with code ${code}`));
      worker.ref();
      worker.on('error', failed);
      worker.on('exit', ended);
      port.on('message', (m: SweepMessage) => {
        if (m.kind === 'progress') {
          done += m.rows;
          progress?.(done);
        }
        if (m.kind === 'done') {
          worker.off('error', failed);
          worker.off('exit', ended);
          resolve();
          return;
        }
        try {
          receive(m, port, index);
        } catch (e) {
          reject(e as Error);
        }
      });
      const request: SweepRequest = { task: perWorker ? perWorker(index, data) : data, port: port2 };
      worker.postMessage(request, [port2]);
    })));
    if (settle) await settle();
    ok = true;
  } finally {
    for (const port of ports) port.close();
    if (ok) {
      for (const worker of workers) worker.unref();
      idle.push(...workers);
    } else {
      // A worker may still be at its share: only ending it stops it.
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
}
