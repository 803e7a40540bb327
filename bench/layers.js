// Training hidden layers: XOR's two hidden neurons found from its truth table, as
// circuits/xor-trained.nn declares them (the goal: under 1 s), and the library pieces
// that do it: the exact fit of a shape, the integer program alone, gradient descent.
import { fileURLToPath } from 'node:url';
import { build, load, Trainer } from '../dist/src/pipeline.js';
import { layeredArchitecture } from '../dist/src/train/architectures.js';
import { trainLayers } from '../dist/src/train/gradient.js';
import { fitShape } from '../dist/src/train/hidden.js';
import { solveArchitecture } from '../dist/src/train/ilp.js';
import { problemOf } from '../dist/src/train/problem.js';
import { tableFromFunction } from '../dist/src/train/truth-table.js';
import { median, repeat, round, runNn } from './measure.js';

async function timed(f) {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

async function medianOf(runs, f) {
  const times = [];
  let value;
  for (let k = 0; k < runs; k++) {
    const r = await timed(f);
    times.push(r.ms);
    value = r.value;
  }
  return { ms: median(times), value };
}

export default async function bench() {
  const rows = [];
  const xor = tableFromFunction('XOR', ['x1', 'x2'], ['y'], ([a, b]) => [a ^ b]);
  await fitShape(xor, [2]); // loads HiGHS, warms the code

  // The language form: read, check, fit (when the file is built), elaborate, compile; a fresh
  // trainer each run. Then whole processes, next to the hand-written XOR's table.
  const file = fileURLToPath(new URL('../circuits/xor-trained.nn', import.meta.url));
  const fromFile = await medianOf(7, async () => {
    const loaded = load(file);
    if (!loaded.ok) throw new Error('circuits/xor-trained.nn does not load');
    const built = await build(loaded.value.model, 'XOR', { trainer: new Trainer() });
    if (!built.ok) throw new Error('circuits/xor-trained.nn does not build');
    return built.value;
  });
  const trainedTable = median(repeat(5, () => runNn(['table', 'circuits/xor-trained.nn']).ms));
  const handTable = median(repeat(5, () => runNn(['table', 'circuits/xor.nn']).ms));
  rows.push({
    name: "train: XOR's two hidden neurons from its table (circuits/xor-trained.nn, load and build)",
    value: fromFile.ms,
    unit: 'ms',
    note:
      `goal < 1 s; ${fromFile.value.netlist.neurons.length} neurons, whole weights; whole process \`nn table\` ${round(trainedTable)} ms, ` +
      `${round(trainedTable / handTable, 1)}× the hand-written circuits/xor.nn (${round(handTable)} ms: the difference is loading HiGHS and the trainer, and the fit)`,
  });

  const shape = await medianOf(5, () => fitShape(xor, [2]));
  const problem = problemOf(xor);
  const ilp = await medianOf(5, () => solveArchitecture(problem, layeredArchitecture(problem, [2], 1, true, {}), 60));
  const one = await timed(() => fitShape(xor, [1]));
  rows.push({
    name: 'train: XOR, 2 hidden neurons, exact (fitShape)',
    value: shape.ms,
    unit: 'ms',
    note:
      `${shape.value.kind}: proposed by gradient descent, then the smallest whole weights per neuron (HiGHS); the integer program alone ` +
      `takes ${round(ilp.ms)} ms (${ilp.value.kind}); one hidden neuron: ${one.value.kind} in ${round(one.ms, 1)} ms (a certificate, no solver)`,
  });

  const data = { inputs: ['x1', 'x2'], outputs: ['y'], count: 4, x: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Uint8Array.of(0, 1, 1, 0) };
  const descent = await medianOf(5, () => trainLayers(data, [2], { seed: 1 }));
  let converged = 0;
  for (let seed = 1; seed <= 100; seed++) if (trainLayers(data, [2], { seed }).converged) converged++;
  rows.push({
    name: 'train: XOR, 2 hidden neurons, gradient descent',
    value: descent.ms,
    unit: 'ms',
    note: `goal < 1 s; seed 1: ${descent.value.epochs} epochs to no errors; ${converged} of seeds 1–100 converge within 5,000 epochs`,
  });
  return rows;
}
