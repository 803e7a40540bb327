// SAT solving with CaDiCaL, from npm `cadical-wasm` (CaDiCaL compiled to WebAssembly: it runs
// in Node and in browsers alike; see docs/design.md for the choice). A solve polls its
// deadline, so a time limit holds in whatever thread it runs; `SatBackend` lets a caller solve
// elsewhere (the CLI solves in a worker thread).

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
  solve(cnf, assume, timeout) {
    return solveHere(cnf, assume, timeout === undefined ? undefined : Date.now() + timeout);
  },
};

/** Loads the solver (once per thread) and solves; 'unknown' once `Date.now()` passes `deadline`. */
export async function solveHere(cnf: Cnf, assume: readonly number[], deadline?: number): Promise<SatOutcome> {
  let module: SolverModule;
  try {
    module = await solverModule();
  } catch (e) {
    return { status: 'unknown', reason: `the SAT solver could not be loaded: ${firstLine(e)}` };
  }
  return solveWith(module, cnf, assume, deadline);
}

/** The solving itself, given the loaded solver; 'unknown' once `Date.now()` passes `deadline`. */
export function solveWith(module: SolverModule, cnf: Cnf, assume: readonly number[], deadline?: number): SatOutcome {
  if (deadline !== undefined && Date.now() >= deadline) return { status: 'unknown', reason: 'the time limit ran out' };
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
    // CaDiCaL aborts (a WebAssembly trap, with no reason given) past its largest heap, 2 GB;
    // the module it ran in is unusable after. Anything else thrown is a mistake in the clauses
    // nn gave it.
    if (!(e instanceof Error && e.name === 'RuntimeError')) throw e;
    solverModuleFailed(module);
    return { status: 'unknown', reason: 'the SAT solver aborted, most likely out of memory (it has at most 2 GB)' };
  } finally {
    try {
      solver?.dispose();
    } catch {
      // A module that aborted cannot free anything; it is dropped whole.
    }
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}
