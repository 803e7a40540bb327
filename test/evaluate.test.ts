import { describe, expect, it } from 'vitest';
import { compile } from '../src/evaluate/compile.js';
import { engineFor } from '../src/evaluate/engines.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { parseDecimal } from '../src/arith/rational.js';
import { formatExact } from '../src/arith/format.js';
import { writeTable, type TableFormat } from '../src/evaluate/table-format.js';
import { checkRowLimit, truthTable } from '../src/evaluate/table.js';
import { runTest } from '../src/evaluate/test-runner.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { checkSource, compileSource, seededRandom } from './helpers.js';
import { referenceEval } from './reference.js';

async function table(source: string, name: string, format: TableFormat, hidden = false): Promise<string> {
  const { engine } = compileSource(source, name);
  let out = '';
  const decoder = new TextDecoder();
  await writeTable(engine, { format, hidden }, (chunk) => {
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
    const { engine } = compileSource('import "circuits/half-adder.nn"', 'HalfAdder');
    expect(r.model!.tests.map((t) => runTest(t, engine).passed)).toEqual([true]);
  });

  it('handles a part without inputs: one row, and a test block that reads back', async () => {
    const src = 'neuron ONE() { bias: 0 }\ncircuit K() -> (y, z) {\n  y = ONE()\n  z = 0\n}';
    expect(await table(src, 'K', 'text')).toBe('y z\n1 0\n');
    const block = await table(src, 'K', 'test');
    const r = checkSource(`${src}\n${block}`);
    expect(r.summary).toEqual([]);
    const { engine } = compileSource(src, 'K');
    expect(runTest(r.model!.tests[0]!, engine).passed).toBe(true);
  });

  it('streams a large table in chunks instead of one string', async () => {
    // 2^14 rows of a 14-input circuit with every neuron shown: megabytes, not one string.
    const { engine, circuit } = compileSource('import "circuits/adder4.nn"\ncircuit Two(a3, a2, a1, a0, b3, b2, b1, b0, c3, c2, c1, c0, d1, d0) -> (s3, s2, s1, s0, t3, t2, t1, t0) {\n  (s3, s2, s1, s0, _k) = Adder4(a3, a2, a1, a0, b3, b2, b1, b0)\n  (t3, t2, t1, t0, _m) = Adder4(c3, c2, c1, c0, d1, d0, a1, b0)\n}', 'Two');
    const chunks: Uint8Array[] = [];
    let held = 0;
    await writeTable(engine, { format: 'csv', hidden: true }, async (c) => {
      chunks.push(c.slice());
      held = Math.max(held, c.length);
    });
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    expect(text.split('\n')).toHaveLength(2 ** 14 + 2);
    expect(chunks.length).toBeGreaterThan(3);
    expect(held).toBeLessThanOrEqual(1 << 20);
    expect(checkRowLimit(circuit, 2 ** 14 - 1)?.message).toBe('Two has 14 inputs, so its truth table has 16,384 rows, more than the limit of 16,383');
    expect(checkRowLimit(circuit, 2 ** 14)).toBeUndefined();
  });

  it('adds numbers: every row of the 4-bit adder is a + b', () => {
    const { engine } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const rows = truthTable(engine);
    expect(rows).toHaveLength(256);
    rows.forEach((row, r) => {
      const a = r >> 4;
      const b = r & 15;
      expect(parseInt(row.outputs.join(''), 2)).toBe(a + b);
    });
  });
});

/** Decimal texts as exact inputs. */
const exact = (...xs: string[]) => xs.map((x) => {
  const r = parseDecimal(x);
  if (!r.ok) throw new Error(x);
  return r.value;
});

describe('eval', () => {
  it('shows each neuron\'s pre-activation and output', () => {
    const { circuit } = compileSource(XOR, 'XOR');
    const e = evaluate(circuit, exact('1', '0'));
    expect(e.neurons.map((n) => [n.name, formatExact(n.z), n.output])).toEqual([['h1', '0', 1], ['h2', '0', 1], ['y', '0', 1]]);
    expect(e.outputs.map((o) => [o.name, formatExact(o.value)])).toEqual([['y', '1']]);
  });

  it('takes real numbers and fires at exactly z = 0 (step is >=)', () => {
    const { circuit } = compileSource('neuron N(a, b) { weights: 0.5, -2  bias: 0.25 }', 'N');
    expect(evaluate(circuit, exact('1.5', '0.5')).neurons[0]).toMatchObject({ output: 1 });
    expect(formatExact(evaluate(circuit, exact('1.5', '0.5')).neurons[0]!.z)).toBe('0');
    expect(evaluate(circuit, exact('1.5', '0.51')).neurons[0]!.output).toBe(0);
  });

  it('computes the sum exactly, whatever the sizes of the weights', () => {
    const { circuit } = compileSource('neuron N(a, b) { weights: 60000000.06, -60000000  bias: -0.1 }', 'N');
    const n = evaluate(circuit, exact('1', '1')).neurons[0]!;
    expect([formatExact(n.z), n.output]).toEqual(['-0.04', 0]);
  });

  it('is exact for decimal weights: 0.1 + 0.2 - 0.3 fires', () => {
    const { circuit, engine } = compileSource('neuron N(a, b) { weights: 0.1, 0.2  bias: -0.3 }', 'N');
    expect(evaluate(circuit, exact('1', '1')).neurons[0]).toMatchObject({ output: 1 });
    expect(truthTable(engine).map((r) => r.outputs[0])).toEqual([0, 0, 0, 1]);
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
    const { engine } = compileSource(src, 'BadXOR');
    const result = runTest(r.model!.tests[0]!, engine);
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

describe('the engines agree with a tree-walking reference', () => {
  it('on every example circuit, every row', () => {
    for (const [file, name] of [['xor', 'XOR'], ['half-adder', 'HalfAdder'], ['full-adder', 'FullAdder'], ['adder4', 'Adder4'], ['mux', 'MUX']] as const) {
      const r = checkSource(`import "circuits/${file}.nn"`);
      const { engine } = compileSource(`import "circuits/${file}.nn"`, name);
      truthTable(engine).forEach((row) => {
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
      truthTable(engineFor(compile(netlist.value))).forEach((row) => {
        expect(row.outputs, `seed ${seed}`).toEqual(referenceEval(r.model!, 'R', row.inputs));
      });
    }
  });
});
