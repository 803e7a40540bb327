// Rosenblatt's perceptron learning rule, applied faithfully to one threshold neuron.
//
// A neuron fires when w·x + b >= 0. Each epoch visits every example once, in order (or in a
// fresh seeded order when `shuffle` is on), predicts ŷ = step(w·x + b) and, when ŷ is wrong,
// moves w ← w + α(y − ŷ)x and b ← b + α(y − ŷ). Training stops at the first epoch without an
// error; by the perceptron convergence theorem that epoch exists when the data are linearly
// separable (decide that first with `decideSeparability`, which also explains a refusal).

import { Random, shuffle } from './random.js';

export interface TrainOptions {
  /** Learning rate α > 0. */
  rate: number;
  /** Most epochs to run; training stops earlier at the first epoch without errors. */
  epochs: number;
  /** Starting weights: all zero, or drawn from N(0, σ²) with the seeded generator. */
  init: 'zeros' | 'normal';
  /** σ of the normal start (ignored for `zeros`). */
  sigma: number;
  /** Seeds every random choice (the normal start and the shuffles); taken modulo 2^32. */
  seed: number;
  /** Visit the examples in a fresh seeded random order each epoch. */
  shuffle: boolean;
}

/**
 * The defaults, and why:
 * rate 1: Rosenblatt's own rule. From a zero start the rate only scales every weight and the
 * bias by the same factor (each update is α times a ±x step), so up to rounding it changes
 * neither the neuron learned nor the epochs taken; 1 keeps a 0/1 table's arithmetic in small
 * integers (exact, and readable weights), where 0.1 would print 0.30000000000000004.
 * epochs 1000: from zeros the rule needs at most 12 epochs on any threshold function of up to
 * 3 inputs (16 from the normal starts tried, 38 for 4 inputs) and 6 on the Iris
 * setosa/versicolor experiment (sepal and petal length), so 1000 leaves ample headroom
 * without making a hopeless run slow.
 * init zeros: the textbook start; fully deterministic even without thinking about seeds.
 * sigma 0.1: small next to the rate-1 steps, so a random start varies the path and the
 * solution without dominating the first updates.
 * seed 1, shuffle false: the "each example in order", reproducible by default.
 */
export const DEFAULT_TRAIN_OPTIONS: Readonly<TrainOptions> = Object.freeze({
  rate: 1,
  epochs: 1000,
  init: 'zeros',
  sigma: 0.1,
  seed: 1,
  shuffle: false,
});

/** Labelled examples: `count` rows of `features` inputs, row-major, and a 0/1 label per row. */
export interface Examples {
  /** Row-major, `count × features`: input j of example i is `x[i * features + j]`. */
  readonly x: Float64Array;
  /** The label of each example, 0 or 1. */
  readonly y: Uint8Array;
  readonly count: number;
  readonly features: number;
}

export interface TrainResult {
  weights: number[];
  bias: number;
  /** Epochs run, including the error-free one that ended training. */
  epochs: number;
  /**
   * Misclassified examples (updates made) in each epoch, in order; past `MAX_RECORDED_EPOCHS`
   * epochs, one entry per `errorsSampling` epochs (the errors of the last of them), so that a
   * billion epochs cost no more memory than a hundred thousand.
   */
  errorsPerEpoch: number[];
  /** Epochs per entry of `errorsPerEpoch`: 1, or a power of 2 after a long run. */
  errorsSampling: number;
  /** Errors in the last epoch run. */
  lastErrors: number;
  /** Whether the last epoch run had no errors. */
  converged: boolean;
  /**
   * Whether training stopped because a weight stopped being a finite number (a huge rate
   * or huge inputs): the weights are then those of the last finite epoch.
   */
  diverged: boolean;
  /** Fraction of the examples the final neuron classifies correctly (1 when there are none). */
  accuracy: number;
}

/** Epochs whose errors are all kept; beyond, the record is thinned (see `errorsPerEpoch`). */
export const MAX_RECORDED_EPOCHS = 100_000;

/** Called now and then during a long run, with the epochs done so far. */
export type TrainProgress = (epochsDone: number, epochsAtMost: number) => void;

/**
 * Fits one threshold neuron to `examples` with the perceptron rule. Deterministic: the same
 * examples and options give bit-identical weights.
 */
export function trainPerceptron(examples: Examples, options: Partial<TrainOptions> = {}, progress?: TrainProgress): TrainResult {
  checkExamples(examples);
  const o = resolveOptions(options);
  const { x, y, count: m, features: n } = examples;
  const random = new Random(o.seed);
  // The bias rides along as w[n], so the hot loop returns just the error count.
  const w = new Float64Array(n + 1);
  // + 0 turns a -0 (σ = 0 times a negative draw) into 0, so that weights print as 0.
  if (o.init === 'normal') for (let j = 0; j < n; j++) w[j] = o.sigma * random.normal() + 0;

  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;

  const record = new ErrorRecord();
  let converged = false;
  let diverged = false;
  let epochs = 0;
  const last = new Float64Array(n + 1);
  // Report progress about every 2^24 example visits.
  const progressEvery = Math.max(1, Math.floor(2 ** 24 / Math.max(1, m * (n + 1))));
  const cycle = o.shuffle ? undefined : new CycleFinder(n + 1);
  while (epochs < o.epochs && !converged) {
    const length = cycle?.repeats(w, epochs);
    if (length !== undefined) {
      // The epochs from here on repeat the last `length` ones, errors and weights alike, so
      // whole rounds of them are recorded without running them; what is left over runs.
      const errors = cycle!.errors;
      const rounds = Math.floor((o.epochs - epochs) / length);
      for (let k = 0; k < rounds * length; k++) {
        epochs++;
        record.push(errors[k % length]!);
        if (progress && epochs % progressEvery === 0) progress(epochs, o.epochs);
      }
      continue;
    }
    if (o.shuffle) shuffle(order, random);
    last.set(w);
    const errors = epoch(x, y, order, w, n, o.rate);
    if (errors > 0 && !allFinite(w)) {
      w.set(last);
      diverged = true;
      break;
    }
    epochs++;
    record.push(errors);
    cycle?.ran(errors);
    converged = errors === 0;
    if (progress && epochs % progressEvery === 0) progress(epochs, o.epochs);
  }

  record.finish();
  return {
    weights: Array.from(w.subarray(0, n), (v) => v + 0),
    bias: w[n]! + 0,
    epochs,
    errorsPerEpoch: record.entries,
    errorsSampling: record.sampling,
    lastErrors: record.last,
    converged,
    diverged,
    // An epoch without errors checked every example against the final weights already.
    accuracy: converged || m === 0 ? 1 : (m - countErrors(x, y, w, n)) / m,
  };
}

/**
 * Finds where training in a fixed order goes round in circles, as it does for ever on a table
 * no neuron computes: an epoch in order is a function of the weights it starts from, so once
 * those repeat exactly, everything after repeats too. Brent's method: the weights are kept at
 * epochs 0, 1, 3, 7, … (each time twice as far on) and compared with those at the start of
 * every epoch, so a cycle is found within twice its length of starting, in bounded memory.
 */
class CycleFinder {
  private readonly kept: Float64Array;
  private keptAt = 0;
  private span = 1;
  /** The errors of the epochs since the weights were kept, in order. */
  readonly errors: number[] = [];
  private done = false;

  constructor(size: number) {
    this.kept = new Float64Array(size);
  }

  /**
   * Called before epoch `at` starts from weights `w`: the length of the cycle that `w` closes,
   * once (never again after it is found), or undefined.
   */
  repeats(w: Float64Array, at: number): number | undefined {
    if (this.done) return undefined;
    if (at === 0) {
      this.kept.set(w);
      return undefined;
    }
    let same = true;
    for (let j = 0; j < w.length; j++) {
      if (w[j] !== this.kept[j]) {
        same = false;
        break;
      }
    }
    if (same) {
      this.done = true;
      return at - this.keptAt;
    }
    if (at - this.keptAt === this.span) {
      // Beyond 2^16 epochs a cycle is not worth the memory of its errors.
      if (this.span >= 65536) this.done = true;
      this.kept.set(w);
      this.keptAt = at;
      this.span *= 2;
      this.errors.length = 0;
    }
    return undefined;
  }

  ran(errors: number): void {
    if (!this.done) this.errors.push(errors);
  }
}

/**
 * Errors per epoch, thinned by half whenever it would grow past MAX_RECORDED_EPOCHS entries:
 * the record of any training run, however long, takes bounded memory.
 */
export class ErrorRecord {
  entries: number[] = [];
  sampling = 1;
  last = 0;
  private pending = 0;

  push(errors: number): void {
    this.last = errors;
    if (++this.pending < this.sampling) return;
    this.pending = 0;
    this.entries.push(errors);
    if (this.entries.length >= MAX_RECORDED_EPOCHS) {
      // Keep the second of each pair: every entry is again the last epoch of its group (in
      // place, by a plain loop: a callback per entry cost more than the epochs of a small table).
      const entries = this.entries;
      let kept = 0;
      for (let i = 1; i < entries.length; i += 2) entries[kept++] = entries[i]!;
      entries.length = kept;
      this.sampling *= 2;
    }
  }

  /** The last epoch is always recorded, even part-way through a group. */
  finish(): void {
    if (this.pending > 0) this.entries.push(this.last);
    this.pending = 0;
  }
}

/**
 * One pass of the rule over the examples in `order`; returns the number of mistakes.
 *
 * Written for V8: typed arrays and scalars only, no allocation, so it compiles to a tight
 * loop. The dot products dominate, so examples go two at a time, sharing each load of w
 * between them; if the first is a mistake, w changes and the second's sum is recomputed. Both
 * sums use exactly the arithmetic of `activation`, so the result is the one-at-a-time rule's,
 * bit for bit (the tests compare with a plain implementation).
 */
function epoch(x: Float64Array, y: Uint8Array, order: Int32Array, w: Float64Array, n: number, rate: number): number {
  const m = order.length;
  let errors = 0;
  let k = 0;
  for (; k + 1 < m; k += 2) {
    const i1 = order[k]!;
    const i2 = order[k + 1]!;
    const r1 = i1 * n;
    const r2 = i2 * n;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const w0 = w[j]!;
      const w1 = w[j + 1]!;
      const w2 = w[j + 2]!;
      const w3 = w[j + 3]!;
      a0 += w0 * x[r1 + j]!;
      a1 += w1 * x[r1 + j + 1]!;
      a2 += w2 * x[r1 + j + 2]!;
      a3 += w3 * x[r1 + j + 3]!;
      b0 += w0 * x[r2 + j]!;
      b1 += w1 * x[r2 + j + 1]!;
      b2 += w2 * x[r2 + j + 2]!;
      b3 += w3 * x[r2 + j + 3]!;
    }
    let s1 = a0 + a1 + (a2 + a3);
    let s2 = b0 + b1 + (b2 + b3);
    for (; j < n; j++) {
      s1 += w[j]! * x[r1 + j]!;
      s2 += w[j]! * x[r2 + j]!;
    }
    let z2 = w[n]! + s2;
    if (learn(x, y[i1]!, w[n]! + s1, w, r1, n, rate)) {
      errors++;
      z2 = activation(w, x, r2, n);
    }
    if (learn(x, y[i2]!, z2, w, r2, n, rate)) errors++;
  }
  if (k < m && learn(x, y[order[k]!]!, activation(w, x, order[k]! * n, n), w, order[k]! * n, n, rate)) errors++;
  return errors;
}

/**
 * The rule on one example, given its sum z = w·x + b: on a mistake, w ← w + α(y − ŷ)x and
 * b ← b + α(y − ŷ). Returns whether it was a mistake.
 */
function learn(x: Float64Array, label: number, z: number, w: Float64Array, row: number, n: number, rate: number): boolean {
  const delta = label - (z >= 0 ? 1 : 0);
  if (delta === 0) return false;
  const step = rate * delta;
  for (let j = 0; j < n; j++) w[j]! += step * x[row + j]!;
  w[n]! += step;
  return true;
}

/**
 * w·x + b for the example starting at `x[row]`, with the bias in `w[n]`.
 * Four partial sums instead of one: a single running sum waits on each floating-point
 * addition before starting the next. The grouping is fixed, ((s0 + s1) + (s2 + s3)), then the
 * leftover terms, then b, so results are reproducible bit for bit; they can differ in the last
 * bit from a left-to-right sum, which never matters on 0/1 tables (every sum is exact there).
 */
function activation(w: Float64Array, x: Float64Array, row: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += w[j]! * x[row + j]!;
    s1 += w[j + 1]! * x[row + j + 1]!;
    s2 += w[j + 2]! * x[row + j + 2]!;
    s3 += w[j + 3]! * x[row + j + 3]!;
  }
  let z = s0 + s1 + (s2 + s3);
  for (; j < n; j++) z += w[j]! * x[row + j]!;
  return w[n]! + z;
}

/** Whether every entry is a finite number (a plain loop: `every` with a callback costs more than an epoch of a small table). */
function allFinite(w: Float64Array): boolean {
  for (let j = 0; j < w.length; j++) if (!Number.isFinite(w[j]!)) return false;
  return true;
}

function countErrors(x: Float64Array, y: Uint8Array, w: Float64Array, n: number): number {
  let errors = 0;
  for (let i = 0; i < y.length; i++) if ((activation(w, x, i * n, n) >= 0 ? 1 : 0) !== y[i]) errors++;
  return errors;
}

function resolveOptions(options: Partial<TrainOptions>): TrainOptions {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };
  // Spread would copy explicit `undefined`s over the defaults; skip them instead.
  for (const key of Object.keys(options) as (keyof TrainOptions)[]) {
    if (options[key] !== undefined) Object.assign(o, { [key]: options[key] });
  }
  if (!(Number.isFinite(o.rate) && o.rate > 0)) throw new RangeError(`rate must be a finite number > 0, got ${o.rate}`);
  if (!(Number.isInteger(o.epochs) && o.epochs >= 0)) throw new RangeError(`epochs must be an integer >= 0, got ${o.epochs}`);
  if (!(Number.isFinite(o.sigma) && o.sigma >= 0)) throw new RangeError(`sigma must be a finite number >= 0, got ${o.sigma}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (o.init !== 'zeros' && o.init !== 'normal') throw new RangeError(`init must be 'zeros' or 'normal', got ${String(o.init)}`);
  return o;
}

/** Rejects malformed examples: they are a caller's bug, not a user's data problem. */
export function checkExamples(examples: Examples): void {
  const { x, y, count, features } = examples;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(features) || features < 0) {
    throw new RangeError(`examples need integer count and features >= 0, got ${count} and ${features}`);
  }
  if (x.length !== count * features) throw new RangeError(`examples.x has ${x.length} numbers, expected ${count} × ${features}`);
  if (y.length !== count) throw new RangeError(`examples.y has ${y.length} labels, expected ${count}`);
  for (let i = 0; i < count; i++) if (y[i]! > 1) throw new RangeError(`label ${i} is ${y[i]}, not 0 or 1`);
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) throw new RangeError(`input ${k} is ${x[k]}, not finite`);
}
