// A worker thread that solves the SAT problems it is sent, one at a time, so that the main
// thread stays free to report progress and can end a solve at its time limit. The solver's
// WebAssembly is loaded once per worker, and a worker serves every proof it finishes.

import { parentPort } from 'node:worker_threads';
import { solveWith } from '../verify/sat.js';
import { solverModule } from '../verify/solver-module.js';
import { type SatTask, unflatten } from './sat-thread.js';

parentPort!.on('message', async ({ cnf, assume }: SatTask) => {
  parentPort!.postMessage(solveWith(await solverModule(), unflatten(cnf), assume));
});
