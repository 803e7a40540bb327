// The fit stage of the pipeline: train neurons in files get their weights at load time.
import { describe, expect, it } from 'vitest';
import { truthTable } from '../src/evaluate/table.js';
import { build, load } from '../src/pipeline.js';
import { memoryHost } from './helpers.js';

async function loadSource(files: Record<string, string>, entry = 'main.nn') {
  return load(entry, { host: memoryHost(files) });
}

describe('fitting train neurons when a file loads', () => {
  it('fits every gate of circuits/trained.nn so that it reproduces its table', async () => {
    const loaded = await load('circuits/trained.nn');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const tables: Record<string, number[]> = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], NAND: [1, 1, 1, 0], NOR: [1, 0, 0, 0], NOT: [1, 0] };
    for (const [name, outputs] of Object.entries(tables)) {
      const built = build(loaded.value.model, name);
      if (!built.ok) throw new Error(name);
      expect(
        truthTable(built.value.program).map((r) => r.outputs[0]),
        name,
      ).toEqual(outputs);
    }
    const and = loaded.value.fits.find((f) => f.neuron.name === 'AND')!;
    expect(and.integer).toEqual({ weights: [1, 1], bias: -2 });
    expect(and.result.errorsPerEpoch[and.result.errorsPerEpoch.length - 1]).toBe(0);
    // XOR built from the trained gates works too.
    const xor = build(loaded.value.model, 'XOR');
    if (!xor.ok) throw new Error('XOR');
    expect(truthTable(xor.value.program).map((r) => r.outputs[0])).toEqual([0, 1, 1, 0]);
  });

  it('gives the same weights for the same seed, and overrides apply', async () => {
    const src = {
      'main.nn': 'neuron OR(a, b) { train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 1 }  init: normal  sigma: 1  seed: 42  rate: 0.3 }',
    };
    const a = await loadSource(src);
    const b = await loadSource(src);
    if (!a.ok || !b.ok) throw new Error('load');
    expect(a.value.fits[0]!.result.weights).toEqual(b.value.fits[0]!.result.weights);
    const c = await load('main.nn', { host: memoryHost(src), fit: { overrides: { seed: 43 } } });
    if (!c.ok) throw new Error('load');
    expect(c.value.fits[0]!.options.seed).toBe(43);
    expect(c.value.fits[0]!.result.weights).not.toEqual(a.value.fits[0]!.result.weights);
  });

  it('refuses XOR with a certificate and a pointer to the hidden-layer circuit', async () => {
    const r = await loadSource({ 'main.nn': 'neuron XOR(a, b) {\n  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 }\n}' });
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('not-separable');
    expect(d.message).toBe('no single neuron can compute XOR: its truth table is not linearly separable');
    expect(d.notes![0]!.message).toContain(
      'the average of (0, 1) and (1, 0), which give 1, is (0.5, 0.5), and so is the average of (0, 0) and (1, 1), which give 0',
    );
    expect(d.hint).toContain('circuits/xor.nn');
  });

  it('fits the Iris data to 100% and reports data-set problems in the CSV', async () => {
    const iris = await load('circuits/iris.nn');
    if (!iris.ok) throw new Error(JSON.stringify(iris.diagnostics));
    expect(iris.value.fits[0]!.result.accuracy).toBe(1);
    expect(iris.value.fits[0]!.examples.count).toBe(100);

    const neuron = (label: string, path = 'd.csv') => `neuron N(a, b) { train: "${path}"  label: "${label}" }`;
    const missing = await loadSource({ 'main.nn': neuron('y', 'nope.csv') });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['dataset-unreadable']);
    const column = await loadSource({ 'main.nn': neuron('y'), 'd.csv': 'a,c,y\n1,2,0\n' });
    expect(column.diagnostics.map((d) => d.code)).toEqual(['dataset-missing-column']);
    const cells = await loadSource({ 'main.nn': neuron('y'), 'd.csv': 'a,b,y\n1,x,0\n1,2,2\n' });
    expect(cells.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([
      ['dataset-not-a-number', 'd.csv'],
      ['dataset-bad-label', 'd.csv'],
    ]);
  });
});
