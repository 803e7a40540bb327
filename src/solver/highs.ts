// HiGHS, the linear and integer programming solver (WebAssembly), shared by every stage that
// solves an LP: separability, integer weights, synthesis. Its answers are floating point:
// callers check what they use in exact arithmetic.

import type highsModule from 'highs';
import type { Highs, LegacyHighsOptions, LegacyHighsSolution, Model, ModelData } from 'highs';

export type { Highs, LegacyHighsOptions, LegacyHighsSolution };

// The package's types describe its CommonJS build, where the loader is `exports.default`;
// Node's `import` loads its ES module build, whose default export is the loader itself.
type Loader = typeof highsModule.default;

// The package (170 kB of JavaScript beside its WebAssembly) is loaded on first use, not when
// nn starts: most commands never solve an LP.
async function highsLoader(): Promise<Highs> {
  const { default: loaded } = (await import('highs')) as { default: typeof highsModule };
  const load: Loader = typeof loaded === 'function' ? (loaded as unknown as Loader) : loaded.default;
  return load();
}

let highsInstance: Promise<Highs> | undefined;

/** The HiGHS WebAssembly module, loaded once on first use (a failed load is retried later). */
export function loadHighs(): Promise<Highs> {
  if (highsInstance) return highsInstance;
  const loading = highsLoader().catch((e: unknown) => {
    highsInstance = undefined;
    throw e;
  });
  highsInstance = loading;
  return loading;
}

/** `coefficient name` terms as CPLEX LP text, e.g. ` + 2 w0 - 0.5 w1`; zero terms dropped. */
export function lpSum(terms: Iterable<readonly [number, string]>): string {
  let text = '';
  for (const [c, name] of terms) {
    if (c === 0) continue;
    // String(c) is the shortest decimal that reads back as exactly c.
    text += ` ${c < 0 ? '-' : '+'} ${String(Math.abs(c))} ${name}`;
  }
  return text;
}

/** The value HiGHS gave a variable (0 for one it dropped or did not report). */
export function primal(solution: LegacyHighsSolution, name: string): number {
  const column = solution.Columns[name];
  return column !== undefined && 'Primal' in column ? column.Primal : 0;
}

// ---------------------------------------------------------------------------------------------
// Programs built in memory

/**
 * A linear or integer program built in memory and handed to HiGHS as arrays, the same program
 * as its CPLEX LP text would be: columns numbered in the order their names first appear
 * (objective, rows, bounds, as HiGHS's LP reader numbers them), rows in the order added, zero
 * coefficients dropped, bounds [0, ∞) unless set. HiGHS then solves exactly the same problem
 * and gives bit for bit the same answer, without writing, reading and parsing text, and
 * without creating a solver instance per program (together most of the cost of a small LP).
 */
export class LinearProgram {
  private readonly index = new Map<string, number>();
  private readonly cost: number[] = [];
  private readonly colLower: number[] = [];
  private readonly colUpper: number[] = [];
  private readonly integers: number[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  /** Nonzeros as (row, column, value), in the order written. */
  private readonly entries: number[] = [];

  constructor(readonly sense: 'minimize' | 'maximize') {}

  /** The column of `name`, made on first use. */
  column(name: string): number {
    let k = this.index.get(name);
    if (k === undefined) {
      k = this.cost.length;
      this.index.set(name, k);
      this.cost.push(0);
      this.colLower.push(0);
      this.colUpper.push(Infinity);
    }
    return k;
  }

  /** The objective's terms; called first, as the objective comes first in LP text. */
  objective(terms: Iterable<readonly [number, string]>): this {
    for (const [c, name] of terms) if (c !== 0) this.cost[this.column(name)]! += c;
    return this;
  }

  /** The row lower <= Σ terms <= upper (±Infinity for none). */
  row(terms: Iterable<readonly [number, string]>, lower: number, upper: number): this {
    const r = this.rowLower.length;
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (const [c, name] of terms) if (c !== 0) this.entries.push(r, this.column(name), c);
    return this;
  }

  bounds(name: string, lower: number, upper: number): this {
    const k = this.column(name);
    this.colLower[k] = lower;
    this.colUpper[k] = upper;
    return this;
  }

  integer(name: string): this {
    this.integers.push(this.column(name));
    return this;
  }

  /** The program as HiGHS takes it: the matrix column by column, as its LP reader stores it. */
  data(highs: Highs): ModelData {
    const numCols = this.cost.length;
    const numRows = this.rowLower.length;
    const count = this.entries.length / 3;
    const starts = new Int32Array(numCols + 1);
    for (let e = 0; e < count; e++) starts[this.entries[3 * e + 1]! + 1]!++;
    for (let k = 0; k < numCols; k++) starts[k + 1]! += starts[k]!;
    const next = starts.slice(0, numCols);
    const indices = new Int32Array(count);
    const values = new Float64Array(count);
    for (let e = 0; e < count; e++) {
      const at = next[this.entries[3 * e + 1]!]!++;
      indices[at] = this.entries[3 * e]!;
      values[at] = this.entries[3 * e + 2]!;
    }
    const bound = (v: number): number => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
    const integrality = new Int32Array(numCols);
    for (const k of this.integers) integrality[k] = highs.constants.variableType.integer;
    return {
      numCols,
      numRows,
      sense: this.sense === 'minimize' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      colCost: this.cost,
      colLower: this.colLower.map(bound),
      colUpper: this.colUpper.map(bound),
      rowLower: this.rowLower.map(bound),
      rowUpper: this.rowUpper.map(bound),
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
      ...(this.integers.length > 0 && { integrality }),
    };
  }

  /** The column numbers by name. */
  get columns(): ReadonlyMap<string, number> {
    return this.index;
  }
}

/** HiGHS's answer to a `LinearProgram`: its status in the words of the LP-text solver. */
export interface ProgramSolution {
  readonly Status: string;
  /** The value of a variable (0 for one the program never named, or with no solution). */
  value(name: string): number;
}

// The model status codes as `solve` words them (highs' MODEL_STATUS_CODES).
const STATUS: readonly string[] = [
  'Not Set',
  'Load error',
  'Model error',
  'Presolve error',
  'Solve error',
  'Postsolve error',
  'Empty',
  'Optimal',
  'Infeasible',
  'Primal infeasible or unbounded',
  'Unbounded',
  'Bound on objective reached',
  'Target for objective reached',
  'Time limit reached',
  'Iteration limit reached',
  'Unknown',
];

/**
 * One HiGHS instance per settings object, made with those settings and kept: a fresh instance
 * with the settings applied is what `solve` makes for every program. Callers pass settings
 * that are constants; a few at most are kept.
 */
const instances = new Map<LegacyHighsOptions, Model>();
const MAX_INSTANCES = 8;

function instanceFor(highs: Highs, options: LegacyHighsOptions): Model {
  let model = instances.get(options);
  if (model) return model;
  // createModel's instances are set to one thread and no parallel simplex (the package's data
  // API refuses to change them back); the WebAssembly build runs one thread in any case, and
  // the answers were compared equal to `solve`'s on every function of up to 4 inputs tried.
  model = highs.createModel();
  model.options.set(options as Record<string, boolean | number | string>);
  if (instances.size >= MAX_INSTANCES) {
    const [oldest, old] = instances.entries().next().value as [LegacyHighsOptions, Model];
    old.dispose();
    instances.delete(oldest);
  }
  instances.set(options, model);
  return model;
}

/** Solves `program` with the given settings, as `highs.solve` would solve its LP text. */
export function solveProgram(highs: Highs, program: LinearProgram, options: LegacyHighsOptions): ProgramSolution {
  const model = instanceFor(highs, options);
  model.passModel(program.data(highs));
  const Status = STATUS[model.run().modelStatus] ?? 'Unknown';
  const columns = program.columns;
  const values = Status === 'Empty' ? new Float64Array(0) : model.getSolution().colValue;
  return { Status, value: (name) => values[columns.get(name) ?? -1] ?? 0 };
}
