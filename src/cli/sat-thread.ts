// SAT problems solved in a worker thread with a time limit: the solver in the worker stops
// itself at the limit and answers "unknown", and the worker serves the next problem; one that
// has not answered soon after is ended. Where the worker module is absent (running from
// sources), the problem is solved in this thread, which polls the same limit.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Cnf } from '../verify/cnf.js';
import { inThreadSat, type SatBackend, type SatOutcome } from '../verify/sat.js';

const WORKER = new URL('./sat-worker.js', import.meta.url);

/** Clauses as one array, each ended by a 0: one transfer instead of a million small arrays. */
export interface FlatCnf {
  readonly variables: number;
  readonly literals: Int32Array;
}

export function flatten(cnf: Cnf): FlatCnf {
  let size = 0;
  for (const c of cnf.clauses) size += c.length + 1;
  const literals = new Int32Array(size);
  let at = 0;
  for (const c of cnf.clauses) {
    literals.set(c, at);
    at += c.length + 1;
  }
  return { variables: cnf.variables, literals };
}

export function unflatten(flat: FlatCnf): Cnf {
  const clauses: number[][] = [];
  let clause: number[] = [];
  for (const lit of flat.literals) {
    if (lit === 0) {
      clauses.push(clause);
      clause = [];
    } else clause.push(lit);
  }
  return { variables: flat.variables, clauses, literalOf: new Int32Array(0) };
}

/** A problem sent to the worker, and when to give up on it (as `Date.now()` counts). */
export interface SatTask {
  readonly cnf: FlatCnf;
  readonly assume: readonly number[];
  readonly deadline?: number;
}

/** How long past its deadline a worker may take to answer before it is ended. */
const GRACE_MS = 250;

/** A worker that finished its last problem, its solver loaded: the next problem goes to it. */
let idle: Worker | undefined;

/** How many SAT workers this process has started (each loads the solver once). */
export const satWorkerStats = { started: 0 };

export const threadSat: SatBackend = {
  async solve(cnf, assume, timeout) {
    if (!existsSync(fileURLToPath(WORKER))) return inThreadSat.solve(cnf, assume, timeout);
    const deadline = timeout === undefined ? undefined : Date.now() + timeout;
    const flat = flatten(cnf);
    // Taken before the await: a proof that ends meanwhile may leave its worker waiting.
    const waiting = idle;
    idle = undefined;
    const worker = waiting ?? (await startWorker());
    // A waiting worker does not keep nn running; one at work does.
    worker.ref();
    let finished = false;
    try {
      const outcome = await new Promise<SatOutcome>((resolve, reject) => {
        const timer =
          timeout === undefined ? undefined : setTimeout(() => resolve({ status: 'unknown', reason: `the time limit of ${timeout} ms ran out` }), timeout + GRACE_MS);
        const done = (m: SatOutcome) => {
          clearTimeout(timer);
          finished = true;
          worker.off('error', failed);
          worker.off('exit', ended);
          resolve(m);
        };
        const failed = (e: Error) => {
          clearTimeout(timer);
          worker.off('message', done);
          worker.off('exit', ended);
          reject(e);
        };
        const ended = (code: number) => failed(new Error(`the SAT worker stopped (exit code ${code}) before it answered`));
        worker.once('message', done);
        worker.once('error', failed);
        worker.once('exit', ended);
        const task: SatTask = { cnf: flat, assume: [...assume], ...(deadline !== undefined && { deadline }) };
        worker.postMessage(task, [flat.literals.buffer as ArrayBuffer]);
      });
      return outcome;
    } finally {
      if (finished && idle === undefined) {
        worker.unref();
        idle = worker;
      } else {
        // Past the time limit and its grace, or failed: a worker at work can only be ended.
        if (idle !== worker) await worker.terminate();
      }
    }
  },
};

async function startWorker(): Promise<Worker> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER);
  satWorkerStats.started++;
  // A waiting worker that fails or dies (it should not) is simply not used again; at work,
  // the listeners of the proof report it.
  worker.on('error', () => {
    if (idle === worker) idle = undefined;
  });
  worker.on('exit', () => {
    if (idle === worker) idle = undefined;
  });
  return worker;
}
