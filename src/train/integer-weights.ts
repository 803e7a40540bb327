// The canonical form of a threshold gate: the integer weights and bias with the smallest
// Σ|w_j| + |b| that reproduce its truth table (AND → 1, 1, −2; NAND → −1, −1, 1).
//
// With integer inputs and integer weights every sum w·x + b is an integer, so "fires"
// (w·x + b >= 0) and "does not fire" (w·x + b <= -1) are both plain linear constraints and the
// search is a small integer program, solved by HiGHS. Its answer is checked exactly against
// every row before it is returned; that it is the smallest rests on HiGHS's optimality proof.

import { checkExamples, type Examples } from './perceptron.js';
import { LinearProgram, loadHighs, solveProgram, type Highs, type LegacyHighsOptions, type ProgramSolution } from '../solver/highs.js';
import { decideSeparability, separatesExactly } from './separability.js';

export interface IntegerNeuron {
  weights: number[];
  bias: number;
}

// Presolve costs more than it saves on models this small (about 10 ms against 40 per MIP).
const LP_OPTIONS: LegacyHighsOptions = { output_flag: false, presolve: 'off', solver: 'simplex' };
const MIP_OPTIONS: LegacyHighsOptions = { output_flag: false, presolve: 'off', mip_rel_gap: 0 };

/**
 * Largest objective coefficient in a tie-breaking pass. The pass objective packs several
 * variables into one number, base 2S* + 1; keeping it below 2^20 keeps the solver's
 * floating-point optimality test far finer than the unit steps between integer solutions.
 */
const MAX_PACKED = 2 ** 20;

/**
 * The integer neuron with the smallest Σ|w_j| + |b| that reproduces `examples` (a truth table:
 * inputs must be integers, normally 0/1), or undefined when no neuron can (not separable, or
 * contradictory).
 *
 * Ties are broken deterministically: among all minima, the one with the lexicographically
 * greatest (w_1, …, w_n, b). That is found by further integer programs with the sum fixed at
 * its minimum, each maximising the next few variables at once (packed into one objective as
 * digits of base 2S* + 1, since every variable lies in [−S*, S*]), then fixing them.
 */
export async function smallestIntegerWeights(examples: Examples): Promise<IntegerNeuron | undefined> {
  checkExamples(examples);
  if (!examples.x.every(Number.isSafeInteger)) {
    throw new RangeError('smallestIntegerWeights needs integer inputs (a truth table); a neuron on real inputs has no integer canonical form');
  }
  const highs = await loadHighs();
  const n = examples.features;
  const first = solveIntegral(highs, n, (integral) => model(examples, 'Minimize', objective(n), [], integral));
  if (!first) {
    const decided = await decideSeparability(examples);
    if (decided.kind === 'separable') throw new Error('internal error: HiGHS found no integer weights for a separable table');
    return undefined;
  }

  const minimum = size(first);
  const best = (minimum > 0 && tieBreak(highs, examples, minimum)) || first;
  const neuron = { weights: best.slice(0, n), bias: best[n]! };
  if (size(best) !== minimum || !separatesExactly(examples, neuron.weights, neuron.bias)) {
    throw new Error(`internal error: HiGHS's integer weights [${neuron.weights.join(', ')}], ${neuron.bias} do not check out`);
  }
  return neuron;
}

const size = (v: readonly number[]): number => v.reduce((s, a) => s + Math.abs(a), 0);

/**
 * Solves the integer program `program(true)` for w_0 … w_{n-1}, b; undefined if it has no
 * solution. Its LP relaxation `program(false)` goes first: on these small tables its optimum is
 * usually integral already, and then it is the integer optimum too (no integer point can beat
 * the relaxation), at a twentieth of the cost of the MIP.
 */
function solveIntegral(highs: Highs, n: number, program: (integral: boolean) => LinearProgram): number[] | undefined {
  const read = (solution: ProgramSolution): number[] => Array.from({ length: n + 1 }, (_, k) => solution.value(variable(k, n)));
  const relaxed = solveProgram(highs, program(false), LP_OPTIONS);
  if (relaxed.Status === 'Infeasible') return undefined;
  if (relaxed.Status === 'Optimal') {
    const v = read(relaxed);
    if (v.every((a) => Math.abs(a - Math.round(a)) <= 1e-9)) return v.map(integer);
  }
  const exact = solveProgram(highs, program(true), MIP_OPTIONS);
  return exact.Status === 'Optimal' ? read(exact).map(integer) : undefined;
}

/** A solver value as the integer it stands for (+ 0: Math.round(-1e-12) is -0). */
function integer(v: number): number {
  return Math.round(v) + 0;
}

/** w_0 … w_{n-1}, then b. */
function variable(k: number, n: number): string {
  return k < n ? `w${k}` : 'b';
}

/** Σ|w_j| + |b| through the auxiliaries a_k >= ±(variable k). */
function objective(n: number): [number, string][] {
  return Array.from({ length: n + 1 }, (_, k) => [1, `a${k}`]);
}

/** A row lower <= Σ terms <= upper. */
interface Row {
  readonly terms: readonly [number, string][];
  readonly lower: number;
  readonly upper: number;
}

/**
 * The integer program (or with `integral` false, its LP relaxation): every row reproduced,
 * |variable k| <= a_k, plus `extra` rows and optionally |variable| <= `bound`; the objective
 * `sense` over `terms`.
 */
function model(
  examples: Examples,
  sense: 'Minimize' | 'Maximize',
  terms: [number, string][],
  extra: readonly Row[],
  integral: boolean,
  bound?: number,
): LinearProgram {
  const { x, y, count, features: n } = examples;
  const lp = new LinearProgram(sense === 'Minimize' ? 'minimize' : 'maximize').objective(terms);
  for (let i = 0; i < count; i++) {
    const sum: [number, string][] = [...Array.from({ length: n }, (_, j): [number, string] => [x[i * n + j]!, variable(j, n)]), [1, 'b']];
    if (y[i] === 1) lp.row(sum, 0, Infinity);
    else lp.row(sum, -Infinity, -1);
  }
  for (let k = 0; k <= n; k++) {
    lp.row([[1, `a${k}`], [-1, variable(k, n)]], 0, Infinity);
    lp.row([[1, `a${k}`], [1, variable(k, n)]], 0, Infinity);
  }
  for (const row of extra) lp.row(row.terms, row.lower, row.upper);
  for (let k = 0; k <= n; k++) lp.bounds(variable(k, n), bound === undefined ? -Infinity : -bound, bound === undefined ? Infinity : bound);
  if (integral) for (let k = 0; k <= n; k++) lp.integer(variable(k, n));
  return lp;
}

/**
 * The lexicographically greatest (w_1, …, w_n, b) with Σ|w_j| + |b| = minimum, or undefined if
 * a pass fails (the caller then keeps the first solution, which is still a valid minimum).
 */
function tieBreak(highs: Highs, examples: Examples, minimum: number): number[] | undefined {
  const n = examples.features;
  const base = 2 * minimum + 1;
  const perPass = Math.max(1, Math.floor(Math.log(MAX_PACKED) / Math.log(base)));
  const sumRow: Row = { terms: objective(n), lower: -Infinity, upper: minimum };
  const fixed: number[] = [];
  while (fixed.length <= n) {
    const next = Array.from({ length: Math.min(perPass, n + 1 - fixed.length) }, (_, t) => fixed.length + t);
    const terms = next.map((k, t): [number, string] => [base ** (next.length - 1 - t), variable(k, n)]);
    const pins = fixed.map((v, k): Row => ({ terms: [[1, variable(k, n)]], lower: v, upper: v }));
    const solution = solveIntegral(highs, n, (integral) => model(examples, 'Maximize', terms, [sumRow, ...pins], integral, minimum));
    if (!solution) return undefined;
    for (const k of next) fixed.push(solution[k]!);
  }
  return fixed;
}
