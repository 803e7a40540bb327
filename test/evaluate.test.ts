import { describe, expect, it } from 'vitest';
import { formatExact } from '../src/arith/format.js';
import { fromNumber, parseDecimal } from '../src/arith/rational.js';
import { compile } from '../src/evaluate/compile.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { writeTable, type TableFormat } from '../src/evaluate/table-format.js';
import { checkRowLimit, truthTable } from '../src/evaluate/table.js';
import { runTest } from '../src/evaluate/test-runner.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { checkSource, compileSource, reportScale, seededRandom, TEST_SCALE } from './helpers.js';
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

/** Decimal texts as exact inputs. */
const exact = (...xs: string[]) =>
  xs.map((x) => {
    const r = parseDecimal(x);
    if (!r.ok) throw new Error(x);
    return r.value;
  });

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

  it('streams a table of megabytes in chunks of at most 1 MiB, whole rows each, waiting for the sink', async () => {
    // A 17-input majority gate: 131,072 CSV rows, about 4.7 MB.
    const n = 17;
    const params = Array.from({ length: n }, (_, i) => `x${i}`);
    const { engine } = compileSource(`neuron Maj(${params.join(', ')}) { threshold: 9 }`, 'Maj');
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    // The writer fills one buffer while the sink still holds the other: never more than two out.
    let held = 0;
    let mostHeld = 0;
    await writeTable(engine, { format: 'csv' }, async (chunk) => {
      mostHeld = Math.max(mostHeld, ++held);
      // An empty chunk (CSV's empty footer) is harmless; any other ends at the end of a row.
      if (chunk.length > 0) expect(chunk[chunk.length - 1], 'a chunk ends at the end of a row').toBe(0x0a);
      sizes.push(chunk.length);
      // A copy: the writer fills this buffer again once the sink is done with it.
      chunks.push(Buffer.from(chunk));
      // A slow consumer.
      await new Promise((resolve) => setImmediate(resolve));
      held--;
    });
    expect(mostHeld).toBeLessThanOrEqual(2);
    expect(sizes.filter((size) => size > 100_000).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1 << 20);
    // The header, then row i: the bits of i, first input most significant, then whether 9 or
    // more are 1. Built as bytes and compared in one go: 131,072 rows as strings cost more
    // than writing them.
    const header = Buffer.from(`${params.join(',')},Maj\n`);
    const want = Buffer.alloc(header.length + 2 ** n * (2 * n + 2));
    header.copy(want);
    for (let i = 0, at = header.length; i < 2 ** n; i++) {
      let ones = 0;
      for (let j = n - 1; j >= 0; j--) {
        const bit = (i >> j) & 1;
        want[at++] = 0x30 + bit;
        want[at++] = 0x2c;
        ones += bit;
      }
      want[at++] = ones >= 9 ? 0x31 : 0x30;
      want[at++] = 0x0a;
    }
    const got = Buffer.concat(chunks);
    if (!got.equals(want)) {
      // The first line that differs, for the message.
      let at = 0;
      while (at < got.length && got[at] === want[at]) at++;
      const start = got.lastIndexOf(0x0a, at - 1) + 1;
      const line = (b: Buffer) => b.subarray(start, b.indexOf(0x0a, start) < 0 ? b.length : b.indexOf(0x0a, start)).toString();
      expect(line(got), `the line at byte ${start}`).toBe(line(want));
    }
    expect(got.length).toBe(want.length);
    expect(got.equals(want)).toBe(true);
  });

  it('refuses a table longer than the row limit, saying how long it would be', () => {
    const { circuit } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    expect(checkRowLimit(circuit, 255)?.message).toBe('Adder4 has 8 inputs, so its truth table has 256 rows, more than the limit of 255');
    expect(checkRowLimit(circuit, 256)).toBeUndefined();
  });

  it("adds numbers: the 4-bit adder's rows count a3..a0 b3..b0 in binary, and each is a + b", () => {
    const { engine } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const rows = truthTable(engine);
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
    const { circuit } = compileSource(XOR, 'XOR');
    const e = evaluate(circuit, exact('1', '0'));
    expect(e.neurons.map((n) => [n.name, formatExact(n.z), n.output])).toEqual([
      ['h1', '0', 1],
      ['h2', '0', 1],
      ['y', '0', 1],
    ]);
    expect(e.outputs.map((o) => [o.name, formatExact(o.value)])).toEqual([['y', '1']]);
  });

  it('takes real numbers and fires at exactly z = 0 (step is >=)', () => {
    const { circuit } = compileSource('neuron N(a, b) { weights: 0.5, -2  bias: 0.25 }', 'N');
    const n = evaluate(circuit, exact('1.5', '0.5')).neurons[0]!;
    expect([formatExact(n.z), n.output]).toEqual(['0', 1]);
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
    const { engine } = compileSource(src, 'BadXOR');
    const result = runTest(r.model!.tests[0]!, engine);
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
 * The evaluators must agree on every row: the reference tree-walker over the checked model
 * (test/reference.ts, its own exact arithmetic), the row engine's generated code and its
 * typed-array loop, and the exact trace behind `nn eval`.
 */
function expectEvaluatorsAgree(source: string, name: string): number {
  const checked = checkSource(source);
  if (!checked.model) throw new Error(checked.rendered);
  const netlist = elaborate(checked.model, name);
  if (!netlist.ok) throw new Error(`${source}\n${JSON.stringify(netlist.diagnostics)}`);
  const circuit = compile(netlist.value);
  const rows = truthTable(rowEngine(circuit));
  const show = (outputs: number[][]) => rows.map((row, r) => `${row.inputs.join('')} -> ${outputs[r]!.join('')}`);
  const reference = show(rows.map((row) => referenceEval(checked.model!, name, row.inputs)));
  const loop = show(truthTable(rowEngine(circuit, { generated: false })).map((row) => row.outputs));
  const traced = show(
    rows.map((row) =>
      evaluate(
        circuit,
        row.inputs.map((b) => fromNumber(Number(b))),
      ).outputs.map((o) => Number(o.value.num)),
    ),
  );
  const generated = show(rows.map((row) => row.outputs));
  expect(generated, `generated code vs reference on\n${source}`).toEqual(reference);
  expect(loop, `typed-array loop vs reference on\n${source}`).toEqual(reference);
  expect(traced, `exact trace vs reference on\n${source}`).toEqual(reference);
  return rows.length;
}

describe('the evaluators agree: the reference tree-walker, generated code, the typed-array loop and the exact trace', () => {
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

  // Each new shape of file costs the parser a full match: 20 here, 400 with NN_TEST_SCALE=20
  // (helpers.ts).
  const circuits = 20 * TEST_SCALE;
  it(`on ${circuits} random circuits with integer and decimal weights`, () => {
    let rows = 0;
    for (let seed = 1; seed <= circuits; seed++) rows += expectEvaluatorsAgree(randomCircuit(seed), 'R');
    expect(rows).toBeGreaterThan(11 * circuits);
    reportScale(`random circuits (${rows} rows): reference, generated code, typed-array loop and exact trace agree`, circuits);
  });
});
