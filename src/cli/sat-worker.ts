// A worker thread that runs MiniSat on the problems it is sent, one at a time, so that the
// main thread can stop it at a time limit (MiniSat itself cannot be interrupted). MiniSat is
// loaded once per worker (about 0.3 s of CPU), and a worker serves every proof it finishes.

import { parentPort } from 'node:worker_threads';
import MiniSat from 'logic-solver/minisat_wrapper.js';
import { solveWith } from '../verify/sat.js';
import { unflatten, type SatTask } from './sat-thread.js';

parentPort!.on('message', ({ cnf, assume }: SatTask) => {
  parentPort!.postMessage(solveWith(MiniSat, unflatten(cnf), assume));
});
