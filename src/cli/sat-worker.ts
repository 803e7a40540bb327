// A worker thread that runs MiniSat on one problem, so that the main thread can stop it at a
// time limit (MiniSat itself cannot be interrupted).

import { parentPort, workerData } from 'node:worker_threads';
import MiniSat from 'logic-solver/minisat_wrapper.js';
import { solveWith } from '../verify/sat.js';
import { unflatten, type FlatCnf } from './sat-thread.js';

const { cnf, assume } = workerData as { cnf: FlatCnf; assume: number[] };
parentPort!.postMessage(solveWith(MiniSat, unflatten(cnf), assume));
