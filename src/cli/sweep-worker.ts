// A worker thread's side of a parallel sweep (see parallel.ts): it gets a compiled program and
// its share of the rows, and loads only the modules that run them, not the compiler. A worker
// serves one sweep after another (each sent as a message with a port of its own), so that a
// command that sweeps many times (nn verify of many asserts) starts its threads once.

import { parentPort, type MessagePort } from 'node:worker_threads';
import type { BitProgram } from '../evaluate/bit-compile.js';
import { bitRunner } from '../evaluate/bit-engine.js';
import { countRows, emptyCounts, firstZeroIn } from '../evaluate/count.js';
import { newBlock, type BlockRunner, type CircuitShape } from '../evaluate/engine.js';
import { fillRows, rowsWriter, type TableShape } from '../evaluate/table-rows.js';

export interface SweepTask {
  readonly kind: 'count' | 'zero' | 'table';
  readonly program: BitProgram;
  readonly circuit: CircuitShape;
  /** Rows [from, to) in chunks of `chunk` rows; this worker takes chunks index, index + jobs, ... */
  readonly from: number;
  readonly to: number;
  readonly chunk: number;
  readonly index: number;
  readonly jobs: number;
  readonly signal?: number;
  readonly shape?: TableShape;
  /** For 'zero': the lowest chunk known to fail, shared by all workers (BigInt64Array). */
  readonly best?: SharedArrayBuffer;
  /** For 'zero': a Date.now() time at which to stop. */
  readonly deadline?: number;
  /** For 'table': this worker's two buffers, each room for a chunk; the main thread writes them out. */
  readonly buffers?: readonly SharedArrayBuffer[];
}

/** What the main thread sends: a task, and the port its messages go through. */
export interface SweepRequest {
  readonly task: SweepTask;
  readonly port: MessagePort;
}

export type SweepMessage =
  | { readonly kind: 'progress'; readonly rows: number }
  | { readonly kind: 'counts'; readonly counts: ReturnType<typeof emptyCounts> }
  | { readonly kind: 'zero'; readonly row: number | undefined; readonly stopped: boolean }
  | { readonly kind: 'bytes'; readonly chunk: number; readonly slot: number; readonly bytes: number }
  /** The task is finished: nothing more comes for it. */
  | { readonly kind: 'done' };

// One task at a time: the main thread sends the next only after this one's 'done'.
parentPort!.on('message', ({ task, port }: SweepRequest) => {
  void sweep(task, port).then(() => port.postMessage({ kind: 'done' } satisfies SweepMessage));
});

async function sweep(task: SweepTask, port: MessagePort): Promise<void> {
  const runner: BlockRunner = { circuit: task.circuit, run: bitRunner(task.program) };
  const block = newBlock(task.circuit, task.program.words);
  const chunks = Math.ceil((task.to - task.from) / task.chunk);
  const rangeOf = (c: number) => ({ from: task.from + c * task.chunk, to: Math.min(task.to, task.from + (c + 1) * task.chunk) });

  // Progress is posted at most ten times a second: each message wakes the main thread.
  let unreported = 0;
  let lastReport = Date.now();
  const report = (rows: number, force = false) => {
    unreported += rows;
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    port.postMessage({ kind: 'progress', rows: unreported } satisfies SweepMessage);
    unreported = 0;
    lastReport = now;
  };

  if (task.kind === 'count') {
    const total = emptyCounts(task.circuit.outputSignals.length);
    for (let c = task.index; c < chunks; c += task.jobs) {
      const range = rangeOf(c);
      countRows(runner, range, { block, into: total });
      report(range.to - range.from);
    }
    report(0, true);
    port.postMessage({ kind: 'counts', counts: total } satisfies SweepMessage);
  } else if (task.kind === 'zero') {
    const best = new BigInt64Array(task.best!);
    let found: number | undefined;
    let stopped = false;
    for (let c = task.index; c < chunks && found === undefined && !stopped; c += task.jobs) {
      // A failing row in an earlier chunk is already known: nothing here can come first.
      if (Atomics.load(best, 0) < BigInt(c)) break;
      const range = rangeOf(c);
      const search = firstZeroIn(runner, task.signal!, range, block, undefined, task.deadline ?? Infinity);
      found = search.row;
      stopped = search.stopped;
      if (found !== undefined) {
        for (let known = Atomics.load(best, 0); BigInt(c) < known; ) {
          const seen = Atomics.compareExchange(best, 0, known, BigInt(c));
          if (seen === known) break;
          known = seen;
        }
      }
      report(range.to - range.from);
    }
    report(0, true);
    port.postMessage({ kind: 'zero', row: found, stopped } satisfies SweepMessage);
  } else {
    const shape = task.shape!;
    const write = rowsWriter(shape, block.words);
    // Two shared buffers: one is filled while the main thread writes the other out.
    const buffers = task.buffers!.map((b) => new Uint8Array(b));
    const free = [0, 1];
    const waiting: ((slot: number) => void)[] = [];
    port.on('message', (slot: number) => {
      const w = waiting.shift();
      if (w) w(slot);
      else free.push(slot);
    });
    const slot = (): Promise<number> => (free.length > 0 ? Promise.resolve(free.shift()!) : new Promise((resolve) => waiting.push(resolve)));
    for (let c = task.index; c < chunks; c += task.jobs) {
      const s = await slot();
      const bytes = fillRows(runner, shape, write, block, rangeOf(c), buffers[s]!, 0);
      port.postMessage({ kind: 'bytes', chunk: c, slot: s, bytes } satisfies SweepMessage);
    }
    // The slots still handed back are not waited for: the main thread closes the port.
    port.removeAllListeners('message');
  }
}
