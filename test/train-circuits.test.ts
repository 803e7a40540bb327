// Trained circuits: a circuit declared by its shape and its table (or a data set), whose
// weights the fit stage finds when it is built. Exact fits against proofs that a shape cannot
// work, gradient descent on data (seeded), the source --emit writes (checked against an
// independent evaluation), the diagnostics, and trained circuits used as parts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromNumber } from '../src/arith/rational.js';
import { renderDiagnostics } from '../src/diagnostics/render.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { truthTable } from '../src/evaluate/table.js';
import { build, load, Trainer, type Built, type Loaded } from '../src/pipeline.js';
import { trainLayers } from '../src/train/gradient.js';
import { ErrorRecord, MAX_RECORDED_EPOCHS } from '../src/train/perceptron.js';
import { checkSource, memoryHost, scratchDirs } from './helpers.js';
import { referenceEval } from './reference.js';
import { nnInProcess as nn } from './run-in-process.js';

const tempDir = scratchDirs('nn-trained-circuits-');

const XOR_ROWS = 'train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 }';

function loadSource(files: Record<string, string>): { loaded: Loaded; sources: Map<string, string>; host: ReturnType<typeof memoryHost> } {
  const sources = new Map<string, string>();
  const host = memoryHost(files);
  const loaded = load('main.nn', { host, sources });
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics, { source: (f) => sources.get(f) }));
  return { loaded: loaded.value, sources, host };
}

/** Builds `name` of `main.nn`; the diagnostics rendered, for failures. */
async function buildSource(files: Record<string, string>, name: string): Promise<{ built?: Built; rendered: string; codes: string[] }> {
  const { loaded, sources, host } = loadSource(files);
  const r = await build(loaded.model, name, { trainer: new Trainer(host, {}, sources) });
  const rendered = renderDiagnostics(r.diagnostics, { source: (f) => sources.get(f) });
  return { ...(r.ok && { built: r.value }), rendered, codes: r.diagnostics.map((d) => d.code) };
}

const outputsOf = (built: Built) => truthTable(built.engine).map((r) => r.outputs.join(''));

function tmp(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('a trained circuit on its truth table, exactly', () => {
  it('XOR with a hidden layer of two neurons: the shape asked for, computing XOR, with whole weights', async () => {
    const { built, rendered } = await buildSource({ 'main.nn': `circuit XOR(x1, x2) -> y {\n  hidden: 2\n  ${XOR_ROWS}\n}\n` }, 'XOR');
    if (!built) throw new Error(rendered);
    expect(outputsOf(built)).toEqual(['0', '1', '1', '0']);
    const { neurons } = built.netlist;
    expect(neurons.map((n) => [n.name, n.layer])).toEqual([
      ['h1', 1],
      ['h2', 1],
      ['y', 2],
    ]);
    expect(neurons.every((n) => [...n.weights, n.bias].every((w) => w.den === 1n))).toBe(true);
    expect([built.circuitFits[0]!.method, built.circuitFits[0]!.foundBy]).toEqual(['exact', 'gradient descent']);
  });

  it('XOR with one hidden neuron: refused at the hidden field, with the proof', async () => {
    const { built, rendered, codes } = await buildSource(
      { 'main.nn': `circuit XOR(x1, x2) -> y {\n  hidden: 1\n  ${XOR_ROWS}\n}\n` },
      'XOR',
    );
    expect(built).toBeUndefined();
    expect(codes).toEqual(['shape-impossible']);
    expect(rendered).toContain(
      "main.nn:2:3: error[shape-impossible]: no layered network with a hidden layer of 1 neuron computes XOR's truth table\n" +
        ' 2 |   hidden: 1\n' +
        '   |   ^~~~~~~~~\n',
    );
    expect(rendered).toContain(
      'note: proof: y would be a function of one neuron of the inputs (that neuron, its complement or a constant), so one neuron of the inputs too, ' +
        'but over (x1, x2), the 2 rows (1, 0), (0, 1), which give 1, and the 2 rows (0, 0), (1, 1), which give 0, have the same sum (1, 1)',
    );
  });

  it('in a general network one hidden neuron is enough for XOR: the output neuron reads it and the inputs', async () => {
    const general = await buildSource({ 'main.nn': `circuit XOR(x1, x2) -> y { hidden: 1  layered: false  ${XOR_ROWS} }` }, 'XOR');
    if (!general.built) throw new Error(general.rendered);
    expect(outputsOf(general.built)).toEqual(['0', '1', '1', '0']);
    expect(general.built.netlist.neurons.map((n) => n.inputs.length)).toEqual([2, 3]);
    // Gradient descent trains layered networks only: this one is the integer program's.
    expect(general.built.circuitFits[0]!.foundBy).toBe('integer program');
  });

  it('buses as ports: an incrementer of a 2-bit bus, its rows as numbers', async () => {
    const inc = await buildSource(
      { 'main.nn': 'circuit Inc(a[2]) -> s[2] { hidden: 3  train { 0 -> 1 ; 1 -> 2 ; 2 -> 3 ; 3 -> 0 } }' },
      'Inc',
    );
    if (!inc.built) throw new Error(inc.rendered);
    expect(truthTable(inc.built.engine, { bits: false }).map((r) => r.outputs)).toEqual([[1], [2], [3], [0]]);
    expect(inc.built.netlist.neurons.map((n) => n.name)).toEqual(['h1', 'h2', 'h3', 's[1]', 's[0]']);
  });

  it('several outputs, wires, and rows left free: constants and inputs take no neuron, * and missing rows are free', async () => {
    const src = `circuit Z(a, b) -> (y, k, p) {
  hidden: 0
  train { 0 0 -> 0 1 0 ; 0 1 -> 0 1 0 ; 1 0 -> 0 1 1 ; 1 1 -> 1 1 1 }
}
circuit Free(a, b, c) -> y {
  hidden: 2
  train { 0 0 0 -> 0 ; 0 1 1 -> * ; 1 1 1 -> 1 ; 1 0 1 -> 0 }
}
`;
    const z = await buildSource({ 'main.nn': src }, 'Z');
    if (!z.built) throw new Error(z.rendered);
    expect(outputsOf(z.built)).toEqual(['010', '010', '011', '111']);
    expect(z.built.netlist.neurons.map((n) => n.name)).toEqual(['y']);
    const free = await buildSource({ 'main.nn': src }, 'Free');
    if (!free.built) throw new Error(free.rendered);
    const rows = outputsOf(free.built);
    expect([rows[0b000], rows[0b111], rows[0b101]]).toEqual(['0', '1', '0']);
  });

  it('is used as a part: a half adder whose sum is the trained XOR, named like any instance', async () => {
    const files = {
      'xor.nn': `circuit XOR(x1, x2) -> y { hidden: 2  ${XOR_ROWS} }\n`,
      'main.nn': `import "xor.nn"
neuron AND(a, b) { weights: 1, 1  bias: -2 }
circuit HalfAdder(a, b) -> (sum, carry) {
  sum   = XOR(a, b)
  carry = AND(a, b)
}
circuit Twice(a, b, c) -> y {
  y = XOR(XOR(a, b), c)
}
`,
    };
    const half = await buildSource(files, 'HalfAdder');
    if (!half.built) throw new Error(half.rendered);
    expect(truthTable(half.built.engine).map((r) => r.outputs.join(''))).toEqual(['00', '10', '10', '01']);
    expect(half.built.netlist.neurons.map((n) => n.name)).toEqual(['sum.h1', 'sum.h2', 'sum', 'carry']);
    const twice = await buildSource(files, 'Twice');
    if (!twice.built) throw new Error(twice.rendered);
    expect(outputsOf(twice.built)).toEqual(['0', '1', '1', '0', '1', '0', '0', '1']);
    // Fitted once for both uses.
    expect(twice.built.circuitFits).toHaveLength(1);
  });

  it('is refused by elaboration until the fit stage has found its neurons', () => {
    const checked = checkSource(`circuit XOR(x1, x2) -> y { hidden: 2  ${XOR_ROWS} }`);
    const r = elaborate(checked.model!, 'XOR');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['untrained']);
  });

  it('a table of more than 8 inputs is fitted by gradient descent and checked on every listed row', async () => {
    // y = x1 ∧ x2 ∧ x3 ∧ x4, or at least four of x5 … x9: not one neuron, two hidden neurons.
    const rows: string[] = [];
    for (let r = 0; r < 512; r += 4) {
      const b = Array.from({ length: 9 }, (_, j) => (r >> (8 - j)) & 1);
      const y = b.slice(0, 4).every((v) => v === 1) || b.slice(4).reduce((s, v) => s + v, 0) >= 4 ? 1 : 0;
      rows.push(`${b.join(' ')} -> ${y}`);
    }
    const src = `circuit Wide(x1, x2, x3, x4, x5, x6, x7, x8, x9) -> y {\n  hidden: 2\n  train {\n${rows.join('\n')}\n  }\n}\n`;
    const { built, rendered } = await buildSource({ 'main.nn': src }, 'Wide');
    if (!built) throw new Error(rendered);
    const fit = built.circuitFits[0]!;
    expect([fit.method, fit.errors, fit.gradient?.converged]).toEqual(['gradient', 0, true]);
    const table = outputsOf(built);
    for (const row of rows) {
      const [inputs, y] = row.split(' -> ') as [string, string];
      expect(table[Number.parseInt(inputs.replaceAll(' ', ''), 2)], inputs).toBe(y);
    }
  });
});

describe('a trained circuit on a data set, by gradient descent', () => {
  const csv = readFileSync('circuits/data/xor-data.csv', 'utf8');
  const data = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number) as [number, number, number]);
  const source = (knobs: string) => ({ 'main.nn': `circuit XorData(u, v) -> y { hidden: 2  train: "d.csv"  ${knobs} }`, 'd.csv': csv });

  it('is seeded: seed 3 fits every point, the same weights on every run, checked exactly on every row', async () => {
    const a = await buildSource(source('seed: 3'), 'XorData');
    const b = await buildSource(source('seed: 3'), 'XorData');
    if (!a.built || !b.built) throw new Error(a.rendered);
    const weights = (x: Built) => x.netlist.neurons.map((n) => [...n.weights, n.bias]);
    expect(weights(a.built)).toEqual(weights(b.built));
    const fit = a.built.circuitFits[0]!;
    expect([fit.errors, fit.gradient!.epochs, fit.gradient!.converged]).toEqual([0, 98, true]);
    expect(fit.gradient!.errorsPerEpoch).toHaveLength(98);
    expect(fit.gradient!.errorsPerEpoch.at(-1)).toBe(0);
    // Every point, evaluated exactly on its decimal coordinates, gets its label.
    for (const [u, v, y] of data)
      expect(evaluate(a.built.circuit, [fromNumber(u), fromNumber(v)]).outputs[0]!.value.num, `${u} ${v}`).toBe(BigInt(y));
    expect(outputsOf(a.built)).toEqual(['0', '1', '1', '0']);
  });

  it('a run that does not fit every row is used with a warning that counts the rows', async () => {
    const { built, rendered } = await buildSource(source('epochs: 300'), 'XorData');
    const wrong = built!.circuitFits[0]!.errors;
    expect(wrong).toBeGreaterThan(0);
    expect(rendered).toContain(
      `warning[not-converged]: the layered network with a hidden layer of 2 neurons trained for XorData gets ${wrong} rows of 40 wrong after 300 epochs; these weights are used`,
    );
    // Counted exactly, on each point's decimal coordinates.
    const misses = data.filter(([u, v, y]) => evaluate(built!.circuit, [fromNumber(u), fromNumber(v)]).outputs[0]!.value.num !== BigInt(y));
    expect(misses).toHaveLength(wrong);
  });

  it('keeps its errors per epoch in bounded memory, however many epochs it runs', () => {
    const xor = { inputs: ['a', 'b'], outputs: ['y'], count: 4, x: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1), y: Uint8Array.of(0, 1, 1, 0) };
    // One hidden neuron never fits XOR: every epoch runs, and each is recorded.
    const r = trainLayers(xor, [1], { epochs: 500 });
    expect([r.epochs, r.errorsPerEpoch.length, r.lossPerEpoch.length, r.errorsSampling]).toEqual([500, 500, 500, 1]);
    // The record it keeps them in thins itself by halves past MAX_RECORDED_EPOCHS.
    const record = new ErrorRecord();
    for (let e = 0; e < 3 * MAX_RECORDED_EPOCHS; e++) record.push(e);
    record.finish();
    expect(record.sampling).toBe(4);
    expect(record.entries.length).toBeLessThan(MAX_RECORDED_EPOCHS);
    expect(record.entries.at(-1)).toBe(3 * MAX_RECORDED_EPOCHS - 1);
    // Each entry is the last epoch of its group of 4.
    expect(record.entries.slice(0, 3)).toEqual([3, 7, 11]);
  });

  it('reads a column per input and per output bit, and says which is missing', async () => {
    const { loaded, sources, host } = loadSource({ 'main.nn': 'circuit C(u, v) -> (y, w) { hidden: 2  train: "d.csv" }', 'd.csv': csv });
    const r = await build(loaded.model, 'C', { trainer: new Trainer(host, {}, sources) });
    const rendered = renderDiagnostics(r.diagnostics, { source: (f) => sources.get(f) });
    expect(rendered).toContain('d.csv:1:1: error[dataset-missing-column]: the data set has no label column "w"');
    expect(rendered).toContain("hint: the outputs are read from 0/1 columns named like C's outputs");
  });
});

describe('nn train, --emit and nn plot on trained circuits', () => {
  it('reports the neurons found and writes the circuit as .nn that checks and computes the same table', async () => {
    const dir = tmp({
      'xor.nn': readFileSync('circuits/xor-trained.nn', 'utf8'),
      'inc.nn':
        '// increments\ncircuit Inc(a[2]) -> s[2] {\n  hidden: 3  // three, not two\n  train { 0 -> 1 ; 1 -> 2 ; 2 -> 3 ; 3 -> 0 }\n}\ntest Inc { 3 -> 0 }\n',
    });
    const json = JSON.parse((await nn(['train', join(dir, 'xor.nn'), 'XOR', '--json'])).stdout);
    expect(json[0]).toMatchObject({
      name: 'XOR',
      kind: 'circuit',
      trained: true,
      hidden: [2],
      layered: true,
      method: 'exact',
      errors: 0,
      accuracy: 1,
    });
    expect(json[0].neurons.map((n: { name: string; part: string }) => `${n.name}:${n.part}`)).toEqual([
      'h1:XOR_h1',
      'h2:XOR_h2',
      'y:XOR_y',
    ]);

    for (const [file, name] of [
      ['xor.nn', 'XOR'],
      ['inc.nn', 'Inc'],
    ] as const) {
      const out = join(dir, `emitted-${file}`);
      const emit = await nn(['train', join(dir, file), '--emit', out]);
      expect(emit.code, emit.stderr).toBe(0);
      if (file === 'xor.nn') {
        expect(emit.stdout).toContain('  shape      layered: hidden layer of 2 (3 neurons)\n');
        expect(emit.stdout).toContain(
          '  method     exact: a network found by a short seeded gradient descent, checked on every row, then the smallest whole weights for each neuron\n',
        );
        expect(emit.stdout).toContain('      y  = XOR_y(h1, h2)\n');
      }
      const emitted = readFileSync(out, 'utf8');
      // Comments inside the declaration stay, above it; the test block is kept.
      if (file === 'inc.nn') expect(emitted).toMatch(/^\/\/ increments\n\/\/ three, not two\nneuron Inc_h1\(a_1, a_0\)/);
      expect(emitted).not.toMatch(/^\s*(hidden:|train \{)/m);
      const check = await nn(['check', out]);
      expect(check.stderr).toBe(`checked 1 file: 0 errors, 0 warnings\n`);
      expect((await nn(['test', out])).code).toBe(0);
      // The emitted circuit, evaluated by the reference interpreter on its decimal text, has the
      // table of the trained one.
      const trained = await buildSource({ 'main.nn': readFileSync(join(dir, file), 'utf8') }, name);
      const model = checkSource(emitted).model!;
      const n = trained.built!.netlist.inputs.length;
      truthTable(trained.built!.engine).forEach((row, r) => {
        const bits = Array.from({ length: n }, (_, j) => (r >> (n - 1 - j)) & 1);
        expect(referenceEval(model, name, bits), `${name} row ${r}`).toEqual(row.outputs);
      });
    }
  });

  it('a data-set circuit: rounded weights that decide every row as learned, --emit, and the errors plot', async () => {
    const dir = tmp({
      'x.nn': readFileSync('circuits/xor-data.nn', 'utf8').replace('"data/xor-data.csv"', '"d.csv"'),
      'd.csv': readFileSync('circuits/data/xor-data.csv', 'utf8'),
    });
    const out = join(dir, 'out.nn');
    const emit = await nn(['train', join(dir, 'x.nn'), '--emit', out]);
    expect(emit.code, emit.stderr).toBe(0);
    expect(emit.stdout).toContain('  epochs     98 (converged: no errors in the last)\n');
    const emitted = readFileSync(out, 'utf8');
    expect(emitted).toContain('neuron XorData_h1(u, v) { weights: -8.2, 7.5  bias: 3.1 }');
    expect((await nn(['test', out])).code).toBe(0);
    // The short decimals decide every data row as the learned weights do: the emitted circuit,
    // built from its own text, labels every point of the data set right.
    const rebuilt = await buildSource({ 'main.nn': emitted }, 'XorData');
    expect(rebuilt.built!.circuitFits).toEqual([]);
    for (const line of readFileSync(join(dir, 'd.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [u, v, y] = line.split(',').map(Number) as [number, number, number];
      expect(evaluate(rebuilt.built!.circuit, [fromNumber(u), fromNumber(v)]).outputs[0]!.value.num, line).toBe(BigInt(y));
    }
    const plot = await nn(['plot', join(dir, 'x.nn'), '--errors']);
    expect(plot.code, plot.stderr).toBe(0);
    expect(plot.stdout).toMatch(/^<\?xml[\s\S]*XorData: errors per epoch of gradient descent \(hidden 2, rate 1, seed 3\)/);
    const exact = await nn(['plot', 'circuits/xor-trained.nn', '--errors']);
    expect(exact.code).toBe(2);
    expect(exact.stderr).toContain('XOR was fitted exactly from its truth table, with no epochs to plot');
  });
});

describe('the diagnostics of trained circuits', () => {
  const summary = (src: string) => checkSource(src).summary;

  it('says what is missing, misspelt, out of range or contradictory, where it is', () => {
    expect(summary('circuit A(x) -> y { hidden: 2 }')).toEqual([
      'incomplete-circuit main.nn:1:9 trained circuit A does not say what to learn from',
    ]);
    expect(summary('circuit B(x) -> y { train { 0 -> 1 } }')).toEqual([
      'incomplete-circuit main.nn:1:9 trained circuit B does not say its shape',
    ]);
    expect(summary('circuit I(x) -> y { hiden: 2  train { 0 -> 1 } }')).toEqual([
      'unknown-field main.nn:1:21 a trained circuit has no field called hiden',
    ]);
    expect(summary('circuit C(x) -> y { hidden: 2, 0  train { 0 -> 1 } }')).toEqual([
      'bad-setting main.nn:1:32 a hidden layer has 1 to 1,000 neurons, not 0',
    ]);
    expect(summary('circuit E(x) -> y { hidden: 2, 2  layered: false  train { 0 -> 1 } }')).toEqual([
      'bad-setting main.nn:1:21 a general network (layered: false) has no layers: hidden is the number of its hidden neurons',
    ]);
    expect(summary('circuit F<N>(x[N]) -> y { hidden: 2  train { 0 -> 1 } }')).toEqual([
      'type-args main.nn:1:11 trained circuit F cannot have width parameters: one network is trained for one shape of ports',
    ]);
    expect(summary('circuit D(x) -> y { hidden: 2  train { 0 -> 1 ; 0 -> 0 } }')).toEqual([
      'contradiction main.nn:1:49 the training table of D contradicts itself: inputs 0 give 1 on one row and 0 on this one',
    ]);
    expect(summary('circuit L(x) -> y { hidden: 2  train: "d.csv"  label: "y" }')).toEqual([
      'unknown-field main.nn:1:48 a trained circuit has no field called label',
    ]);
    expect(summary('circuit K(x) -> y { hidden: 2  train { 0 -> 1 }  seed: 4 }')).toEqual([
      'unused-knob main.nn:1:50 seed has no effect here: this truth table is fitted exactly, without gradient descent',
    ]);
    expect(summary('circuit W(x) -> y { hidden: 1000, 1000, 2  train: "d.csv" }')).toEqual([
      "too-large main.nn:1:21 circuit W's network would have 1,005,005 weights, more than the 1,000,000 nn trains",
    ]);
    expect(summary('circuit G(a, b) -> y { hidden: 40  layered: false  train { 0 0 -> 1 } }')[0]).toMatch(
      /^bad-setting main.nn:1:36 a general network \(layered: false\) is fitted exactly only: a table of up to 8 inputs, 32 neurons in all/,
    );
    expect(summary('neuron N(a) { hidden: 2  weights: 1 }')).toEqual(['unknown-field main.nn:1:15 a neuron has no field called hidden']);
  });

  it('a statement in a trained circuit is a syntax error that says why', () => {
    const r = checkSource('circuit D(a) -> y {\n  hidden: 2\n  y = a\n}\n');
    expect(r.summary).toEqual(["syntax main.nn:3:5 expected ':', found '='"]);
    expect(r.diagnostics[0]!.hint).toBe(
      'a trained circuit (hidden: and train) has fields only: its neurons are found by training; to wire a circuit by hand, leave out its fields',
    );
  });
});
