// SAT solving with CaDiCaL, from npm `cadical-wasm` (CaDiCaL compiled to WebAssembly: it runs
// in Node and in browsers alike; see docs/design.md for the choice). A solve runs in the
// calling thread and polls its deadline, so a time limit holds wherever it runs; `SatBackend`
// lets a caller solve elsewhere (the CLI solves in a worker thread, which it can also end).

import type { Cnf } from './cnf.js';
import { type SolverModule, solverModule, solverModuleFailed } from './solver-module.js';

export type SatOutcome =
  | { readonly status: 'sat'; readonly model: Uint8Array }
  | { readonly status: 'unsat' }
  | { readonly status: 'unknown'; readonly reason: string };

export interface SatBackend {
  /** Solves `cnf` with the extra unit clauses `assume`; 'unknown' past `timeout` ms. */
  solve(cnf: Cnf, assume: readonly number[], timeout?: number): Promise<SatOutcome>;
}

/** Solves in the calling thread, stopping at the time limit: for browsers and small problems. */
export const inThreadSat: SatBackend = {
  async solve(cnf, assume, timeout) {
    const deadline = timeout === undefined ? undefined : Date.now() + timeout;
    return solveWith(await solverModule(), cnf, assume, deadline);
  },
};

/** The solving itself, given the loaded solver; 'unknown' once `Date.now()` passes `deadline`. */
export function solveWith(module: SolverModule, cnf: Cnf, assume: readonly number[], deadline?: number): SatOutcome {
  let solver: InstanceType<SolverModule['Cadical']> | undefined;
  try {
    solver = new module.Cadical(module.wasm);
    solver.ensureVars(cnf.variables);
    solver.addClauses(cnf.clauses);
    for (const lit of assume) solver.addClause([lit]);
    if (deadline !== undefined) solver.setTerminate(() => Date.now() >= deadline);
    const status = solver.solve();
    if (status === 'unsatisfiable') return { status: 'unsat' };
    if (status === 'unknown') return { status: 'unknown', reason: 'the time limit ran out' };
    const model = new Uint8Array(cnf.variables + 1);
    for (let v = 1; v <= cnf.variables; v++) model[v] = solver.value(v) ? 1 : 0;
    return { status: 'sat', model };
  } catch (e) {
    // Past its largest heap (2 GB) CaDiCaL aborts, and the module it ran in is unusable.
    solverModuleFailed(module);
    return { status: 'unknown', reason: `the SAT solver stopped: ${String((e as Error)?.message ?? e).split('\n')[0]}` };
  } finally {
    try {
      solver?.dispose();
    } catch {
      // A module that aborted cannot free anything; it is dropped whole.
    }
  }
}
