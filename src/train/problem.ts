// What a table asks of a network, once the easy parts are taken out: the rows that matter,
// the outputs that are only wires (a constant, an input passed through, a copy of another
// output), and the outputs that need neurons ("targets").

import { decideNeuron, type CertificateTerm, type LabelledPoints, type NeuronDecision } from './threshold.js';
import { caredRows, inputBit, inputBits, type TruthTable } from './truth-table.js';

export type Wiring =
  | { readonly kind: 'constant'; readonly value: 0 | 1 }
  | { readonly kind: 'input'; readonly index: number }
  /** The same as output `output`, which comes earlier. */
  | { readonly kind: 'same'; readonly output: number }
  /** Computed by a neuron: target number `target`. */
  | { readonly kind: 'target'; readonly target: number };

export interface Problem {
  readonly table: TruthTable;
  /** The rows some output cares about; a network's values elsewhere do not matter. */
  readonly rows: readonly number[];
  /** Per output of the table. */
  readonly wiring: readonly Wiring[];
  /** The outputs that need a neuron, as indices into the table's outputs. */
  readonly targets: readonly number[];
}

export function problemOf(table: TruthTable): Problem {
  const n = table.inputs.length;
  const rows = caredRows(table);
  const wiring: Wiring[] = [];
  const targets: number[] = [];
  table.outputs.forEach((_, q) => {
    const care = table.care[q]!;
    const on = table.on[q]!;
    const cared = rows.filter((r) => care[r] === 1);
    const agrees = (value: (r: number) => number) => cared.every((r) => on[r] === value(r));
    if (agrees(() => 0)) return wiring.push({ kind: 'constant', value: 0 });
    if (agrees(() => 1)) return wiring.push({ kind: 'constant', value: 1 });
    for (let j = 0; j < n; j++) if (agrees((r) => inputBit(r, j, n))) return wiring.push({ kind: 'input', index: j });
    for (let p = 0; p < q; p++) {
      if (wiring[p]!.kind === 'target' && sameSpecification(table, p, q)) return wiring.push({ kind: 'same', output: p });
    }
    wiring.push({ kind: 'target', target: targets.length });
    targets.push(q);
  });
  return { table, rows, wiring, targets };
}

function sameSpecification(table: TruthTable, p: number, q: number): boolean {
  const [cp, cq, op, oq] = [table.care[p]!, table.care[q]!, table.on[p]!, table.on[q]!];
  for (let r = 0; r < cp.length; r++) if (cp[r] !== cq[r] || op[r] !== oq[r]) return false;
  return true;
}

/** Whether two targets can never be one neuron: they disagree on a row both care about. */
export function incompatible(problem: Problem, s: number, t: number): boolean {
  const { table } = problem;
  const [p, q] = [problem.targets[s]!, problem.targets[t]!];
  return problem.rows.some((r) => table.care[p]![r] === 1 && table.care[q]![r] === 1 && table.on[p]![r] !== table.on[q]![r]);
}

/**
 * A set of pairwise incompatible targets (found greedily): no neuron computes two of them,
 * so every network needs at least this many neurons. Usually every target.
 */
export function incompatibleSet(problem: Problem): number[] {
  const chosen: number[] = [];
  problem.targets.forEach((_, t) => {
    if (chosen.every((s) => incompatible(problem, s, t))) chosen.push(t);
  });
  return chosen;
}

/** Target t's cared rows as labelled points over the inputs, plus any extra columns. */
export function targetPoints(problem: Problem, t: number, extra: readonly ((row: number) => number)[] = []): LabelledPoints & { rows: number[] } {
  const { table } = problem;
  const q = problem.targets[t]!;
  const n = table.inputs.length;
  const rows = problem.rows.filter((r) => table.care[q]![r] === 1);
  const dim = n + extra.length;
  const x = new Uint8Array(rows.length * dim);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < n; j++) x[i * dim + j] = inputBit(r, j, n);
    extra.forEach((column, e) => (x[i * dim + n + e] = column(r)));
    y[i] = table.on[q]![r]!;
  });
  return { dim, count: rows.length, x, y, rows };
}

/**
 * Whether one neuron on the inputs computes target t, with the evidence. Where the target
 * rises with an input somewhere and falls with it elsewhere, the four rows that show it are
 * the certificate (they read best: for XOR, (0, 1) + (1, 0) = (0, 0) + (1, 1)); otherwise the
 * exact decision of threshold.ts gives one.
 */
export function decideTarget(problem: Problem, t: number): NeuronDecision {
  const points = targetPoints(problem, t);
  return notUnate(problem, t, points.rows) ?? decideNeuron(points);
}

/**
 * Rows a, b with input j at 0 where the target goes 0 → 1 from a to a + e_j and 1 → 0 from b
 * to b + e_j: then (a + e_j) + b = a + (b + e_j), two 1-rows and two 0-rows with one sum. A
 * neuron's sum rises with x_j everywhere if w_j > 0 and falls everywhere if w_j < 0.
 */
function notUnate(problem: Problem, t: number, rows: readonly number[]): NeuronDecision | undefined {
  const { table } = problem;
  const q = problem.targets[t]!;
  const n = table.inputs.length;
  const index = new Map(rows.map((r, i) => [r, i]));
  for (let j = 0; j < n; j++) {
    const bit = 2 ** (n - 1 - j);
    let rise: number | undefined;
    let fall: number | undefined;
    for (const r of rows) {
      if ((r & bit) !== 0 || !index.has(r + bit)) continue;
      const [low, high] = [table.on[q]![r], table.on[q]![r + bit]];
      if (low === 0 && high === 1) rise ??= r;
      if (low === 1 && high === 0) fall ??= r;
      if (rise !== undefined && fall !== undefined) {
        const term = (row: number) => ({ point: index.get(row)!, multiplier: 1n });
        return { kind: 'impossible', positives: [term(rise + bit), term(fall)], negatives: [term(rise), term(fall + bit)] };
      }
    }
  }
  return undefined;
}

/**
 * For XOR: "over (x1, x2), the 2 rows (0, 1), (1, 0), which give 1, and the 2 rows (0, 0),
 * (1, 1), which give 0, have the same sum (1, 1); ..." A row with multiplier k counts k times.
 */
export function describeTargetCertificate(problem: Problem, t: number, decision: NeuronDecision): string {
  if (decision.kind !== 'impossible') throw new Error('internal error: no certificate to describe');
  const { table } = problem;
  const q = problem.targets[t]!;
  const rows = problem.rows.filter((r) => table.care[q]![r] === 1);
  const n = table.inputs.length;
  const sum = new Array<bigint>(n).fill(0n);
  let count = 0n;
  for (const term of decision.positives) {
    inputBits(rows[term.point]!, n).forEach((v, j) => (sum[j]! += term.multiplier * BigInt(v)));
    count += term.multiplier;
  }
  const side = (terms: readonly CertificateTerm[]) =>
    terms.map((term) => `${term.multiplier === 1n ? '' : `${term.multiplier} × `}(${inputBits(rows[term.point]!, n).join(', ')})`).join(', ');
  return (
    `over (${table.inputs.join(', ')}), the ${count} rows ${side(decision.positives)}, which give 1, and the ${count} rows ${side(decision.negatives)}, ` +
    `which give 0, have the same sum (${sum.join(', ')}); so a neuron's w·x + b added up over either set is the same number, ` +
    'which would have to be ≥ 0 (every row of the first set fires) and < 0 (no row of the second does)'
  );
}
