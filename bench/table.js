// Truth tables: the 10-bit and 8-bit ripple-carry adders, whole process and evaluation alone.
//
// The reference on these machines: a straightforward JavaScript interpreter of the
// same netlist (objects and loops) writes the 10-bit adder's 1,048,576-row CSV to /dev/null in
// about 1.2 s whole-process and evaluates it, without output, in about 0.6 s. Such an
// interpreter runs below, in this script, as the baseline for the evaluation ratio.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, build } from '../dist/src/pipeline.js';
import { countRows } from '../dist/src/evaluate/count.js';
import { rowEngine } from '../dist/src/evaluate/row-engine.js';
import { adder } from './generate.js';
import { median, repeat, round, runNn, runNode } from './measure.js';

/** The baseline: neurons as objects, a loop over them per row, inputs from the row index. */
function interpret(netlist) {
  const number = (q) => Number(q.num) / Number(q.den);
  const neurons = netlist.neurons.map((n) => ({
    weights: n.weights.map(number),
    bias: number(n.bias),
    inputs: n.inputs.map((s) => ({ ...s })),
  }));
  const n = netlist.inputs.length;
  const values = new Array(neurons.length).fill(0);
  const inputs = new Array(n).fill(0);
  const read = (s) => (s.kind === 'input' ? inputs[s.index] : s.kind === 'neuron' ? values[s.index] : s.value);
  let ones = 0;
  for (let row = 0; row < 2 ** n; row++) {
    for (let i = 0; i < n; i++) inputs[i] = (row >> (n - 1 - i)) & 1;
    for (let k = 0; k < neurons.length; k++) {
      const neuron = neurons[k];
      let z = neuron.bias;
      for (let j = 0; j < neuron.inputs.length; j++) z += neuron.weights[j] * read(neuron.inputs[j]);
      values[k] = z >= 0 ? 1 : 0;
    }
    for (const o of netlist.outputs) ones += read(o.source);
  }
  return ones;
}

/** nn's row engine over every row, counting the outputs' ones. */
function evaluateAll(circuit) {
  const counts = countRows(rowEngine(circuit), { from: 0, to: 2 ** circuit.inputCount });
  return counts.ones.reduce((a, b) => a + b, 0);
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const adder10 = join(dir, 'adder10.nn');
  const adder8 = join(dir, 'adder8.nn');
  writeFileSync(adder10, adder(10));
  writeFileSync(adder8, adder(8));

  const loaded = load(adder10);
  const { netlist, circuit } = (await build(loaded.value.model, 'Adder10')).value;
  const baseline = median(repeat(3, () => time(() => interpret(netlist))));
  const compiled = median(repeat(5, () => time(() => evaluateAll(circuit))));
  if (interpret(netlist) !== evaluateAll(circuit)) throw new Error('the evaluators disagree');

  const node = median(repeat(5, runNode));
  const csv10 = repeat(3, () => runNn(['table', adder10, 'Adder10', '--format', 'csv']));
  const csv10Hidden = repeat(3, () => runNn(['table', adder10, 'Adder10', '--format', 'csv', '--hidden']));
  const csv8 = repeat(7, () => runNn(['table', adder8, 'Adder8', '--format', 'csv']));
  const what10 = `${netlist.neurons.length} neurons, 20 inputs, 1,048,576 rows`;
  return [
    {
      name: 'table: 10-bit adder, evaluation only (row engine)',
      value: round(compiled),
      unit: 'ms',
      note: `${what10}; ${round(baseline / compiled, 1)}× faster than an objects-and-loops interpreter in the same script (${round(baseline)} ms)`,
    },
    {
      name: 'table: 10-bit adder, CSV to /dev/null, whole process',
      value: round(median(csv10.map((r) => r.ms))),
      unit: 'ms',
      note: `peak memory ${round(Math.max(...csv10.map((r) => r.maxRssMb)))} MB; inputs and outputs, ${round((62 * 2 ** 20) / 1e6)} MB of CSV`,
    },
    {
      name: 'table: 10-bit adder, CSV --hidden, whole process',
      value: round(median(csv10Hidden.map((r) => r.ms))),
      unit: 'ms',
      note: `peak memory ${round(Math.max(...csv10Hidden.map((r) => r.maxRssMb)))} MB; every neuron's column too`,
    },
    {
      name: 'table: 8-bit adder, CSV, whole process',
      value: round(median(csv8.map((r) => r.ms))),
      unit: 'ms',
      note: `65,536 rows, start-up included; Node alone starts in ${round(node)} ms here`,
    },
  ];
}

function time(f) {
  const start = performance.now();
  f();
  return performance.now() - start;
}
