import { describe, expect, it } from 'vitest';
import { compile } from '../src/evaluate/compile.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { writeTable, type TableFormat } from '../src/evaluate/table-format.js';
import { checkRowLimit, truthTable } from '../src/evaluate/table.js';
import { runTest } from '../src/evaluate/test-runner.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { checkSource, compileSource, seededRandom } from './helpers.js';
import { referenceEval } from './reference.js';

async function table(source: string, name: string, format: TableFormat, hidden = false): Promise<string> {
  const { program } = compileSource(source, name);
  let out = '';
  const decoder = new TextDecoder();
  await writeTable(program, { format, hidden }, (chunk) => {
    out += decoder.decode(chunk);
  });
  return out;
}

const XOR = 'import "circuits/xor.nn"';

describe('truth tables', () => {
  it('prints the classic XOR table with hidden neurons grouped by layer', async () => {
    expect(await table(XOR, 'XOR', 'text', true)).toBe(
      'x1 x2 | h1 h2 | y\n' +
      ' 0  0 |  0  1 | 0\n' +
      ' 0  1 |  1  1 | 1\n' +
      ' 1  0 |  1  1 | 1\n' +
      ' 1  1 |  1  0 | 0\n');
  });

  it('prints only inputs and outputs without --hidden', async () => {
    expect(await table(XOR, 'XOR', 'text')).toBe('x1 x2 | y\n 0  0 | 0\n 0  1 | 1\n 1  0 | 1\n 1  1 | 0\n');
  });

  it('writes CSV, Markdown and JSON', async () => {
    expect(await table(XOR, 'XOR', 'csv', true)).toBe('x1,x2,h1,h2,y\n0,0,0,1,0\n0,1,1,1,1\n1,0,1,1,1\n1,1,1,0,0\n');
    expect(await table(XOR, 'XOR', 'md')).toBe('| x1 | x2 | y |\n|---:|---:|--:|\n|  0 |  0 | 0 |\n|  0 |  1 | 1 |\n|  1 |  0 | 1 |\n|  1 |  1 | 0 |\n');
    const json = JSON.parse(await table(XOR, 'XOR', 'json', true));
    expect(json).toEqual({
      circuit: 'XOR', inputs: ['x1', 'x2'], hidden: ['h1', 'h2'], outputs: ['y'],
      rows: [[0, 0, 0, 1, 0], [0, 1, 1, 1, 1], [1, 0, 1, 1, 1], [1, 1, 1, 0, 0]],
    });
  });

  it('prints a test block that checks and passes as its own regression test', async () => {
    const block = await table('import "circuits/half-adder.nn"', 'HalfAdder', 'test');
    expect(block).toBe('test HalfAdder {\n  a b -> sum carry\n  0 0 ->   0     0\n  0 1 ->   1     0\n  1 0 ->   1     0\n  1 1 ->   0     1\n}\n');
    const r = checkSource(`import "circuits/half-adder.nn"\n${block}`);
    expect(r.summary).toEqual([]);
    const { program } = compileSource('import "circuits/half-adder.nn"', 'HalfAdder');
    expect(r.model!.tests.map((t) => runTest(t, program).passed)).toEqual([true]);
  });

  it('handles a part without inputs: one row, and a test block that reads back', async () => {
    const src = 'neuron ONE() { bias: 0 }\ncircuit K() -> (y, z) {\n  y = ONE()\n  z = 0\n}';
    expect(await table(src, 'K', 'text')).toBe('y z\n1 0\n');
    const block = await table(src, 'K', 'test');
    const r = checkSource(`${src}\n${block}`);
    expect(r.summary).toEqual([]);
    const { program } = compileSource(src, 'K');
    expect(runTest(r.model!.tests[0]!, program).passed).toBe(true);
  });

  it('streams a large table in chunks instead of one string', async () => {
    const { program } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const chunks: number[] = [];
    await writeTable(program, { format: 'csv', hidden: true }, (c) => void chunks.push(c.length));
    expect(chunks.length).toBeGreaterThan(2);
    expect(checkRowLimit(program, 255)?.message).toBe('Adder4 has 8 inputs, so its truth table has 256 rows, more than the limit of 255');
    expect(checkRowLimit(program, 256)).toBeUndefined();
  });

  it('adds numbers: every row of the 4-bit adder is a + b', () => {
    const { program } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const rows = truthTable(program);
    expect(rows).toHaveLength(256);
    rows.forEach((row, r) => {
      const a = r >> 4;
      const b = r & 15;
      expect(parseInt(row.outputs.join(''), 2)).toBe(a + b);
    });
  });
});

describe('eval', () => {
  it('shows each neuron\'s pre-activation and output', () => {
    const { program } = compileSource(XOR, 'XOR');
    const e = evaluate(program, [1, 0]);
    expect(e.neurons.map((n) => [n.name, n.z, n.output])).toEqual([['h1', 0, 1], ['h2', 0, 1], ['y', 0, 1]]);
    expect(e.outputs).toEqual([{ name: 'y', value: 1 }]);
  });

  it('takes real numbers and fires at exactly z = 0 (step is >=)', () => {
    const { program } = compileSource('neuron N(a, b) { weights: 0.5, -2  bias: 0.25 }', 'N');
    expect(evaluate(program, [1.5, 0.5]).neurons[0]).toMatchObject({ z: 0, output: 1 });
    expect(evaluate(program, [1.5, 0.51]).neurons[0]!.output).toBe(0);
  });

  it('scales only by the decimals written, so large weights keep their exact value', () => {
    const { program } = compileSource('neuron N(a, b) { weights: 60000000.06, -60000000  bias: -0.1 }', 'N');
    expect(evaluate(program, [1, 1]).neurons[0]).toMatchObject({ output: 0 });
    expect(evaluate(program, [1, 1]).neurons[0]!.z).toBeCloseTo(-0.04, 6);
  });

  it('is exact for decimal weights: 0.1 + 0.2 - 0.3 fires', () => {
    const { program } = compileSource('neuron N(a, b) { weights: 0.1, 0.2  bias: -0.3 }', 'N');
    expect(evaluate(program, [1, 1]).neurons[0]).toMatchObject({ z: 0, output: 1 });
    expect(truthTable(program).map((r) => r.outputs[0])).toEqual([0, 0, 0, 1]);
  });
});

describe('tests in files', () => {
  it('lists every mismatching row with hidden values, honouring don\'t-cares', () => {
    const src = `import "circuits/gates.nn"
circuit BadXOR(x1, x2) -> y {
  h1 = OR(x1, x2)
  h2 = AND(x1, x2)
  y  = AND(h1, h2)
}
test BadXOR {
  0 0 -> 0
  0 1 -> 1
  1 0 -> 1
  1 1 -> *
}`;
    const r = checkSource(src);
    const { program } = compileSource(src, 'BadXOR');
    const result = runTest(r.model!.tests[0]!, program);
    expect(result.passed).toBe(false);
    expect(result.failures.map((f) => [f.row.inputs, f.actual, f.hidden])).toEqual([
      [[0, 1], [0], [{ name: 'h1', value: 1 }, { name: 'h2', value: 0 }]],
      [[1, 0], [0], [{ name: 'h1', value: 1 }, { name: 'h2', value: 0 }]],
    ]);
  });
});

/** A seeded generator of random circuits: layers of random integer neurons over earlier wires. */
function randomCircuit(seed: number): { source: string; inputs: number } {
  const rand = seededRandom(seed);
  const inputs = 1 + rand(5);
  const lines: string[] = [];
  const neurons: string[] = [];
  const wires = Array.from({ length: inputs }, (_, i) => `x${i}`);
  const count = 1 + rand(12);
  for (let k = 0; k < count; k++) {
    const fanIn = 1 + rand(3);
    const weights = Array.from({ length: fanIn }, () => rand(7) - 3);
    neurons.push(`neuron N${k}(${weights.map((_, i) => `i${i}`).join(', ')}) { weights: ${weights.join(', ')}  bias: ${rand(7) - 3} }`);
    const args = Array.from({ length: fanIn }, () => (rand(8) === 0 ? String(rand(2)) : wires[rand(wires.length)]!));
    lines.push(`  w${k} = N${k}(${args.join(', ')})`);
    wires.push(`w${k}`);
  }
  const outs = [`w${count - 1}`, wires[inputs + rand(count)]!].filter((v, i, a) => a.indexOf(v) === i);
  const body = lines.join('\n');
  const params = Array.from({ length: inputs }, (_, i) => `x${i}`).join(', ');
  return {
    source: `${neurons.join('\n')}\ncircuit R(${params}) -> (${outs.map((_, i) => `o${i}`).join(', ')}) {\n${body}\n${outs.map((w, i) => `  o${i} = ${w}`).join('\n')}\n}`,
    inputs,
  };
}

describe('the compiled evaluator agrees with a tree-walking reference', () => {
  it('on every example circuit, every row', () => {
    for (const [file, name] of [['xor', 'XOR'], ['half-adder', 'HalfAdder'], ['full-adder', 'FullAdder'], ['adder4', 'Adder4'], ['mux', 'MUX']] as const) {
      const r = checkSource(`import "circuits/${file}.nn"`);
      const { program } = compileSource(`import "circuits/${file}.nn"`, name);
      truthTable(program).forEach((row) => {
        expect(row.outputs, `${name} ${row.inputs.join('')}`).toEqual(referenceEval(r.model!, name, row.inputs));
      });
    }
  });

  it('on 300 random circuits', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { source } = randomCircuit(seed);
      const r = checkSource(source);
      expect(r.ok, source).toBe(true);
      const netlist = elaborate(r.model!, 'R');
      if (!netlist.ok) throw new Error(source);
      const program = compile(netlist.value);
      truthTable(program).forEach((row) => {
        expect(row.outputs, `seed ${seed}`).toEqual(referenceEval(r.model!, 'R', row.inputs));
      });
    }
  });
});
