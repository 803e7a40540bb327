// The fit stage: trained neurons get their weights when a part that uses them is built, each
// neuron on its own, so one that cannot be trained stops only the parts that use it.
import { describe, expect, it } from 'vitest';
import { fromNumber } from '../src/arith/rational.js';
import { truthTable } from '../src/evaluate/table.js';
import { build, load, Trainer, type Loaded } from '../src/pipeline.js';
import { memoryHost } from './helpers.js';

function loadSource(files: Record<string, string>, entry = 'main.nn'): Loaded {
  const loaded = load(entry, { host: memoryHost(files) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.value;
}

async function table(loaded: Loaded, name: string, trainer: Trainer): Promise<number[]> {
  const built = await build(loaded.model, name, { trainer });
  if (!built.ok) throw new Error(`${name}: ${JSON.stringify(built.diagnostics)}`);
  return truthTable(built.value.engine).map((r) => r.outputs[0]!);
}

describe('fitting train neurons', () => {
  it('fits every gate of circuits/trained.nn so that it reproduces its table', async () => {
    const loaded = load('circuits/trained.nn');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const trainer = new Trainer();
    const tables: Record<string, number[]> = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], NAND: [1, 1, 1, 0], NOR: [1, 0, 0, 0], NOT: [1, 0] };
    for (const [name, outputs] of Object.entries(tables)) expect(await table(loaded.value, name, trainer), name).toEqual(outputs);
    const and = (await trainer.fit([loaded.value.model.parts.get('AND') as never])).reports[0]!;
    expect(and.integer).toEqual({ weights: [1, 1], bias: -2, scope: 'every-row' });
    expect(and.result.lastErrors).toBe(0);
    // XOR built from the trained gates works too.
    expect(await table(loaded.value, 'XOR', trainer)).toEqual([0, 1, 1, 0]);
  });

  it('gives the same weights for the same seed, and overrides apply', async () => {
    const src = {
      'main.nn': 'neuron OR(a, b) { train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 1 }  init: normal  sigma: 1  seed: 42  rate: 0.3 }',
    };
    const fitOr = async (overrides = {}) => {
      const loaded = loadSource(src);
      return (await new Trainer(memoryHost(src), { overrides }).fit([loaded.model.parts.get('OR') as never])).reports[0]!;
    };
    const a = await fitOr();
    const b = await fitOr();
    expect(a.result.weights).toEqual(b.result.weights);
    const c = await fitOr({ seed: 43 });
    expect(c.options.seed).toBe(43);
    expect(c.result.weights).not.toEqual(a.result.weights);
  });

  it('uses the learned weights exactly, and writes them as decimals that decide every row alike', async () => {
    // With rate 0.1 from a normal start, the learned doubles are long: 0.1 steps are not exact.
    const src = { 'main.nn': 'neuron N(a, b, c) { train { 0 0 0 -> 0 ; 1 1 1 -> 1 ; 1 0 0 -> 1 }  rate: 0.1  init: normal  seed: 3 }' };
    const loaded = loadSource(src);
    const trainer = new Trainer(memoryHost(src));
    const n = loaded.model.parts.get('N') as never;
    const report = (await trainer.fit([n])).reports[0]!;
    expect(report.learned.weights).toEqual(report.result.weights.map(fromNumber));
    const rows = await table(loaded, 'N', trainer);
    // The written decimals, read back as a neuron of their own, give the same eight rows.
    const written = `neuron N(a, b, c) { weights: ${report.written.weights.join(', ')}  bias: ${report.written.bias} }`;
    expect(report.written.checkedOn).toBe('every-row');
    expect(await table(loadSource({ 'main.nn': written }), 'N', new Trainer())).toEqual(rows);
    // So does the integer form: it covers every row, not only the three listed.
    const integer = `neuron N(a, b, c) { weights: ${report.integer!.weights.join(', ')}  bias: ${report.integer!.bias} }`;
    expect(report.integer!.scope).toBe('every-row');
    expect(await table(loadSource({ 'main.nn': integer }), 'N', new Trainer())).toEqual(rows);
  });

  it('refuses XOR with a certificate, and only the parts that use it', async () => {
    const src = {
      'main.nn':
        'neuron XOR(a, b) {\n  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 }\n}\nneuron AND(a, b) { weights: 1, 1  bias: -2 }\ncircuit C(a, b) -> y {\n  y = XOR(a, b)\n}',
    };
    const loaded = loadSource(src);
    const trainer = new Trainer(memoryHost(src));
    const r = await build(loaded.model, 'C', { trainer });
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('not-separable');
    expect(d.message).toBe('no single neuron can compute XOR: its truth table is not linearly separable');
    expect(d.notes![0]!.message).toContain(
      'the average of (0, 1) and (1, 0), which give 1, is (0.5, 0.5), and so is the average of (0, 0) and (1, 1), which give 0',
    );
    expect(d.hint).not.toContain('circuits/');
    expect(await table(loaded, 'AND', trainer)).toEqual([0, 0, 0, 1]);
  });

  it('fits the Iris data to 100% and reports data-set problems in the CSV', async () => {
    const iris = load('circuits/iris.nn');
    if (!iris.ok) throw new Error(JSON.stringify(iris.diagnostics));
    const trainer = new Trainer();
    const fitted = await trainer.fit([...iris.value.model.own] as never);
    expect(fitted.reports[0]!.errors).toBe(0);
    expect(fitted.reports[0]!.examples.count).toBe(100);

    const neuron = (label: string, path = 'd.csv') => `neuron N(a, b) { train: "${path}"  label: "${label}" }`;
    const codes = async (files: Record<string, string>) => {
      const loaded = loadSource(files);
      const out = await new Trainer(memoryHost(files)).fit([loaded.model.parts.get('N') as never]);
      return out.diagnostics.map((d) => [d.code, d.span?.file]);
    };
    expect(await codes({ 'main.nn': neuron('y', 'nope.csv') })).toEqual([['dataset-unreadable', 'main.nn']]);
    expect(await codes({ 'main.nn': neuron('y'), 'd.csv': 'a,c,y\n1,2,0\n' })).toEqual([['dataset-missing-column', 'd.csv']]);
    expect(await codes({ 'main.nn': neuron('y'), 'd.csv': 'a,b,y\n1,x,0\n1,2,2\n' })).toEqual([
      ['dataset-not-a-number', 'd.csv'],
      ['dataset-bad-label', 'd.csv'],
    ]);
    expect(await codes({ 'main.nn': neuron('y', '/abs/d.csv'), '/abs/d.csv': 'a,b,y\n0,0,0\n1,1,1\n' })).toEqual([]);
  });

  it('reports a run whose weights overflow instead of using them', async () => {
    const files = { 'main.nn': 'neuron N(a) { train: "d.csv"  label: "y"  rate: 1e308 }', 'd.csv': 'a,y\n1e308,0\n-1e308,1\n1e307,1\n' };
    const loaded = loadSource(files);
    const out = await new Trainer(memoryHost(files)).fit([loaded.model.parts.get('N') as never]);
    expect(out.reports).toEqual([]);
    expect(out.diagnostics.map((d) => d.code)).toContain('training-diverged');
  });
});
