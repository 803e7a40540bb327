// A worker thread that solves the SAT problems it is sent, one at a time, so that the main
// thread stays free to report progress, and can end a solve that overruns its time limit. The
// solver's WebAssembly is loaded once per worker, from its start, and a worker serves every
// proof it finishes, those stopped at their limit included.

import { parentPort } from 'node:worker_threads';
import { solveHere } from '../verify/sat.js';
import { solverModule } from '../verify/solver-module.js';
import { type SatTask, unflatten } from './sat-thread.js';

// Loaded while the main thread still sends the first problem; a failure is reported by the
// solve that needs it.
solverModule().catch(() => {});

parentPort!.on('message', async ({ cnf, assume, deadline }: SatTask) => {
  parentPort!.postMessage(await solveHere(unflatten(cnf), assume, deadline));
});
