// SAT solving with MiniSat, from npm `logic-solver` (MiniSat 2.2 compiled to JavaScript: it
// runs in Node and in browsers alike; see docs/design.md for the choice). Solving runs in the
// calling thread and cannot be interrupted there: a time limit needs a thread that can be
// stopped, which is what `SatBackend` lets a caller supply (the CLI runs MiniSat in a worker).

import type { Cnf } from './cnf.js';

export type SatOutcome =
  | { readonly status: 'sat'; readonly model: Uint8Array }
  | { readonly status: 'unsat' }
  | { readonly status: 'unknown'; readonly reason: string };

export interface SatBackend {
  /** Solves `cnf` with the extra unit clauses `assume`; 'unknown' past `timeout` ms. */
  solve(cnf: Cnf, assume: readonly number[], timeout?: number): Promise<SatOutcome>;
}

/** Solves in the calling thread (no time limit can apply): for browsers and small problems. */
export const inThreadSat: SatBackend = {
  async solve(cnf, assume) {
    const { default: MiniSat } = await import('logic-solver/minisat_wrapper.js');
    return solveWith(MiniSat, cnf, assume);
  },
};

/** The solving itself, given the MiniSat class (loaded where the caller runs). */
export function solveWith(MiniSat: new () => import('logic-solver/minisat_wrapper.js').default, cnf: Cnf, assume: readonly number[]): SatOutcome {
  try {
    const solver = new MiniSat();
    solver.ensureVar(cnf.variables);
    let consistent = true;
    for (const clause of cnf.clauses) if (consistent) consistent = solver.addClause(clause);
    for (const lit of assume) if (consistent) consistent = solver.addClause([lit]);
    if (!consistent || !solver.solve()) return { status: 'unsat' };
    const solution = solver.getSolution();
    const model = new Uint8Array(cnf.variables + 1);
    for (let v = 1; v <= cnf.variables; v++) model[v] = solution[v] ? 1 : 0;
    return { status: 'sat', model };
  } catch (e) {
    // MiniSat's heap is fixed at 64 MB; past it, the compiled code aborts.
    return { status: 'unknown', reason: `the SAT solver stopped: ${String((e as Error)?.message ?? e).split('\n')[0]}` };
  }
}
