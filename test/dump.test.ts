// nn dump: each stage as JSON, exact numbers as decimal strings.
import { describe, expect, it } from 'vitest';
import { nnInProcess } from './run-in-process.js';

const nn = (args: string[]) => nnInProcess(args);

describe('nn dump', () => {
  it('--stage ast: the syntax tree with spans', async () => {
    const ast = JSON.parse((await nn(['dump', 'circuits/xor.nn', '--stage', 'ast'])).stdout);
    expect(ast.items.map((i: { kind: string }) => i.kind)).toEqual(['import', 'circuit', 'test']);
    expect(ast.items[1].name).toEqual({
      text: 'XOR',
      span: { file: 'circuits/xor.nn', start: expect.any(Number), end: expect.any(Number) },
    });
  });

  it('--stage model: weights exactly, instances unrolled to bits', async () => {
    const model = JSON.parse((await nn(['dump', 'circuits/ripple-adder.nn', '--stage', 'model'])).stdout);
    const and = model.parts.find((p: { name: string }) => p.name === 'AND');
    expect([and.weights, and.bias]).toEqual([['1', '1'], '-2']);
    const add4 = model.instances.find((i: { key: string }) => i.key === 'RippleAdder<4>');
    expect(add4.statements.map((s: { label: string }) => s.label)).toEqual([
      'c[0]',
      'FullAdder#1',
      'FullAdder#2',
      'FullAdder#3',
      'FullAdder#4',
      'cout',
    ]);
  });

  it('--stage netlist: the neurons of a part; a missing --stage is a usage error', async () => {
    const net = JSON.parse((await nn(['dump', 'circuits/xor.nn', 'XOR', '--stage', 'netlist'])).stdout);
    expect(net.neurons.map((n: { name: string; bias: string }) => [n.name, n.bias])).toEqual([
      ['h1', '-1'],
      ['h2', '1'],
      ['y', '-2'],
    ]);
    const r = await nn(['dump', 'circuits/xor.nn']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'nn dump: --stage must be one of ast, model, netlist']);
  });
});
