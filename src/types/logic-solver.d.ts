// The MiniSat layer of npm `logic-solver` (MiniSat 2.2 compiled to JavaScript), used directly:
// clauses of signed variable numbers, solved in the calling thread.
declare module 'logic-solver/minisat_wrapper.js' {
  export default class MiniSat {
    constructor();
    ensureVar(v: number): void;
    /** False once the clauses are known unsatisfiable. */
    addClause(terms: readonly number[]): boolean;
    solve(): boolean;
    solveAssuming(v: number): boolean;
    /** Index v holds variable v's value; index 0 is unused. */
    getSolution(): (boolean | null)[];
  }
}
