// Inputs that once crashed or exhausted nn in checking, elaboration, evaluation and training:
// each is now a diagnostic or a bounded run.

import { describe, expect, it } from 'vitest';
import { fromNumber } from '../src/arith/rational.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { compile } from '../src/evaluate/compile.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { truthTable } from '../src/evaluate/table.js';
import { runTest } from '../src/evaluate/test-runner.js';
import { MAX_RECORDED_EPOCHS, trainPerceptron } from '../src/train/perceptron.js';
import { checkSource } from './helpers.js';

describe('limits that hold', () => {
  it('a row with no input cells for a part with inputs is the row-width error', () => {
    const r = checkSource('neuron N(a) { weights: 1 }\ntest N { -> 1 }');
    expect(r.summary).toEqual(['row-width main.nn:2:10 this row has 0 inputs, but N takes 1 (a)']);
    const t = checkSource('neuron N(a) { train { -> 1 } }');
    expect(t.summary[0]).toMatch(/^row-width main\.nn:1:23 this row has 0 inputs/);
  });

  it('950 levels of circuits, each calling the one below, elaborate without overflowing the stack', () => {
    const lines = ['neuron NOT(x) { weights: -1  bias: 0 }', 'circuit D0(a) -> y {\n  y = NOT(a)\n}'];
    for (let k = 1; k <= 950; k++) lines.push(`circuit D${k}(a) -> y {\n  y = NOT(D${k - 1}(a))\n}`);
    const m = checkSource(lines.join('\n')).model!;
    const n = elaborate(m, 'D950');
    if (!n.ok) throw new Error(JSON.stringify(n.diagnostics));
    // One NOT per level: 951 of them, so the output is the input inverted.
    expect(n.value.neurons).toHaveLength(951);
    expect(truthTable(rowEngine(compile(n.value))).map((r) => r.outputs[0])).toEqual([1, 0]);
  });

  it('a neuron of fan-in 6,500 evaluates (no generated expression that deep)', () => {
    const n = 6_500;
    const weights = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const params = Array.from({ length: n }, (_, i) => `x${i}`);
    const evens = params.map((_, i) => (i % 2 === 0 ? '1' : '0'));
    const odds = evens.map((b) => (b === '1' ? '0' : '1'));
    const src = `neuron N(${params.join(', ')}) { weights: ${weights.join(', ')}  bias: 0 }\ntest N {\n  ${evens.join(' ')} -> 1\n  ${odds.join(' ')} -> 0\n}`;
    const m = checkSource(src).model!;
    const net = elaborate(m, 'N');
    if (!net.ok) throw new Error('N');
    const result = runTest(m.tests[0]!, rowEngine(compile(net.value)));
    expect([result.rows, result.passed]).toEqual([2, true]);
  });

  it('a billion-epoch budget on data no neuron separates keeps a bounded record of errors', () => {
    // Two copies of one input with different labels: every epoch errs, forever.
    const examples = { x: new Float64Array([1, 1]), y: new Uint8Array([0, 1]), count: 2, features: 1 };
    const r = trainPerceptron(examples, { epochs: 3 * MAX_RECORDED_EPOCHS });
    expect(r.epochs).toBe(3 * MAX_RECORDED_EPOCHS);
    expect(r.errorsPerEpoch.length).toBeLessThanOrEqual(MAX_RECORDED_EPOCHS);
    expect(r.errorsSampling).toBe(4);
    expect(r.converged).toBe(false);
  });

  it('weights that overflow to infinity stop training with the last finite weights', () => {
    const examples = { x: new Float64Array([1e308, -1e308]), y: new Uint8Array([0, 1]), count: 2, features: 1 };
    const r = trainPerceptron(examples, { rate: 1e308, epochs: 100 });
    expect(r.diverged).toBe(true);
    expect([...r.weights, r.bias].every(Number.isFinite)).toBe(true);
    expect(fromNumber(r.weights[0]!)).toBeDefined();
  });
});
