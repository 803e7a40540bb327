// Does a network of this architecture compute the table? An integer program, solved by HiGHS.
//
// An architecture fixes the neurons, the signals each may read, and which neurons may compute
// each target output. The unknowns are every neuron's whole weights and bias, bounded as
// bounds.ts proves sufficient, and its 0/1 value on every row that matters. With integer sums
// z, "fires" is z >= 0 and "does not" z <= −1, so each neuron and row gives two big-M rows:
//
//   z − M·o >= −M        (o = 1 ⇒ z >= 0)
//   z − M·o <= −1        (o = 0 ⇒ z <= −1)
//
// A weight on another neuron's value is a product w·o of a bounded integer and a binary,
// linearised as p with p <= W·o, p >= −W·o, p <= w + W(1 − o), p >= w − W(1 − o). Outputs are
// tied to neurons by binaries a (Σ_j a_qj = 1, and o_j agrees with the output on its rows where
// a_qj = 1), or fixed when there is one candidate.
//
// Symmetry is cut where it is free: a hidden neuron that is no output may be complemented (its
// readers negate their weight on it and add it to their bias: another threshold function of
// the same inputs), so it is 0 on the first row; neurons of one hidden layer, which read and
// are read alike, are sorted by how many rows they fire on.
//
// The answer: weights (checked exactly, by evaluating the network, before they are returned),
// "infeasible" (HiGHS's proof that no such network exists, within bounds that lose nothing),
// or "unknown" when the time ran out.

import { biasBound, murogaBound } from './bounds.js';
import { loadHighs, lpSum, primal, type LegacyHighsOptions } from '../solver/highs.js';
import { evaluateNeurons, type Signal, type SynthNeuron } from './network.js';
import type { Problem } from './problem.js';
import { inputBit } from './truth-table.js';

export interface Architecture {
  /** For each neuron in order, the signals it may read (inputs and earlier neurons). */
  readonly sources: readonly (readonly Signal[])[];
  /** For each target, the neurons that may compute it. */
  readonly candidates: readonly (readonly number[])[];
  /** Neurons grouped into hidden layers whose members are interchangeable (layered networks). */
  readonly interchangeable?: readonly (readonly number[])[];
  /** In a general network, the last neuron computes a target (else a smaller network would do). */
  readonly lastIsOutput?: boolean;
  /** Every candidate neuron computes some target (the last layer of a layered network). */
  readonly candidatesAreOutputs?: boolean;
  /** At most this many sources per neuron. */
  readonly maxFanIn?: number;
  /** At most this many neurons on any path (general networks; a layered shape fixes its depth). */
  readonly maxDepth?: number;
}

export type IlpAnswer =
  | { readonly kind: 'network'; readonly neurons: SynthNeuron[]; readonly assignment: number[] }
  | { readonly kind: 'infeasible' }
  | { readonly kind: 'unknown'; readonly reason: string };

// Presolve costs more than it saves on these small models; a little more heuristic effort than
// the default finds networks sooner where they exist (measured on parity, random 4-input
// functions and the 2-bit multiplier).
const OPTIONS: LegacyHighsOptions = { output_flag: false, presolve: 'off', mip_rel_gap: 0, mip_heuristic_effort: 0.3 };

/** Solves the architecture for the problem's targets, within `seconds`. */
export async function solveArchitecture(problem: Problem, arch: Architecture, seconds: number): Promise<IlpAnswer> {
  if (arch.sources.length === 0) return problem.targets.length === 0 ? { kind: 'network', neurons: [], assignment: [] } : { kind: 'infeasible' };
  if (arch.candidates.some((c) => c.length === 0)) return { kind: 'infeasible' };
  const highs = await loadHighs();
  const text = buildModel(problem, arch);
  let solution: ReturnType<typeof highs.solve>;
  try {
    solution = highs.solve(text, { ...OPTIONS, time_limit: Math.max(0.01, seconds) });
  } catch (e) {
    return { kind: 'unknown', reason: `the solver failed: ${(e as Error).message}` };
  }
  if (solution.Status === 'Infeasible') return { kind: 'infeasible' };
  if (solution.Status !== 'Optimal') return { kind: 'unknown', reason: solution.Status === 'Time limit reached' ? 'time limit' : `solver status ${solution.Status}` };
  const neurons = arch.sources.map((sources, j): SynthNeuron => ({
    name: `n${j + 1}`,
    weights: sources.map((_, s) => Math.round(primal(solution, w(j, s))) + 0),
    bias: Math.round(primal(solution, b(j))) + 0,
    sources,
  }));
  const assignment = arch.candidates.map((c, t) => (c.length === 1 ? c[0]! : c.find((j) => primal(solution, a(t, j)) > 0.5) ?? -1));
  if (!computesTargets(problem, neurons, assignment)) return { kind: 'unknown', reason: 'the solver\'s weights did not check out' };
  return { kind: 'network', neurons, assignment };
}

/** Whether the neurons, with targets on the assigned neurons, agree with every cared-for row. */
export function computesTargets(problem: Problem, neurons: readonly SynthNeuron[], assignment: readonly number[]): boolean {
  const { table } = problem;
  const n = table.inputs.length;
  const bits = new Uint8Array(n);
  const network = { name: '', inputs: table.inputs, outputs: [], neurons, outputSources: [] };
  for (const r of problem.rows) {
    for (let j = 0; j < n; j++) bits[j] = inputBit(r, j, n);
    const values = evaluateNeurons(network, bits);
    for (let t = 0; t < problem.targets.length; t++) {
      const q = problem.targets[t]!;
      const j = assignment[t]!;
      if (j < 0 || (table.care[q]![r] === 1 && values[j] !== table.on[q]![r])) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The model as CPLEX LP text

const w = (j: number, s: number) => `w${j}_${s}`;
const b = (j: number) => `b${j}`;
const o = (j: number, i: number) => `o${j}_${i}`;
const p = (j: number, s: number, i: number) => `p${j}_${s}_${i}`;
const a = (t: number, j: number) => `a${t}_${j}`;
const u = (j: number, s: number) => `u${j}_${s}`;
const depth = (j: number) => `d${j}`;

function buildModel(problem: Problem, arch: Architecture): string {
  const { table, rows, targets } = problem;
  const n = table.inputs.length;
  const K = arch.sources.length;
  // "Uses" binaries u: for every source under a fan-in limit, for neuron sources under a depth limit.
  const needsUse = (source: Signal) => arch.maxFanIn !== undefined || (arch.maxDepth !== undefined && source.kind === 'neuron');

  // A neuron's value on a row is known when it is the only candidate of a target that cares.
  const known: (0 | 1 | undefined)[][] = Array.from({ length: K }, () => new Array(rows.length).fill(undefined));
  arch.candidates.forEach((c, t) => {
    if (c.length !== 1) return;
    const q = targets[t]!;
    rows.forEach((r, i) => {
      if (table.care[q]![r] === 1) known[c[0]!]![i] = table.on[q]![r] as 0 | 1;
    });
  });
  const value = (j: number, i: number): string | 0 | 1 => known[j]![i] ?? o(j, i);

  const constraints: string[] = [];
  const bounds: string[] = [];
  const integers: string[] = [];
  const binaries: string[] = [];
  let c = 0;
  const add = (text: string) => constraints.push(` c${c++}: ${text}`);
  const usedO = new Set<string>();

  arch.sources.forEach((sources, j) => {
    const fan = Math.min(arch.maxFanIn ?? sources.length, sources.length);
    const W = murogaBound(fan);
    const B = biasBound(fan, W);
    sources.forEach((source, s) => {
      bounds.push(` -${W} <= ${w(j, s)} <= ${W}`);
      integers.push(w(j, s));
      if (needsUse(source)) {
        binaries.push(u(j, s));
        add(`${w(j, s)} - ${W} ${u(j, s)} <= 0`);
        add(`${w(j, s)} + ${W} ${u(j, s)} >= 0`);
      }
    });
    if (arch.maxFanIn !== undefined && arch.maxFanIn < sources.length) {
      add(`${lpSum(sources.map((_, s): [number, string] => [1, u(j, s)]))} <= ${arch.maxFanIn}`);
    }
    bounds.push(` -${B} <= ${b(j)} <= ${B}`);
    integers.push(b(j));

    rows.forEach((r, i) => {
      const terms: [number, string][] = [[1, b(j)]];
      let ones = 0;
      sources.forEach((source, s) => {
        if (source.kind === 'constant') {
          if (source.value === 1) {
            terms.push([1, w(j, s)]);
            ones++;
          }
        } else if (source.kind === 'input') {
          if (inputBit(r, source.index, n) === 1) {
            terms.push([1, w(j, s)]);
            ones++;
          }
        } else {
          const v = value(source.index, i);
          if (v === 1) {
            terms.push([1, w(j, s)]);
            ones++;
          } else if (v !== 0) {
            usedO.add(v);
            const product = p(j, s, i);
            terms.push([1, product]);
            ones++;
            bounds.push(` -${W} <= ${product} <= ${W}`);
            add(`${product} - ${W} ${v} <= 0`);
            add(`${product} + ${W} ${v} >= 0`);
            add(`${product} - ${w(j, s)} + ${W} ${v} <= ${W}`);
            add(`${product} - ${w(j, s)} - ${W} ${v} >= -${W}`);
          }
        }
      });
      const z = lpSum(terms);
      const fixed = value(j, i);
      if (fixed === 1) add(`${z} >= 0`);
      else if (fixed === 0) add(`${z} <= -1`);
      else {
        usedO.add(fixed);
        const M = Math.min(fan, ones) * W + B + 1;
        add(`${z} - ${M} ${fixed} >= -${M}`);
        add(`${z} - ${M} ${fixed} <= -1`);
      }
    });
  });

  // Targets and the neurons that compute them.
  const outputsOf: string[][] = Array.from({ length: K }, () => []);
  arch.candidates.forEach((candidates, t) => {
    if (candidates.length === 1) return;
    const q = targets[t]!;
    add(`${lpSum(candidates.map((j): [number, string] => [1, a(t, j)]))} = 1`);
    for (const j of candidates) {
      binaries.push(a(t, j));
      outputsOf[j]!.push(a(t, j));
      rows.forEach((r, i) => {
        if (table.care[q]![r] !== 1) return;
        const v = value(j, i);
        if (v === 0 || v === 1) {
          if (v !== table.on[q]![r]) add(`${a(t, j)} = 0`);
          return;
        }
        usedO.add(v);
        add(table.on[q]![r] === 1 ? `${v} - ${a(t, j)} >= 0` : `${v} + ${a(t, j)} <= 1`);
      });
    }
  });
  const fixedOutput = new Set(arch.candidates.filter((cs) => cs.length === 1).map((cs) => cs[0]!));
  const mustBeOutput = new Set<number>();
  if (arch.lastIsOutput) mustBeOutput.add(K - 1);
  if (arch.candidatesAreOutputs) for (const cs of arch.candidates) for (const j of cs) mustBeOutput.add(j);
  for (const j of mustBeOutput) {
    if (fixedOutput.has(j)) continue;
    if (outputsOf[j]!.length === 0) return infeasibleModel();
    add(`${lpSum(outputsOf[j]!.map((v): [number, string] => [1, v]))} >= 1`);
  }

  // Complement symmetry: a neuron that computes no target is 0 on the first row.
  for (let j = 0; j < K; j++) {
    if (fixedOutput.has(j) || rows.length === 0) continue;
    const v = value(j, 0);
    if (v === 0 || v === 1) continue;
    usedO.add(v);
    add(`${lpSum([[1, v], ...outputsOf[j]!.map((x): [number, string] => [-1, x])])} <= 0`);
  }
  // Interchangeable neurons fire on non-decreasing numbers of rows.
  for (const group of arch.interchangeable ?? []) {
    for (let k = 0; k + 1 < group.length; k++) {
      const count = (j: number) => rows.map((_, i): [number, string] => [1, o(j, i)]);
      const terms = [...count(group[k]!), ...count(group[k + 1]!).map(([x, name]): [number, string] => [-x, name])];
      for (const [, name] of terms) usedO.add(name);
      add(`${lpSum(terms)} <= 0`);
    }
  }
  // Depth: d_j >= d_l + 1 when neuron j reads neuron l.
  if (arch.maxDepth !== undefined) {
    const D = arch.maxDepth;
    arch.sources.forEach((sources, j) => {
      bounds.push(` 1 <= ${depth(j)} <= ${D}`);
      integers.push(depth(j));
      sources.forEach((source, s) => {
        if (source.kind === 'neuron') add(`${depth(j)} - ${depth(source.index)} - ${D} ${u(j, s)} >= ${1 - D}`);
      });
    });
  }

  for (const name of usedO) binaries.push(name);
  const lines = ['Minimize', ' obj: 0 b0', 'Subject To', ...constraints, 'Bounds', ...bounds];
  if (integers.length > 0) lines.push('General', ...chunks(integers));
  if (binaries.length > 0) lines.push('Binary', ...chunks([...new Set(binaries)]));
  lines.push('End');
  return lines.join('\n');
}

/** A model with no solution, for architectures that cannot work for a plain reason. */
function infeasibleModel(): string {
  return ['Minimize', ' obj: 0 x', 'Subject To', ' c0: x >= 1', 'Bounds', ' x <= 0', 'End'].join('\n');
}

/** Names on lines of a reasonable length: the LP reader handles long lines, people do not. */
function chunks(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 20) out.push(' ' + names.slice(i, i + 20).join(' '));
  return out;
}
