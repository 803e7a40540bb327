// Can one threshold neuron compute these labelled points, decided exactly and fast, without
// an LP library: the many small decisions of synthesis (and the 65,536 functions of 4 inputs
// in the tests) would spend most of their time starting HiGHS.
//
// No neuron separates the points exactly when some λ >= 0, Σλ = 1, makes
// Σ λ_i s_i (x_i, 1) = 0, where s_i is +1 on 1-points and −1 on 0-points (Farkas' lemma: the two
// classes' convex hulls meet). That is the phase 1 of a simplex method on d + 2 equality rows,
// run here in integer ("fraction-free") arithmetic: every tableau entry is a minor of the
// starting matrix, so with 0/1 points the numbers stay small, and every step is exact.
// The most negative reduced cost enters for the first few pivots (fewer pivots on these
// problems), then Bland's rule (lowest index enters and leaves), which cannot cycle, so the
// method always ends, with either
//
// - λ with phase-1 objective 0: the certificate, scaled to whole multipliers; or
// - a positive optimum, whose dual y has M^T y <= 0 and y_last > 0, so (w, b) = −(y_0 … y_d)
//   gives s_i (w·x_i + b) > 0 on every point: the neuron, with whole weights.
//
// Both answers are checked exactly before they are returned. The numbers are JavaScript
// doubles while every product stays below 2^53, and BigInts when one would not.

export interface LabelledPoints {
  /** Coordinates per point. */
  readonly dim: number;
  readonly count: number;
  /** Row-major `count × dim` integer coordinates (bits, for truth tables). */
  readonly x: ArrayLike<number>;
  /** 1 where the neuron must fire, 0 where it must not. */
  readonly y: ArrayLike<number>;
}

export interface CertificateTerm {
  readonly point: number;
  /** A positive whole number. */
  readonly multiplier: bigint;
}

export type NeuronDecision =
  /** Whole weights and bias; `w·x + b >= 0` exactly on the points labelled 1. */
  | { readonly kind: 'neuron'; readonly weights: number[]; readonly bias: number }
  /**
   * Σ multiplier·(x, 1) over `positives` equals the same over `negatives`: the same total
   * weight and the same weighted sum, so their averages coincide and no neuron can put that
   * point on both sides.
   */
  | { readonly kind: 'impossible'; readonly positives: CertificateTerm[]; readonly negatives: CertificateTerm[] };

/**
 * Decides exactly whether one neuron fires on exactly the points labelled 1, with evidence
 * either way (checked before it is returned).
 */
export function decideNeuron(given: LabelledPoints): NeuronDecision {
  if (given.count === 0) return { kind: 'neuron', weights: new Array<number>(given.dim).fill(0), bias: 0 };
  const points = canonical(given);
  let decision: NeuronDecision | undefined;
  try {
    decision = phaseOneDoubles(points);
  } catch (e) {
    if (!(e instanceof Overflow)) throw e;
    decision = phaseOneBig(points);
  }
  if (decision === undefined) throw new RangeError('the points need weights too large for a double to hold exactly');
  checkDecision(points, decision);
  return decision;
}

/**
 * The points as one kind of object holding one kind of array (the same numbers, copied into
 * buffers kept for all the decisions). Callers pass bytes, plain arrays and points with
 * extra fields; each new kind that reached the simplex made V8 compile it again (some 40 ms
 * each).
 */
function canonical(points: LabelledPoints): LabelledPoints {
  if (pointsX.length < points.x.length) pointsX = new Float64Array(Math.max(points.x.length, 2 * pointsX.length));
  if (pointsY.length < points.y.length) pointsY = new Float64Array(Math.max(points.y.length, 2 * pointsY.length));
  pointsX.set(points.x);
  pointsY.set(points.y);
  return { dim: points.dim, count: points.count, x: pointsX, y: pointsY };
}

let pointsX = new Float64Array(256);
let pointsY = new Float64Array(64);

// ---------------------------------------------------------------------------------------------
// Phase 1 in integer arithmetic: BigInts here, doubles (checked) below

class Overflow extends Error {}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Rows 0 … d−1 are the coordinates, row d the bias, row d+1 Σλ = 1, row d+2 the phase-1
 * reduced costs. Columns 0 … N−1 are the λ_i, N … N+d+1 the artificial variables, the last
 * the right-hand side. The actual tableau is T / D, D the determinant of the current basis.
 * Bland's rule throughout: this is the path for the rare points whose numbers outgrow doubles.
 */
function phaseOneBig(points: LabelledPoints): NeuronDecision | undefined {
  const { dim: d, count: N, x, y } = points;
  const R = d + 2;
  const C = N + R; // the right-hand side's column
  const width = C + 1;
  const t: bigint[] = new Array<bigint>((R + 1) * width).fill(0n);
  const at = (r: number, c: number): number => r * width + c;
  for (let i = 0; i < N; i++) {
    const s = y[i] === 1 ? 1 : -1;
    let column = 0;
    for (let j = 0; j < d; j++) {
      const v = s * x[i * d + j]!;
      t[at(j, i)] = BigInt(v);
      column += v;
    }
    t[at(d, i)] = BigInt(s);
    t[at(d + 1, i)] = 1n;
    t[at(R, i)] = BigInt(-(column + s + 1));
  }
  for (let r = 0; r < R; r++) t[at(r, N + r)] = 1n;
  t[at(d + 1, C)] = 1n;
  t[at(R, C)] = -1n;
  const basis = Array.from({ length: R }, (_, r) => N + r);
  let D = 1n;

  while (t[at(R, C)]! !== 0n) {
    // The lowest-numbered column with a negative reduced cost enters ...
    let c = -1;
    for (let k = 0; k < C; k++) {
      if (t[at(R, k)]! < 0n) {
        c = k;
        break;
      }
    }
    if (c < 0) break; // optimal with a positive objective: separable
    // ... and of the rows with the least ratio, the one whose basic variable is lowest leaves.
    let r = -1;
    for (let k = 0; k < R; k++) {
      const a = t[at(k, c)]!;
      if (a <= 0n) continue;
      if (r < 0) {
        r = k;
        continue;
      }
      // rhs_k / a_k < rhs_r / a_r, both denominators positive
      const cmp = t[at(k, C)]! * t[at(r, c)]! - t[at(r, C)]! * a;
      if (cmp < 0n || (cmp === 0n && basis[k]! < basis[r]!)) r = k;
    }
    if (r < 0) throw new Error('internal error: phase 1 of the neuron decision is unbounded');
    const p = t[at(r, c)]!;
    for (let k = 0; k <= R; k++) {
      if (k === r) continue;
      const f = t[at(k, c)]!;
      for (let j = 0; j < width; j++) {
        const v = p * t[at(k, j)]! - f * t[at(r, j)]!;
        if (v % D !== 0n) throw new Error('internal error: inexact division in the integer simplex');
        t[at(k, j)] = v / D;
      }
    }
    D = p;
    basis[r] = c;
  }

  if (t[at(R, C)]! === 0n) {
    const positives: CertificateTerm[] = [];
    const negatives: CertificateTerm[] = [];
    basis.forEach((column, r) => {
      if (column >= N) return;
      const m = t[at(r, C)]!;
      if (m === 0n) return;
      (y[column] === 1 ? positives : negatives).push({ point: column, multiplier: m });
    });
    const g = [...positives, ...negatives].reduce((acc, term) => gcd(acc, term.multiplier), 0n);
    const scale = (terms: CertificateTerm[]) => terms.map((term) => ({ point: term.point, multiplier: term.multiplier / g }));
    return { kind: 'impossible', positives: scale(positives), negatives: scale(negatives) };
  }
  // The dual: y_k = 1 − (reduced cost of artificial k), and (w, b) = −y scaled by D.
  const u = Array.from({ length: d + 1 }, (_, k) => t[at(R, N + k)]! - D);
  const g = u.reduce((acc, v) => gcd(acc, v), 0n);
  const reduced = u.map((v) => (g > 1n ? v / g : v));
  if (reduced.some((v) => v > BigInt(SAFE) || v < -BigInt(SAFE))) return undefined;
  return { kind: 'neuron', weights: reduced.slice(0, d).map(Number), bias: Number(reduced[d]!) };
}

/**
 * The same phase 1 in doubles in a Float64Array, the common case, several times faster. No
 * product may reach 2^53, so that every operation is exact. Usually Hadamard's bound proves
 * that before the first pivot; otherwise each pivot makes sure of it (every entry is below
 * `limit`), and throws Overflow for the caller to start again with BigInts.
 */
function phaseOneDoubles(points: LabelledPoints): NeuronDecision | undefined {
  const { dim: d, count: N, x, y } = points;
  const R = d + 2;
  const C = N + R;
  const width = C + 1;
  const t = tableau((R + 1) * width);
  const obj = R * width;
  for (let i = 0; i < N; i++) {
    const s = y[i] === 1 ? 1 : -1;
    let column = 0;
    for (let j = 0; j < d; j++) {
      const v = s * x[i * d + j]!;
      t[j * width + i] = v;
      column += v;
    }
    t[d * width + i] = s;
    t[(d + 1) * width + i] = 1;
    t[obj + i] = -(column + s + 1);
  }
  for (let r = 0; r < R; r++) t[r * width + N + r] = 1;
  t[(d + 1) * width + C] = 1;
  t[obj + C] = -1;
  const basis = new Int32Array(R);
  for (let r = 0; r < R; r++) basis[r] = N + r;
  let D = 1;
  // |p·a − f·b| <= 2·largest² must stay a safe integer (a margin of 2 for the bound's rounding).
  const bounded = entryBoundSquared(t, R + 1, width) <= SAFE / 4;
  // Otherwise the largest entry of each row is kept, so that a pivot looks only at the rows it
  // changes: the pivot row and the rows with a 0 in the pivot column (when p = D) stay as they are.
  const rowMax = bounded ? undefined : rowMaxima(t, R + 1, width);
  let largest = rowMax ? maxAbs(rowMax, R + 1) : 0;
  const limit = Math.sqrt(SAFE / 2);

  let steps = 0;
  while (t[obj + C] !== 0) {
    // Dantzig's rule while it is cheap to trust, then Bland's, which guarantees the end.
    let c = -1;
    if (steps++ < 4 * R) {
      let most = 0;
      for (let k = 0; k < C; k++) {
        if (t[obj + k]! < most) {
          most = t[obj + k]!;
          c = k;
        }
      }
    } else {
      for (let k = 0; k < C; k++) {
        if (t[obj + k]! < 0) {
          c = k;
          break;
        }
      }
    }
    if (c < 0) break;
    let r = -1;
    for (let k = 0; k < R; k++) {
      const a = t[k * width + c]!;
      if (a <= 0) continue;
      if (r < 0) {
        r = k;
        continue;
      }
      const cmp = t[k * width + C]! * t[r * width + c]! - t[r * width + C]! * a;
      if (cmp < 0 || (cmp === 0 && basis[k]! < basis[r]!)) r = k;
    }
    if (r < 0) throw new Error('internal error: phase 1 of the neuron decision is unbounded');
    const p = t[r * width + c]!;
    if (rowMax === undefined) pivotBounded(t, R, width, r, c, p, D);
    else {
      if (largest > limit) throw new Overflow();
      pivotTracked(t, R, width, r, c, p, D, rowMax);
      largest = maxAbs(rowMax, R + 1);
    }
    D = p;
    basis[r] = c;
  }

  // The answer is read off by functions of their own: V8 compiles a small function much faster
  // than one large one (this one took 55 ms to optimise when it held them all).
  if (t[obj + C] === 0) return certificateOf(t, basis, R, width, N, y);
  return neuronOf(t, obj, N, d, D);
}

/** One pivot like `pivotBounded`, keeping each changed row's largest entry in `maxima`. */
function pivotTracked(t: Float64Array, R: number, width: number, r: number, c: number, p: number, D: number, maxima: Float64Array): void {
  const pivotRow = r * width;
  for (let k = 0; k <= R; k++) {
    if (k === r) continue;
    const row = k * width;
    const f = t[row + c]!;
    if (f === 0 && p === D) continue;
    let next = 0;
    // Dividing by 1 is the first pivot's, and costs as much as the rest of the step.
    if (D === 1) {
      for (let j = 0; j < width; j++) {
        const v = p * t[row + j]! - f * t[pivotRow + j]!;
        t[row + j] = v;
        if (v > next) next = v;
        else if (-v > next) next = -v;
      }
    } else {
      for (let j = 0; j < width; j++) {
        const v = (p * t[row + j]! - f * t[pivotRow + j]!) / D;
        t[row + j] = v;
        if (v > next) next = v;
        else if (-v > next) next = -v;
      }
    }
    maxima[k] = next;
  }
}

/** The certificate of a zero phase-1 optimum: the basic λ, scaled to whole multipliers. */
function certificateOf(t: Float64Array, basis: Int32Array, R: number, width: number, N: number, y: ArrayLike<number>): NeuronDecision {
  const C = width - 1;
  const positives: CertificateTerm[] = [];
  const negatives: CertificateTerm[] = [];
  let g = 0;
  for (let r = 0; r < R; r++) {
    const m = t[r * width + C]!;
    if (basis[r]! < N && m !== 0) g = gcdNumber(g, m);
  }
  for (let r = 0; r < R; r++) {
    const column = basis[r]!;
    const m = t[r * width + C]!;
    if (column >= N || m === 0) continue;
    (y[column] === 1 ? positives : negatives).push({ point: column, multiplier: BigInt(m / g) });
  }
  return { kind: 'impossible', positives, negatives };
}

/** The neuron of a positive optimum: the dual, from the artificial columns' reduced costs. */
function neuronOf(t: Float64Array, obj: number, N: number, d: number, D: number): NeuronDecision {
  // In a typed array and plain loops: an array of these numbers would hold small integers
  // one time and doubles the next, and each change of kind made V8 compile this function again.
  const u = new Float64Array(d + 1);
  let g = 0;
  for (let k = 0; k <= d; k++) {
    u[k] = t[obj + N + k]! - D;
    g = gcdNumber(g, u[k]!);
  }
  if (g > 1) for (let k = 0; k <= d; k++) u[k]! /= g;
  for (let k = 0; k <= d; k++) u[k]! += 0; // no −0
  // Copied by a loop: Array.from of a subarray took an eighth of a small decision's time.
  const weights: number[] = [];
  for (let k = 0; k < d; k++) weights.push(u[k]!);
  return { kind: 'neuron', weights, bias: u[d]! };
}

/**
 * One pivot of the doubles' tableau (rows 0 … R, pivot row r and column c, pivot p, previous
 * pivot D), when no product can reach 2^53.
 */
function pivotBounded(t: Float64Array, R: number, width: number, r: number, c: number, p: number, D: number): void {
  const pivotRow = r * width;
  for (let k = 0; k <= R; k++) {
    if (k === r) continue;
    const row = k * width;
    const f = t[row + c]!;
    if (f === 0 && p === D) continue;
    if (D === 1) {
      for (let j = 0; j < width; j++) t[row + j] = p * t[row + j]! - f * t[pivotRow + j]!;
    } else {
      for (let j = 0; j < width; j++) t[row + j] = (p * t[row + j]! - f * t[pivotRow + j]!) / D;
    }
  }
}

/**
 * A bound on the square of every entry the tableau (its first `rows` rows) can ever hold. The
 * tableau is det(B)·B⁻¹ times the starting one, B the basis (the objective row's own column
 * included), so by Cramer's rule each entry is, but for its sign, the determinant of a square
 * submatrix of order `rows` of the starting tableau with that column: at most the product of its
 * rows' lengths (Hadamard's inequality), each at most the row's whole length and at most
 * √rows times its largest entry. The product is rounded upwards or downwards by a few parts in
 * 2^53 at most.
 */
function entryBoundSquared(t: Float64Array, rows: number, width: number): number {
  let bound = 1;
  for (let r = 0; r < rows; r++) {
    // The objective row's own column holds a 1 in that row alone.
    let sum = r === rows - 1 ? 1 : 0;
    let most = sum;
    for (let j = 0; j < width; j++) {
      const v = t[r * width + j]!;
      sum += v * v;
      if (v * v > most) most = v * v;
    }
    bound *= Math.min(sum, rows * most);
  }
  return bound;
}

/**
 * A buffer whose first `size` entries are zero, for a tableau: one kept for all the decisions
 * (synthesis makes them by the hundred thousand, and allocating each took a quarter of their
 * time). It may be longer: the tableau is its first `size` entries.
 */
function tableau(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, 2 * scratch.length));
  scratch.fill(0, 0, size);
  return scratch;
}

let scratch = new Float64Array(1024);

/** The largest absolute value in each of the first `rows` rows. */
function rowMaxima(t: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = maxAbs(t.subarray(r * width, (r + 1) * width), width);
  return out;
}

function maxAbs(t: Float64Array, size: number): number {
  let m = 0;
  for (let k = 0; k < size; k++) {
    const v = t[k]!;
    if (v > m) m = v;
    else if (-v > m) m = -v;
  }
  return m;
}

function gcdNumber(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

// ---------------------------------------------------------------------------------------------
// The exact check of either answer

function checkDecision(points: LabelledPoints, decision: NeuronDecision): void {
  const { dim: d, count: N, x, y } = points;
  if (decision.kind === 'neuron') {
    const { weights: w, bias: b } = decision;
    // Doubles are exact while every partial sum stays below 2^53.
    let scale = Math.abs(b);
    let xMax = 0;
    for (let k = 0; k < N * d; k++) xMax = Math.max(xMax, Math.abs(x[k]!));
    for (const v of w) scale += Math.abs(v) * xMax;
    if (scale > SAFE) {
      const wb = w.map(BigInt);
      for (let i = 0; i < N; i++) {
        let z = BigInt(b);
        for (let j = 0; j < d; j++) z += wb[j]! * BigInt(x[i * d + j]!);
        if ((z >= 0n) !== (y[i] === 1)) throw new Error('internal error: the neuron decision\'s weights do not check out');
      }
      return;
    }
    for (let i = 0; i < N; i++) {
      let z = b;
      for (let j = 0; j < d; j++) z += w[j]! * x[i * d + j]!;
      if ((z >= 0) !== (y[i] === 1)) throw new Error('internal error: the neuron decision\'s weights do not check out');
    }
    return;
  }
  // In doubles while no sum can reach 2^53 (the common case: small multipliers and bits),
  // else in BigInts.
  let xMax = 1;
  for (let k = 0; k < N * d; k++) xMax = Math.max(xMax, Math.abs(x[k]!));
  let total = 0;
  for (const { multiplier } of decision.positives) total += Number(multiplier);
  for (const { multiplier } of decision.negatives) total += Number(multiplier);
  if (total * xMax <= SAFE) {
    const sums = new Float64Array(d + 1);
    const addNumbers = (terms: readonly CertificateTerm[], sign: number, label: number) => {
      for (const { point, multiplier } of terms) {
        if (multiplier <= 0n || y[point] !== label) throw new Error('internal error: a malformed certificate');
        const m = sign * Number(multiplier);
        for (let j = 0; j < d; j++) sums[j]! += m * x[point * d + j]!;
        sums[d]! += m;
      }
    };
    addNumbers(decision.positives, 1, 1);
    addNumbers(decision.negatives, -1, 0);
    if (decision.positives.length === 0 || sums.some((v) => v !== 0)) {
      throw new Error('internal error: the neuron decision\'s certificate does not check out');
    }
    return;
  }
  const sum = new Array<bigint>(d + 1).fill(0n);
  const add = (terms: readonly CertificateTerm[], sign: bigint, label: number) => {
    for (const { point, multiplier } of terms) {
      if (multiplier <= 0n || y[point] !== label) throw new Error('internal error: a malformed certificate');
      for (let j = 0; j < d; j++) sum[j]! += sign * multiplier * BigInt(x[point * d + j]!);
      sum[d]! += sign * multiplier;
    }
  };
  add(decision.positives, 1n, 1);
  add(decision.negatives, -1n, 0);
  if (decision.positives.length === 0 || sum.some((v) => v !== 0n)) {
    throw new Error('internal error: the neuron decision\'s certificate does not check out');
  }
}
