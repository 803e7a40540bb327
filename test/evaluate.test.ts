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
    // biome-ignore format: the table reads best row by row
    const expected =
      'x1 x2 | h1 h2 | y\n' +
      ' 0  0 |  0  1 | 0\n' +
      ' 0  1 |  1  1 | 1\n' +
      ' 1  0 |  1  1 | 1\n' +
      ' 1  1 |  1  0 | 0\n';
    expect(await table(XOR, 'XOR', 'text', true)).toBe(expected);
  });

  it('prints only inputs and outputs without --hidden', async () => {
    expect(await table(XOR, 'XOR', 'text')).toBe('x1 x2 | y\n 0  0 | 0\n 0  1 | 1\n 1  0 | 1\n 1  1 | 0\n');
  });

  it('writes CSV, Markdown and JSON', async () => {
    expect(await table(XOR, 'XOR', 'csv', true)).toBe('x1,x2,h1,h2,y\n0,0,0,1,0\n0,1,1,1,1\n1,0,1,1,1\n1,1,1,0,0\n');
    expect(await table(XOR, 'XOR', 'md')).toBe(
      '| x1 | x2 | y |\n|---:|---:|--:|\n|  0 |  0 | 0 |\n|  0 |  1 | 1 |\n|  1 |  0 | 1 |\n|  1 |  1 | 0 |\n',
    );
    const json = JSON.parse(await table(XOR, 'XOR', 'json', true));
    expect(json).toEqual({
      circuit: 'XOR',
      inputs: ['x1', 'x2'],
      hidden: ['h1', 'h2'],
      outputs: ['y'],
      rows: [
        [0, 0, 0, 1, 0],
        [0, 1, 1, 1, 1],
        [1, 0, 1, 1, 1],
        [1, 1, 1, 0, 0],
      ],
    });
  });

  it('prints a test block that checks and passes as its own regression test', async () => {
    const block = await table('import "circuits/half-adder.nn"', 'HalfAdder', 'test');
    expect(block).toBe(
      'test HalfAdder {\n  a b -> sum carry\n  0 0 ->   0     0\n  0 1 ->   1     0\n  1 0 ->   1     0\n  1 1 ->   0     1\n}\n',
    );
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

  it('streams a table of megabytes in chunks of at most 1 MiB, whole rows each, waiting for the sink', async () => {
    // A 17-input majority gate: 131,072 CSV rows, about 4.7 MB.
    const n = 17;
    const params = Array.from({ length: n }, (_, i) => `x${i}`);
    const { program } = compileSource(`neuron Maj(${params.join(', ')}) { threshold: 9 }`, 'Maj');
    const decoder = new TextDecoder();
    const sizes: number[] = [];
    let text = '';
    let waiting = false;
    let overlapped = false;
    await writeTable(program, { format: 'csv' }, async (chunk) => {
      overlapped ||= waiting;
      waiting = true;
      // An empty chunk (CSV's empty footer) is harmless; any other ends at the end of a row.
      if (chunk.length > 0) expect(chunk[chunk.length - 1], 'a chunk ends at the end of a row').toBe(0x0a);
      sizes.push(chunk.length);
      text += decoder.decode(chunk);
      // A slow consumer: the next chunk must not come before this one is taken.
      await new Promise((resolve) => setImmediate(resolve));
      waiting = false;
    });
    expect(overlapped).toBe(false);
    expect(sizes.filter((size) => size > 100_000).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1 << 20);
    const rows = text.split('\n');
    expect(rows.shift()).toBe(`${params.join(',')},Maj`);
    expect(rows.pop()).toBe('');
    expect(rows).toHaveLength(2 ** n);
    // Row i: the bits of i, first input most significant, then whether 9 or more are 1.
    const wrong = rows.findIndex((row, i) => {
      let bits = '';
      let ones = 0;
      for (let j = n - 1; j >= 0; j--) {
        const bit = (i >> j) & 1;
        bits += `${bit},`;
        ones += bit;
      }
      return row !== `${bits}${ones >= 9 ? 1 : 0}`;
    });
    expect(wrong, rows[wrong]).toBe(-1);
  });

  it('refuses a table longer than the row limit, saying how long it would be', () => {
    const { program } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    expect(checkRowLimit(program, 255)?.message).toBe('Adder4 has 8 inputs, so its truth table has 256 rows, more than the limit of 255');
    expect(checkRowLimit(program, 256)).toBeUndefined();
  });

  it("adds numbers: the 4-bit adder's rows count a3..a0 b3..b0 in binary, and each is a + b", () => {
    const { program } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const rows = truthTable(program);
    expect(rows).toHaveLength(256);
    const value = (bits: readonly number[]) => bits.reduce((v, b) => 2 * v + b, 0);
    rows.forEach((row, r) => {
      expect(value(row.inputs), 'counting order, first input most significant').toBe(r);
      expect(value(row.outputs), `row ${r}`).toBe(value(row.inputs.slice(0, 4)) + value(row.inputs.slice(4)));
    });
  });
});

describe('eval', () => {
  it("shows each neuron's pre-activation and output", () => {
    const { program } = compileSource(XOR, 'XOR');
    const e = evaluate(program, [1, 0]);
    expect(e.neurons.map((n) => [n.name, n.z, n.output])).toEqual([
      ['h1', 0, 1],
      ['h2', 0, 1],
      ['y', 0, 1],
    ]);
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
  it("lists every mismatching row with hidden values, honouring don't-cares", () => {
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
      [
        [0, 1],
        [0],
        [
          { name: 'h1', value: 1 },
          { name: 'h2', value: 0 },
        ],
      ],
      [
        [1, 0],
        [0],
        [
          { name: 'h1', value: 1 },
          { name: 'h2', value: 0 },
        ],
      ],
    ]);
  });
});

/**
 * A seeded generator of random circuits: up to 16 instances of a few random neurons, each
 * reading earlier wires or the constants, with integer weights and short decimals (0.5, 0.1,
 * -0.3, ...), which nn must decide exactly. Two of the outputs are chosen at random, so
 * hidden wires are compared too.
 */
function randomCircuit(seed: number): string {
  const rand = seededRandom(seed);
  const numbers = ['-3', '-2', '-1', '0', '1', '2', '3', '0.5', '-1.5', '0.1', '0.2', '-0.3', '2.25', '-0.7'];
  const number = () => numbers[rand(numbers.length)]!;
  const inputs = 1 + rand(6);
  const kinds = Array.from({ length: 1 + rand(5) }, () => Array.from({ length: 1 + rand(4) }, number));
  const neurons = kinds.map(
    (w, k) => `neuron N${k}(${w.map((_, i) => `i${i}`).join(', ')}) { weights: ${w.join(', ')}  bias: ${number()} }`,
  );
  const wires = Array.from({ length: inputs }, (_, i) => `x${i}`);
  const lines: string[] = [];
  const count = 1 + rand(16);
  for (let k = 0; k < count; k++) {
    const kind = rand(kinds.length);
    const args = kinds[kind]!.map(() => (rand(8) === 0 ? String(rand(2)) : wires[rand(wires.length)]!));
    lines.push(`  w${k} = N${kind}(${args.join(', ')})`);
    wires.push(`w${k}`);
  }
  const outs = [`w${count - 1}`, wires[inputs + rand(count)]!, wires[rand(wires.length)]!].filter((v, i, a) => a.indexOf(v) === i);
  const params = Array.from({ length: inputs }, (_, i) => `x${i}`).join(', ');
  const assigns = outs.map((w, i) => `  o${i} = ${w}`).join('\n');
  return `${neurons.join('\n')}\ncircuit R(${params}) -> (${outs.map((_, i) => `o${i}`).join(', ')}) {\n${lines.join('\n')}\n${assigns}\n}`;
}

/**
 * Three evaluators must agree on every row: the reference tree-walker over the checked model
 * (test/reference.ts), the typed-array loop behind `evaluate` (nn eval), and the generated
 * code behind `truthTable` (nn table, nn test).
 */
function expectEvaluatorsAgree(source: string, name: string): number {
  const checked = checkSource(source);
  if (!checked.model) throw new Error(checked.rendered);
  const netlist = elaborate(checked.model, name);
  if (!netlist.ok) throw new Error(`${source}\n${JSON.stringify(netlist.diagnostics)}`);
  const program = compile(netlist.value);
  const rows = truthTable(program);
  const show = (outputs: number[][]) => rows.map((row, r) => `${row.inputs.join('')} -> ${outputs[r]!.join('')}`);
  const reference = show(rows.map((row) => referenceEval(checked.model!, name, row.inputs)));
  const loop = show(rows.map((row) => evaluate(program, row.inputs).outputs.map((o) => o.value)));
  const generated = show(rows.map((row) => row.outputs));
  expect(generated, `generated code vs reference on\n${source}`).toEqual(reference);
  expect(loop, `typed-array loop vs reference on\n${source}`).toEqual(reference);
  return rows.length;
}

describe('three evaluators agree: the reference tree-walker, the typed-array loop and the generated code', () => {
  it('on every example circuit, every row', () => {
    const examples = [
      ['xor', 'XOR'],
      ['half-adder', 'HalfAdder'],
      ['full-adder', 'FullAdder'],
      ['adder4', 'Adder4'],
      ['mux', 'MUX'],
    ] as const;
    for (const [file, name] of examples) expectEvaluatorsAgree(`import "circuits/${file}.nn"`, name);
  });

  it('on 120 random circuits with integer and decimal weights', () => {
    let rows = 0;
    for (let seed = 1; seed <= 120; seed++) rows += expectEvaluatorsAgree(randomCircuit(seed), 'R');
    expect(rows).toBeGreaterThan(1500);
  });
});
