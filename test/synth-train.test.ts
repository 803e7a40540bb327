// Training hidden layers: exactly on truth tables (weights, or a proof that the shape cannot
// work), and by gradient descent on data, hardened to steps and checked exactly.

import { describe, expect, it } from 'vitest';
import { exactFires, trainLayers, type LabelledData } from '../src/train/gradient.js';
import { fitShape } from '../src/train/hidden.js';
import { evaluateNetwork, isLayered, networkDisagreement } from '../src/train/network.js';
import { tableFromFunction } from '../src/train/truth-table.js';
import { Random } from '../src/train/random.js';

const HANG_GUARD = { timeout: 120_000 };

const xor = tableFromFunction('XOR', ['x1', 'x2'], ['y'], ([a, b]) => [a! ^ b!]);
const xorData: LabelledData = {
  inputs: ['x1', 'x2'],
  outputs: ['y'],
  count: 4,
  x: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1),
  y: Uint8Array.of(0, 1, 1, 0),
};

describe('hidden layers on data, by gradient descent', HANG_GUARD, () => {
  it('learns XOR with two hidden neurons from seed 1, errors per epoch ending at 0, the same every run', () => {
    const a = trainLayers(xorData, [2], { seed: 1 });
    expect(a.converged).toBe(true);
    expect(a.errorsPerEpoch).toHaveLength(a.epochs);
    expect(a.errorsPerEpoch.at(-1)).toBe(0);
    expect(a.lossPerEpoch[0]!).toBeGreaterThan(a.lossPerEpoch.at(-1)!);
    for (let r = 0; r < 4; r++) expect(evaluateNetwork(a.network, [r >> 1, r & 1])[0]).toBe(xorData.y[r]);
    const b = trainLayers(xorData, [2], { seed: 1 });
    expect(b.network).toEqual(a.network);
  });

  it('fits real-valued data that no single neuron separates, and counts its errors exactly', () => {
    // Points in [-1, 1]², labelled 1 inside a circle: a hidden layer draws the polygon.
    const random = new Random(4);
    // 80 points and 500 epochs: 3 points stay wrong, so the count of errors is tested on more than 0.
    const count = 80;
    const x = new Float64Array(2 * count);
    const y = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      x[2 * i] = 2 * random.next() - 1;
      x[2 * i + 1] = 2 * random.next() - 1;
      y[i] = x[2 * i]! ** 2 + x[2 * i + 1]! ** 2 < 0.4 ? 1 : 0;
    }
    const data: LabelledData = { inputs: ['u', 'v'], outputs: ['inside'], count, x, y };
    const fit = trainLayers(data, [6], { seed: 1, epochs: 500 });
    expect(fit.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(fit.errors).toBeGreaterThan(0);
    let wrong = 0;
    for (let i = 0; i < count; i++) if (evaluateNetwork(fit.network, [x[2 * i]!, x[2 * i + 1]!])[0] !== y[i]) wrong++;
    expect(wrong).toBe(fit.errors);
  });

  it('learns XOR with three tanh hidden neurons', () => {
    const t = trainLayers(xorData, [3], { seed: 2, activation: 'tanh' });
    expect([t.converged, t.errors]).toEqual([true, 0]);
  });

  it("decides a neuron's sign exactly where floating point rounds it the wrong way", () => {
    // In doubles, -1e16 - 1 rounds to -1e16, and adding 1e16 gives 0: "fires". Exactly, it is -1.
    const w = [-1, 1e16];
    const b = -1e16;
    expect(b + w[0]! * 1 + w[1]! * 1).toBe(0);
    expect(exactFires(w, b, [1, 1])).toBe(false);
    expect(exactFires([0.1, 0.2], -0.3, [1, 1])).toBe(true); // 0.1 + 0.2 - 0.3 as doubles: just above 0
  });
});

describe('hidden layers on a truth table, exactly', HANG_GUARD, () => {
  it('XOR with one hidden neuron: impossible, and why', async () => {
    const fit = await fitShape(xor, [1]);
    expect(fit.kind).toBe('impossible');
    if (fit.kind === 'impossible') {
      expect(fit.proof).toContain('no layered network with hidden layer of 1 computes XOR');
      expect(fit.proof).toContain(
        'the 2 rows (1, 0), (0, 1), which give 1, and the 2 rows (0, 0), (1, 1), which give 0, have the same sum (1, 1)',
      );
    }
  });

  it('XOR with two hidden neurons: weights that compute it, in the shape asked for', async () => {
    const fit = await fitShape(xor, [2]);
    if (fit.kind !== 'network') throw new Error(fit.kind);
    expect(fit.network.neurons.map((n) => n.sources.length)).toEqual([2, 2, 2]);
    expect(isLayered(fit.network)).toBe(true);
    expect(networkDisagreement(fit.network, xor)).toBeUndefined();
  });

  it('two outputs through one hidden layer: a half adder with two hidden neurons; no hidden layer for AND', async () => {
    const half = tableFromFunction('Half', ['a', 'b'], ['s', 'c'], ([a, b]) => [a! ^ b!, a! & b!]);
    const fit = await fitShape(half, [2]);
    if (fit.kind !== 'network') throw new Error(fit.kind);
    expect(fit.network.neurons.length).toBe(4);
    expect(networkDisagreement(fit.network, half)).toBeUndefined();
    const and = await fitShape(
      tableFromFunction('AND', ['a', 'b'], ['y'], ([a, b]) => [a! & b!]),
      [],
    );
    expect(and.kind === 'network' && and.network.neurons.map((n) => [...n.weights, n.bias])).toEqual([[1, 1, -2]]);
  });
});
