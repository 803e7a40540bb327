import { describe, expect, it } from 'vitest';
import { elaborate } from '../src/elaborate/elaborate.js';
import { hiddenNeurons } from '../src/elaborate/netlist.js';
import { toNumber } from '../src/arith/rational.js';
import { checkSource } from './helpers.js';

const model = (src: string) => {
  const r = checkSource(src);
  if (!r.model) throw new Error(r.rendered);
  return r.model;
};

describe('elaborate', () => {
  it('expands XOR into three neurons in two layers, in topological order', () => {
    const n = elaborate(model('import "circuits/xor.nn"'), 'XOR');
    if (!n.ok) throw new Error('failed');
    expect(n.value.neurons.map((x) => [x.name, x.part, x.layer, x.weights.map(toNumber), toNumber(x.bias)])).toEqual([
      ['h1', 'OR', 1, [1, 1], -1],
      ['h2', 'NAND', 1, [-1, -1], 1],
      ['y', 'AND', 2, [1, 1], -2],
    ]);
    expect(n.value.depth).toBe(2);
    expect(n.value.outputs).toEqual([{ name: 'y', source: { kind: 'neuron', index: 2 } }]);
    expect(hiddenNeurons(n.value)).toEqual([0, 1]);
  });

  it('names neurons hierarchically: wires, Part#k for destructured instances, collapsed outputs', () => {
    const n = elaborate(model('import "circuits/full-adder.nn"'), 'FullAdder');
    if (!n.ok) throw new Error('failed');
    expect(n.value.neurons.map((x) => x.name)).toEqual([
      'HalfAdder#1.sum.h1',
      'HalfAdder#1.sum.h2',
      'HalfAdder#1.sum',
      'HalfAdder#1.carry',
      'HalfAdder#2.sum.h1',
      'HalfAdder#2.sum.h2',
      'HalfAdder#2.sum',
      'HalfAdder#2.carry',
      'cout',
    ]);
    expect(n.value.neurons[0]!.scopes).toEqual([
      { label: 'HalfAdder#1', part: 'HalfAdder' },
      { label: 'sum', part: 'XOR' },
    ]);
    expect(n.value.neurons.map((x) => x.layer)).toEqual([1, 1, 2, 1, 3, 3, 4, 3, 4]);
  });

  it('labels nested calls by part and count', () => {
    const n = elaborate(model('import "circuits/mux.nn"'), 'MUX');
    if (!n.ok) throw new Error('failed');
    expect(n.value.neurons.map((x) => x.name).sort()).toEqual(['AND#1', 'AND#2', 'NOT#1', 'y']);
  });

  it('wires constants and aliases without neurons', () => {
    const n = elaborate(model('circuit C(a) -> (one, same, y) {\n one = 1\n same = a\n y = N(0)\n}\nneuron N(x) { weights: -1 }'), 'C');
    if (!n.ok) throw new Error('failed');
    expect(n.value.outputs.map((o) => o.source)).toEqual([
      { kind: 'constant', value: 1 },
      { kind: 'input', index: 0 },
      { kind: 'neuron', index: 0 },
    ]);
    expect(n.value.neurons[0]!.inputs).toEqual([{ kind: 'constant', value: 0 }]);
  });

  it('expands a neuron on its own as a one-neuron netlist', () => {
    const n = elaborate(model('import "circuits/gates.nn"'), 'NAND');
    if (!n.ok) throw new Error('failed');
    expect(n.value.neurons).toHaveLength(1);
    expect(n.value.outputs[0]!.name).toBe('NAND');
  });

  it('refuses a hierarchy that would blow up, before building it', () => {
    const levels = ['circuit L0(a) -> y { y = N(a) }', 'neuron N(x) { weights: -1 }'];
    for (let i = 1; i <= 40; i++) levels.push(`circuit L${i}(a) -> y { p = L${i - 1}(a)  y = L${i - 1}(p) }`);
    const n = elaborate(model(levels.join('\n')), 'L40');
    expect(n.ok).toBe(false);
    expect(n.diagnostics[0]!.code).toBe('too-large');
    expect(n.diagnostics[0]!.message).toBe('L40 would expand to 1,099,511,627,776 neurons, more than the limit of 1,000,000');
    expect(elaborate(model(levels.join('\n')), 'L10', { maxNeurons: 1024 }).ok).toBe(true);
  });
});
