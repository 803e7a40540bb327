// Perceptron training speed: 100,000 examples × 50 features, exactly 20 epochs.
//
// The reference on these machines: scikit-learn's compiled Perceptron fits this in
// about 60 ms (≈ 33M examples·epochs/s); a textbook numpy per-example loop takes about 4 s for
// 10 epochs. A deliberately naive JavaScript version (arrays of arrays, fresh arrays per
// example) runs on the same data as an in-script baseline for a ratio; it adds each sum left to
// right, so its weights can differ from the trainer's in the last bits on other data.
import { trainPerceptron } from '../dist/src/train/perceptron.js';
import { Random } from '../dist/src/train/random.js';

const COUNT = 100_000;
const FEATURES = 50;
const EPOCHS = 20;

/**
 * Points uniform in [-1, 1]^50 labelled by a random hyperplane: separable, but with no margin
 * to speak of, so the rule keeps finding mistakes and cannot stop before epoch 20.
 */
function generate(seed) {
  const random = new Random(seed);
  const wStar = Array.from({ length: FEATURES }, () => random.normal());
  const x = new Float64Array(COUNT * FEATURES);
  const y = new Uint8Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    let z = 0.1;
    for (let j = 0; j < FEATURES; j++) {
      const v = 2 * random.next() - 1;
      x[i * FEATURES + j] = v;
      z += wStar[j] * v;
    }
    y[i] = z >= 0 ? 1 : 0;
  }
  return { x, y, count: COUNT, features: FEATURES };
}

/** The same rule written the obvious way: arrays of arrays, map/reduce, new arrays per step. */
function naivePerceptron(rows, labels, epochs, rate) {
  let w = new Array(rows[0].length).fill(0);
  let b = 0;
  for (let e = 0; e < epochs; e++) {
    let errors = 0;
    rows.forEach((x, i) => {
      const z = x.map((xj, j) => w[j] * xj).reduce((s, t) => s + t, b);
      const yHat = z >= 0 ? 1 : 0;
      const delta = labels[i] - yHat;
      if (delta !== 0) {
        errors++;
        w = w.map((wj, j) => wj + rate * delta * x[j]);
        b += rate * delta;
      }
    });
    if (errors === 0) return { weights: w, bias: b, epochs: e + 1 };
  }
  return { weights: w, bias: b, epochs };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export default async function bench() {
  const data = generate(2024);
  const options = { epochs: EPOCHS, rate: 1, init: 'zeros', shuffle: false };

  trainPerceptron(data, options); // warm-up: let V8 optimise the hot loop before timing
  const times = [];
  let fit;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    fit = trainPerceptron(data, options);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const work = COUNT * fit.epochs;

  const rows = Array.from({ length: COUNT }, (_, i) => Array.from(data.x.subarray(i * FEATURES, (i + 1) * FEATURES)));
  const labels = Array.from(data.y);
  const t0 = performance.now();
  const naive = naivePerceptron(rows, labels, EPOCHS, options.rate);
  const naiveMs = performance.now() - t0;
  const naiveWork = COUNT * naive.epochs;

  const agree = naive.epochs === fit.epochs && naive.bias === fit.bias && naive.weights.every((v, j) => Object.is(v, fit.weights[j]));
  const rate = work / (ms / 1000);
  const naiveRate = naiveWork / (naiveMs / 1000);
  return [
    {
      name: 'perceptron: 100k × 50, 20 epochs',
      value: ms,
      unit: 'ms',
      note: `median of 5 after a warm-up; ${fit.epochs} epochs run, ${fit.errorsPerEpoch.at(-1)} mistakes in the last; scikit-learn ≈ 60 ms`,
    },
    { name: 'perceptron throughput', value: rate, unit: 'examples·epochs/s', note: 'scikit-learn ≈ 33M' },
    {
      name: 'naive JS perceptron throughput',
      value: naiveRate,
      unit: 'examples·epochs/s',
      note: `arrays of arrays, allocation per example; ${naive.epochs} epochs in ${naiveMs.toFixed(0)} ms; ${agree ? 'learned the same weights, bit for bit' : "weights differ from the trainer's in rounding"}`,
    },
    { name: 'speed-up over naive', value: rate / naiveRate, unit: '×' },
  ];
}
