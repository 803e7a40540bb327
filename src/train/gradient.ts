// Training hidden layers on data: gradient descent on a smooth stand-in for the step, then
// back to steps. A layered network of the given shape computes σ(w·a + b) in every neuron
// (σ the logistic function; tanh in hidden layers if asked), and full-batch gradient descent
// with momentum lowers the cross-entropy between its outputs and the 0/1 labels. After every
// epoch the network is hardened, each σ replaced by the step it approximates (σ(z) >= 1/2
// exactly when z >= 0, so the output neuron fires where σ says 1; a tanh unit t ≈ 2·step − 1
// becomes a step unit with its readers' weights doubled and biases moved), and the examples it
// gets wrong are counted: the errors per epoch. Training stops at the first epoch whose hardened
// network gets every example right, or after `epochs`.
//
// The result is that hardened network, checked in exact arithmetic on every example (every
// double is a dyadic rational, so each sum w·x + b has an exact sign). Randomness comes only
// from the seed, through nn's own generator, so a run is the same on every machine.

import { exactFires, type Signal, type SynthNeuron, type ThresholdNetwork } from './network.js';
import { ErrorRecord, type TrainProgress } from './perceptron.js';
import { Random } from './random.js';

export { exactFires };

export interface LabelledData {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly count: number;
  /** Row-major `count × inputs.length`. */
  readonly x: Float64Array;
  /** Row-major `count × outputs.length`, each 0 or 1. */
  readonly y: Uint8Array;
  /** Row-major like `y`: 1 where the label counts; all by default. */
  readonly care?: Uint8Array;
}

export interface GradientOptions {
  /** Most passes over the data (default 5000). */
  readonly epochs: number;
  /** Step size (default 1). */
  readonly rate: number;
  /** Momentum (default 0.9). */
  readonly momentum: number;
  /** Seed of the starting weights (default 1). */
  readonly seed: number;
  /** The smooth unit of the hidden layers (default sigmoid); outputs are always sigmoid. */
  readonly activation: 'sigmoid' | 'tanh';
}

export const DEFAULT_GRADIENT_OPTIONS: Readonly<GradientOptions> = Object.freeze({
  epochs: 5000,
  rate: 1,
  momentum: 0.9,
  seed: 1,
  activation: 'sigmoid',
});

export interface GradientResult {
  /** The hardened network: step neurons with the trained (real) weights. */
  readonly network: ThresholdNetwork;
  readonly options: GradientOptions;
  readonly epochs: number;
  /**
   * Examples the hardened network got wrong after each epoch; past `MAX_RECORDED_EPOCHS`
   * epochs, one entry per `errorsSampling` epochs, as the perceptron's record is kept.
   */
  readonly errorsPerEpoch: number[];
  /** Epochs per entry of `errorsPerEpoch` and `lossPerEpoch`: 1, or a power of 2 after a long run. */
  readonly errorsSampling: number;
  /** Mean cross-entropy of the smooth network in each epoch (entries as for the errors). */
  readonly lossPerEpoch: number[];
  /** Whether the hardened network got every example right. */
  readonly converged: boolean;
  /** Whether training stopped because a weight stopped being finite (the last finite weights are kept). */
  readonly diverged: boolean;
  /** Examples the final network gets wrong, counted in exact arithmetic. */
  readonly errors: number;
  readonly accuracy: number;
}

interface Layer {
  /** `out × in`, row-major. */
  readonly w: Float64Array;
  readonly b: Float64Array;
  readonly inSize: number;
  readonly outSize: number;
}

export function trainLayers(data: LabelledData, hidden: readonly number[], options: Partial<GradientOptions> = {}, progress?: TrainProgress): GradientResult {
  const o: GradientOptions = { ...DEFAULT_GRADIENT_OPTIONS, ...options };
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new RangeError(`hidden layer widths must be whole numbers of at least 1, got ${hidden.join(', ')}`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new RangeError('epochs must be a whole number of at least 1');
  const n = data.inputs.length;
  const m = data.outputs.length;
  const N = data.count;
  const care = data.care ? Uint8Array.from(data.care) : new Uint8Array(N * m).fill(1);

  // Standardised inputs: gradient descent is far better behaved on centred, unit-scale data.
  // The first layer's weights are mapped back to the original inputs when hardening.
  const mean = new Float64Array(n);
  const scale = new Float64Array(n).fill(1);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += data.x[i * n + j]!;
    mean[j] = N > 0 ? s / N : 0;
    let v = 0;
    for (let i = 0; i < N; i++) v += (data.x[i * n + j]! - mean[j]!) ** 2;
    const sd = N > 0 ? Math.sqrt(v / N) : 0;
    scale[j] = sd > 0 ? sd : 1;
  }
  const x = new Float64Array(N * n);
  for (let i = 0; i < N; i++) for (let j = 0; j < n; j++) x[i * n + j] = (data.x[i * n + j]! - mean[j]!) / scale[j]!;

  const random = new Random(o.seed);
  const sizes = [n, ...hidden, m];
  const layers: Layer[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const L = newLayer(sizes[l - 1]!, sizes[l]!);
    for (let k = 0; k < L.w.length; k++) L.w[k] = random.normal() / Math.sqrt(Math.max(1, L.inSize));
    layers.push(L);
  }
  const velocity = layers.map((L) => newLayer(L.inSize, L.outSize));
  /** The weights before the last step, kept in case it overflows. */
  const before = layers.map((L) => newLayer(L.inSize, L.outSize));
  const grads = layers.map((L) => newLayer(L.inSize, L.outSize));
  const acts = sizes.map((s) => new Float64Array(s));
  const deltas = sizes.map((s) => new Float64Array(s));
  const tanh = o.activation === 'tanh';
  const y = Uint8Array.from(data.y);

  const errorRecord = new ErrorRecord();
  const lossRecord = new ErrorRecord();
  // Report progress about every 2^22 weight updates.
  const weights = layers.reduce((s, L) => s + L.w.length + L.b.length, 0);
  const progressEvery = Math.max(1, Math.floor(2 ** 22 / Math.max(1, N * weights)));
  const step = o.rate / Math.max(1, N);
  let converged = false;
  let diverged = false;
  let epoch = 0;
  while (epoch < o.epochs) {
    epoch++;
    const loss = gradients(layers, grads, acts, deltas, x, y, care, N, tanh);
    for (let l = 0; l < layers.length; l++) {
      before[l]!.w.set(layers[l]!.w);
      before[l]!.b.set(layers[l]!.b);
    }
    if (!descend(layers, velocity, grads, o.momentum, step)) {
      // A step too large for the data: keep the last finite weights and stop.
      for (let l = 0; l < layers.length; l++) {
        layers[l]!.w.set(before[l]!.w);
        layers[l]!.b.set(before[l]!.b);
      }
      diverged = true;
      epoch--;
      break;
    }
    lossRecord.push(N > 0 ? loss / N : 0);
    const errors = stepErrors(layers, acts, x, y, care, N, tanh);
    errorRecord.push(errors);
    if (progress && epoch % progressEvery === 0) progress(epoch, o.epochs);
    if (errors === 0) {
      converged = true;
      break;
    }
  }
  errorRecord.finish();
  lossRecord.finish();
  const network = harden(layers, data, mean, scale, tanh);
  // Inputs too large to standardise in doubles leave weights that are not numbers.
  const finite = network.neurons.every((k) => Number.isFinite(k.bias) && k.weights.every(Number.isFinite));
  if (!finite) diverged = true;
  const errors = finite ? countErrors(network, data, care) : N;
  return {
    network, options: o, epochs: epoch, errorsPerEpoch: errorRecord.entries, errorsSampling: errorRecord.sampling, lossPerEpoch: lossRecord.entries,
    converged: converged && errors === 0, diverged, errors, accuracy: N > 0 ? 1 - errors / N : 1,
  };
}

// The loops below run epochs × rows times. They take only typed arrays, numbers and layers made
// by `newLayer` (one object shape), never the caller's data object: data of another shape, or a
// run with tanh, would otherwise leave V8's feedback polymorphic and the loops several times
// slower for every later run in the process. Plain loops and no subarrays, for the same reason.

function newLayer(inSize: number, outSize: number): Layer {
  return { w: new Float64Array(outSize * inSize), b: new Float64Array(outSize), inSize, outSize };
}

/**
 * The activations of example `i` into `acts` (its inputs first, each layer's outputs after):
 * sigmoids (tanh in hidden layers with `tanh`), or with `steps` their steps, a tanh unit's
 * taken as ±1.
 */
function forward(layers: readonly Layer[], acts: readonly Float64Array[], x: Float64Array, i: number, tanh: boolean, steps: boolean): void {
  const last = layers.length - 1;
  const n = layers[0]!.inSize;
  const input = acts[0]!;
  for (let j = 0; j < n; j++) input[j] = x[i * n + j]!;
  for (let l = 0; l <= last; l++) {
    const L = layers[l]!;
    const a = acts[l]!;
    const out = acts[l + 1]!;
    const inSize = L.inSize;
    const w = L.w;
    const b = L.b;
    const smooth = l < last && tanh;
    for (let k = 0; k < L.outSize; k++) {
      let z = b[k]!;
      for (let j = 0; j < inSize; j++) z += w[k * inSize + j]! * a[j]!;
      out[k] = steps ? (z >= 0 ? 1 : smooth ? -1 : 0) : smooth ? Math.tanh(z) : sigmoid(z);
    }
  }
}

/**
 * One full pass: the gradients of the summed cross-entropy into `grads` (each sample's
 * activations and deltas in `acts` and `deltas`), and that sum.
 */
function gradients(
  layers: readonly Layer[], grads: readonly Layer[], acts: readonly Float64Array[], deltas: readonly Float64Array[],
  x: Float64Array, y: Uint8Array, care: Uint8Array, count: number, tanh: boolean,
): number {
  const last = layers.length - 1;
  const m = layers[last]!.outSize;
  for (let l = 0; l <= last; l++) {
    grads[l]!.w.fill(0);
    grads[l]!.b.fill(0);
  }
  let loss = 0;
  for (let i = 0; i < count; i++) {
    forward(layers, acts, x, i, tanh, false);
    const output = acts[last + 1]!;
    const dOut = deltas[last + 1]!;
    for (let q = 0; q < m; q++) {
      if (care[i * m + q] !== 1) {
        dOut[q] = 0;
        continue;
      }
      const p = output[q]!;
      const t = y[i * m + q]!;
      loss -= t === 1 ? Math.log(Math.max(p, 1e-300)) : Math.log(Math.max(1 - p, 1e-300));
      dOut[q] = p - t; // cross-entropy through a sigmoid
    }
    for (let l = last; l >= 0; l--) {
      const L = layers[l]!;
      const d = deltas[l + 1]!;
      const a = acts[l]!;
      const g = grads[l]!;
      const inSize = L.inSize;
      const outSize = L.outSize;
      const w = L.w;
      const gw = g.w;
      const gb = g.b;
      for (let k = 0; k < outSize; k++) {
        gb[k]! += d[k]!;
        for (let j = 0; j < inSize; j++) gw[k * inSize + j]! += d[k]! * a[j]!;
      }
      if (l === 0) break;
      const below = deltas[l]!;
      for (let j = 0; j < inSize; j++) {
        let s = 0;
        for (let k = 0; k < outSize; k++) s += w[k * inSize + j]! * d[k]!;
        const v = a[j]!;
        below[j] = s * (tanh ? 1 - v * v : v * (1 - v));
      }
    }
  }
  return loss;
}

/** A step of gradient descent with momentum; false if some weight stopped being finite. */
function descend(layers: readonly Layer[], velocity: readonly Layer[], grads: readonly Layer[], momentum: number, step: number): boolean {
  let finite = true;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l]!;
    const v = velocity[l]!;
    const g = grads[l]!;
    for (let k = 0; k < L.w.length; k++) {
      L.w[k]! += v.w[k] = momentum * v.w[k]! - step * g.w[k]!;
      if (!Number.isFinite(L.w[k]!)) finite = false;
    }
    for (let k = 0; k < L.b.length; k++) {
      L.b[k]! += v.b[k] = momentum * v.b[k]! - step * g.b[k]!;
      if (!Number.isFinite(L.b[k]!)) finite = false;
    }
  }
  return finite;
}

/**
 * Examples the network gets wrong with steps for σ, on the standardised inputs, in floating
 * point: the count of each epoch. A tanh unit's step is taken as ±1, which is what its
 * readers' weights expect; `harden` rewrites that as 0/1 for the final network.
 */
function stepErrors(layers: readonly Layer[], acts: readonly Float64Array[], x: Float64Array, y: Uint8Array, care: Uint8Array, count: number, tanh: boolean): number {
  const last = layers.length - 1;
  const m = layers[last]!.outSize;
  let errors = 0;
  for (let i = 0; i < count; i++) {
    forward(layers, acts, x, i, tanh, true);
    const output = acts[last + 1]!;
    for (let q = 0; q < m; q++) {
      if (care[i * m + q] === 1 && output[q] !== y[i * m + q]) {
        errors++;
        break;
      }
    }
  }
  return errors;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The network with steps for σ: first-layer weights mapped back from standardised inputs
 * (w·(x − μ)/s + b = (w/s)·x + b − Σ w μ/s), and readers of tanh units corrected for
 * tanh ≈ 2·step − 1 (w·(2h − 1) + b = 2w·h + b − Σw).
 */
function harden(layers: readonly Layer[], data: LabelledData, mean: Float64Array, scale: Float64Array, tanh: boolean): ThresholdNetwork {
  const neurons: SynthNeuron[] = [];
  let previous: Signal[] = data.inputs.map((_, index) => ({ kind: 'input', index }));
  const last = layers.length - 1;
  layers.forEach((L, l) => {
    const current: Signal[] = [];
    for (let k = 0; k < L.outSize; k++) {
      let weights = Array.from(L.w.subarray(k * L.inSize, (k + 1) * L.inSize));
      let bias = L.b[k]!;
      if (l === 0) {
        bias -= weights.reduce((s, w, j) => s + (w * mean[j]!) / scale[j]!, 0);
        weights = weights.map((w, j) => w / scale[j]!);
      } else if (tanh) {
        bias -= weights.reduce((s, w) => s + w, 0);
        weights = weights.map((w) => 2 * w);
      }
      const isOutput = l === last;
      neurons.push({ name: isOutput ? data.outputs[k]! : `h${neurons.length + 1}`, weights, bias, sources: previous });
      current.push({ kind: 'neuron', index: neurons.length - 1 });
    }
    previous = current;
  });
  return { name: '', inputs: data.inputs, outputs: data.outputs, neurons, outputSources: previous };
}

/** Examples with some cared-for output wrong, every sign decided in exact arithmetic. */
function countErrors(network: ThresholdNetwork, data: LabelledData, care: Uint8Array): number {
  const n = data.inputs.length;
  const m = data.outputs.length;
  let errors = 0;
  const values = new Float64Array(network.neurons.length);
  for (let i = 0; i < data.count; i++) {
    const x = data.x.subarray(i * n, (i + 1) * n);
    network.neurons.forEach((neuron, k) => {
      const inputs = neuron.sources.map((s) => (s.kind === 'input' ? x[s.index]! : s.kind === 'neuron' ? values[s.index]! : s.value));
      values[k] = exactFires(neuron.weights, neuron.bias, inputs) ? 1 : 0;
    });
    const wrong = network.outputSources.some((s, q) => care[i * m + q] === 1 && (s.kind === 'neuron' ? values[s.index] : 0) !== data.y[i * m + q]);
    if (wrong) errors++;
  }
  return errors;
}
