// Buses, loops and width parameters: every rule and diagnostic, the bus examples checked
// against the integers themselves, and bus circuits against hand-written scalar equivalents.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnInProcess } from './run-in-process.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { compile } from '../src/evaluate/compile.js';
import { engineFor } from '../src/evaluate/engines.js';
import { truthTable } from '../src/evaluate/table.js';
import { checkLimits } from '../src/check/check.js';
import { type Checked, checkSource, scratchDirs } from './helpers.js';

const tempDir = scratchDirs('nn-bus-');

const FULL_ADDER = 'import "circuits/full-adder.nn"\n';
const GATES = 'import "circuits/gates.nn"\n';

/** Every row of a part's table, buses as numbers, from a file in circuits/ or a source. */
function rows(source: string | Checked, name: string) {
  const checked = typeof source === 'string' ? checkSource(source) : source;
  if (!checked.model) throw new Error(checked.rendered);
  const netlist = elaborate(checked.model, name);
  if (!netlist.ok) throw new Error(JSON.stringify(netlist.diagnostics));
  // The table's own arrays of numbers, not copies: RippleAdder<8> has 65,536 rows.
  return truthTable(engineFor(compile(netlist.value)), { bits: false }).map((r) => ({ in: r.inputs, out: r.outputs }));
}

describe('the bus examples compute what their names say, on every row', () => {
  it('RippleAdder<4> and <8> add: s + 2^N·cout = a + b', () => {
    for (const [name, n] of [
      ['Add4', 4],
      ['Add8', 8],
    ] as const) {
      const table = rows('import "circuits/ripple-adder.nn"', name);
      expect(table).toHaveLength(2 ** (2 * n));
      // One assertion for the table: the first row that does not add up, if any.
      const wrong = table.find(({ in: [a, b], out: [s, cout] }) => s! + 2 ** n * cout! !== a! + b!);
      expect(wrong, name).toBeUndefined();
    }
  });

  it('Multiply4 multiplies, Popcount7 counts, Mux8 selects, Decoder2 decodes, GE4 compares', () => {
    // Each table against the arithmetic, row by row: the first wrong row, if any.
    const wrong = (file: string, name: string, want: (x: number[]) => number) => {
      const table = rows(`import "circuits/${file}.nn"`, name);
      expect(table.length, name).toBeGreaterThan(3);
      return table.find((r) => r.out[0] !== want(r.in));
    };
    expect(wrong('multiplier', 'Multiply4', ([a, b]) => a! * b!)).toBeUndefined();
    expect(wrong('popcount', 'Popcount7', ([x]) => [...x!.toString(2)].filter((c) => c === '1').length)).toBeUndefined();
    expect(wrong('mux8', 'Mux8', ([d, sel]) => (d! >> sel!) & 1)).toBeUndefined();
    expect(wrong('decoder', 'Decoder2', ([sel]) => 1 << sel!)).toBeUndefined();
    expect(wrong('comparator', 'GE4', ([a, b]) => (a! >= b! ? 1 : 0))).toBeUndefined();
  });

  it('a bus adder and the hand-written scalar adder4.nn give the same table', () => {
    const bus = rows('import "circuits/ripple-adder.nn"', 'Add4');
    const scalar = rows('import "circuits/adder4.nn"', 'Adder4');
    expect(scalar).toHaveLength(bus.length);
    // Both list their inputs most significant bit first: rows are in the same order.
    const asBuses = scalar.map((r) => {
      const a = (r.in[0]! << 3) | (r.in[1]! << 2) | (r.in[2]! << 1) | r.in[3]!;
      const b = (r.in[4]! << 3) | (r.in[5]! << 2) | (r.in[6]! << 1) | r.in[7]!;
      const [cout, s3, s2, s1, s0] = r.out as number[];
      return { in: [a, b], out: [(s3! << 3) | (s2! << 2) | (s1! << 1) | s0!, cout] };
    });
    expect(asBuses).toEqual(bus);
  });

  it('a loop over bits elaborates to the same netlist as the statements written out', () => {
    const looped = `${FULL_ADDER}circuit A(a[3], b[3]) -> (s[3], co) {\n  c[0] = 0\n  for i in 0..2 {\n    (s[i], c[i+1]) = FullAdder(a[i], b[i], c[i])\n  }\n  co = c[3]\n}`;
    const written = `${FULL_ADDER}circuit A(a[3], b[3]) -> (s[3], co) {\n  (s[0], c1) = FullAdder(a[0], b[0], 0)\n  (s[1], c2) = FullAdder(a[1], b[1], c1)\n  (s[2], co) = FullAdder(a[2], b[2], c2)\n}`;
    const shape = (src: string) => {
      const m = checkSource(src).model!;
      const n = elaborate(m, 'A');
      if (!n.ok) throw new Error('A');
      return n.value.neurons.map((x) => [x.name, x.part, x.layer, x.inputs]);
    };
    expect(shape(looped)).toEqual(shape(written));
    expect(rows(looped, 'A')).toEqual(rows(written, 'A'));
  });
});

describe('buses in the language', () => {
  it('names instances and bits readably and stably: RippleAdder<16>#1.FullAdder#3.cout', () => {
    const m = checkSource('import "circuits/ripple-adder.nn"').model!;
    const n = elaborate(m, 'Add16');
    if (!n.ok) throw new Error('Add16');
    const names = n.value.neurons.map((x) => x.name);
    expect(names).toContain('RippleAdder<16>#1.FullAdder#3.cout');
    expect(names).toContain('RippleAdder<16>#1.FullAdder#16.HalfAdder#2.sum.h1');
    expect(n.value.inputs.slice(0, 3)).toEqual(['x[15]', 'x[14]', 'x[13]']);
    expect(n.value.inputPorts.map((p) => [p.name, p.width])).toEqual([
      ['x', 16],
      ['y', 16],
    ]);
    expect(n.value.outputs.map((o) => o.name).at(-1)).toBe('c');
  });

  it('slices, concatenation, whole buses, numbers into bus inputs, and wires sized both ways', () => {
    const src = `${FULL_ADDER}${GATES}
neuron ID(x) { weights: 1  bias: -1 }
circuit Inc<N>(a[N]) -> (s[N], cout) {
  c[0] = 1
  for i in 0..N-1 {
    s[i] = XOR(a[i], c[i])
    c[i+1] = AND(a[i], c[i])
  }
  cout = c[N]
}
circuit T(a[8]) -> (hi[4], lo[4], swapped[8], inc[4], k[2]) {
  hi = a[4..7]
  lo = a[0..3]
  swapped = [a[4..7], a[0..3]]
  (n, _c) = Inc<4>(lo)
  inc = n
  k = [ID(a[7]), 1]
}`;
    const table = rows(src, 'T');
    expect(table).toHaveLength(256);
    const want = table.map(({ in: [a] }) => ({
      in: [a],
      out: [a! >> 4, a! & 15, ((a! & 15) << 4) | (a! >> 4), ((a! & 15) + 1) & 15, (a! >> 7) | 2],
    }));
    expect(table).toEqual(want);
  });

  it('a neuron takes buses, its weights in port order, bit 0 first', () => {
    const src = 'neuron GE(a[2], b[2]) { weights: 1, 2, -1, -2  bias: 0 }';
    const table = rows(src, 'GE');
    expect(table.map((r) => r.out[0])).toEqual(table.map((r) => (r.in[0]! >= r.in[1]! ? 1 : 0)));
  });
});

/** `code line:col message` of each diagnostic of `source`. */
const diagnose = (source: string) => checkSource(source).summary;

describe('every new mistake gets a diagnostic with a place and a hint', () => {
  it('a width mismatch names both widths', () => {
    const s = diagnose(
      `${FULL_ADDER}circuit A(a[4], b[3]) -> s[4] {\n  (s, _c) = RippleAdder<4>(a, b)\n}\ncircuit RippleAdder<N>(a[N], b[N]) -> (s[N], cout) {\n  c[0] = 0\n  for i in 0..N-1 {\n    (s[i], c[i+1]) = FullAdder(a[i], b[i], c[i])\n  }\n  cout = c[N]\n}`,
    );
    expect(s).toEqual(['width-mismatch main.nn:3:31 b of RippleAdder<4> is 4 bits wide, but this argument is 3 bits wide']);
    expect(diagnose('circuit C(a[4]) -> y[3] {\n  y = a\n}')).toEqual([
      'width-mismatch main.nn:2:3 y is 3 bits wide, but the value assigned is 4 bits wide',
    ]);
  });

  it('an index out of range shows the range', () => {
    expect(diagnose('circuit C(a[4]) -> y {\n  y = a[4]\n}')).toEqual(['index-range main.nn:2:7 a[4] is out of range: a has bits 0 to 3']);
    expect(diagnose('circuit C(a) -> y {\n  y = a[0]\n}')).toEqual(['index-range main.nn:2:7 a is a single bit, so it has no bit 0']);
    expect(checkSource('circuit C(a[4]) -> y {\n  y = a[4]\n}').rendered).toContain('= hint: a is declared a[4]');
  });

  it('a bus bit assigned twice, or never', () => {
    expect(diagnose(`${GATES}circuit C(a[2]) -> y[2] {\n  y[0] = a[0]\n  y[0] = a[1]\n}`)).toEqual([
      'unassigned-output main.nn:2:20 y[1] is never assigned',
      'assigned-twice main.nn:4:3 y[0] is assigned twice',
    ]);
    expect(diagnose(`${GATES}circuit C(a) -> y {\n  c[0] = a\n  c[2] = a\n  y = AND(c[0], c[2])\n}`)).toEqual([
      'unassigned-bit main.nn:3:3 c[1] is never assigned',
    ]);
  });

  it('an unknown width parameter or loop variable, with did-you-mean', () => {
    expect(diagnose('circuit C<N>(a[M]) -> y {\n  y = a[0]\n}')).toEqual([
      'unknown-parameter main.nn:1:16 M is not a width parameter or a loop variable of C',
    ]);
    const r = checkSource('circuit C<Width>(a[Widht]) -> y {\n  y = a[0]\n}');
    expect(r.rendered).toContain("did you mean 'Width'?");
  });

  it('loops whose range is empty (a warning) or huge (an error)', () => {
    expect(diagnose(`${GATES}circuit C(a) -> y {\n  y = a\n  for i in 3..1 {\n    w[i] = a\n  }\n}`)).toEqual(
      expect.arrayContaining(['empty-loop main.nn:4:12 this loop runs no times in C: 3 is 3 and 1 is 1']),
    );
    expect(diagnose('circuit C(a) -> y {\n  for i in 0..10000000 {\n    w[i] = a\n  }\n  y = w[0]\n}')).toEqual([
      'loop-too-long main.nn:2:12 this loop would run 10,000,001 times in C, more than the limit of 1,000,000',
    ]);
  });

  it('the wrong number of width arguments', () => {
    const src = `${FULL_ADDER}circuit R<N, M>(a[N]) -> y {\n  y = a[0]\n}\ncircuit C(a[2]) -> y {\n  y = R<2>(a)\n}\ncircuit D(a) -> y {\n  y = FullAdder<1>(a, a, a)\n}`;
    expect(diagnose(src)).toEqual([
      'type-args main.nn:6:7 R takes 2 width parameters (N, M), but this call gives 1',
      'output-count main.nn:9:3 FullAdder has 2 outputs (sum, cout), but 1 name is assigned',
      'type-args main.nn:9:7 FullAdder has no width parameters, so it takes no <...>',
    ]);
  });

  it('a problem in one instance is said once, with where the instance is used', () => {
    const r = checkSource('circuit R<N>(a[N]) -> y {\n  y = a[3]\n}\ncircuit C(a[2]) -> y {\n  y = R<2>(a)\n}');
    expect(r.summary).toEqual(['index-range main.nn:2:7 a[3] is out of range in R<2>: a has bits 0 to 1']);
    expect(r.rendered).toContain('= note: main.nn:5:3: in R<2>, used here');
  });

  it('unused warnings and cycle messages name bits', () => {
    expect(diagnose(`${GATES}circuit C(a[4]) -> y {\n  y = AND(a[0], a[1])\n}`)).toEqual([
      'unused main.nn:2:11 a[2..3] of input a are never used',
    ]);
    const cycle = diagnose(`${GATES}circuit C(a) -> y {\n  c[0] = c[1]\n  c[1] = c[0]\n  y = AND(a, c[1])\n}`);
    expect(cycle).toEqual(['cycle main.nn:3:3 these wires form a loop: c[0] → c[1] → c[0]']);
  });

  it('a hierarchy that would blow past the neuron limit is refused before anything is built', () => {
    // Each level doubles the one below: 2^40 neurons, from a few lines.
    const levels = Array.from({ length: 40 }, (_, k) => `circuit L${k + 1}(a) -> y {\n  p = L${k}(a)\n  q = L${k}(p)\n  y = q\n}`).join(
      '\n',
    );
    const src = `neuron L0(a) { weights: 1  bias: 0 }\n${levels}`;
    const m = checkSource(src).model!;
    const r = elaborate(m, 'L40');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.message).toBe('L40 would expand to 1,099,511,627,776 neurons, more than the limit of 1,000,000');
  });
});

const nn = (args: string[]) => nnInProcess(args);

describe('tables, tests and eval with buses', () => {
  it('a bus is one column of numbers; --radix and --bits choose the form', async () => {
    const dec = await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder<2>']);
    expect(dec.stdout.split('\n').slice(0, 3)).toEqual(['a b | s cout', '0 0 | 0    0', '0 1 | 1    0']);
    expect(dec.stdout.split('\n')[16]).toBe('3 3 | 2    1');
    const hex = await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder<2>', '--radix', 'hex', '--format', 'csv']);
    expect(hex.stdout.split('\n')[16]).toBe('0x3,0x3,0x2,1');
    const bin = await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder<2>', '--radix', 'bin']);
    expect(bin.stdout.split('\n')[16]).toBe('0b11 0b11 | 0b10    1');
    const bits = await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder<2>', '--bits', '--format', 'csv']);
    expect(bits.stdout.split('\n')[0]).toBe('a[1],a[0],b[1],b[0],s[1],s[0],cout');
    expect(bits.stdout.split('\n')[16]).toBe('1,1,1,1,1,0,1');
    const json = JSON.parse((await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder<2>', '--format', 'json'])).stdout);
    expect(json.rows[15]).toEqual([3, 3, 2, 1]);
  });

  it('--format test writes number cells that read back as a passing test', async () => {
    const block = (await nn(['table', 'circuits/decoder.nn', 'Decoder2', '--format', 'test', '--radix', 'bin'])).stdout;
    expect(block).toBe('test Decoder2 {\n   sel ->      y\n  0b00 -> 0b0001\n  0b01 -> 0b0010\n  0b10 -> 0b0100\n  0b11 -> 0b1000\n}\n');
    const dir = tempDir();
    writeFileSync(join(dir, 'd.nn'), `import "${join(process.cwd(), 'circuits/decoder.nn')}"\n${block}`);
    const r = await nn(['test', join(dir, 'd.nn')]);
    expect(r.stdout).toContain('PASS Decoder2 (4 rows)');
  });

  it('a failing bus test shows numbers', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'f.nn'),
      `import "${join(process.cwd(), 'circuits/ripple-adder.nn')}"\ntest Add4 {\n  3 5 -> 9 *\n  0x1 0b1 -> 2 0\n}\n`,
    );
    const r = await nn(['test', join(dir, 'f.nn')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a=3 b=5: s expected 9, got 8');
  });

  it('test rows check widths and values', () => {
    const src = 'import "circuits/ripple-adder.nn"\ntest Add4 {\n  16 0 -> 0 1\n  3 -> 3 0\n  x 0 -> 0 0\n}';
    expect(diagnose(src)).toEqual([
      'value-too-wide main.nn:3:3 16 does not fit in the 4 bits of a (at most 15)',
      'row-width main.nn:4:3 this row has 1 input, but Add4 takes 2 (a b)',
      'misplaced-header main.nn:5:3 a header row can only be the first row of a table',
    ]);
  });

  it('nn eval takes numbers for buses, by name or in order', async () => {
    const named = await nn(['eval', 'circuits/ripple-adder.nn', 'Add4', 'a=3', 'b=5']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout.split('\n')[0]).toBe('Add4(a = 3, b = 5)');
    expect(named.stdout.trim().split('\n').at(-1)).toBe('s = 8, cout = 0');
    const positional = await nn(['eval', 'circuits/ripple-adder.nn', 'Add4', '0xf', '1']);
    expect(positional.stdout.trim().split('\n').at(-1)).toBe('s = 0, cout = 1');
    const wide = await nn(['eval', 'circuits/ripple-adder.nn', 'Add4', 'a=16', 'b=0']);
    expect([wide.code, wide.stderr.split('\n')[0]]).toEqual([
      2,
      "nn eval: input a is 4 bits wide: give a whole number from 0 to 15 (such as 5, 0x5 or 0b101), not '16'",
    ]);
  });

  it('an instance is named on the command line; a circuit with width parameters is no default', async () => {
    const r = await nn(['info', 'circuits/ripple-adder.nn', 'RippleAdder<8>']);
    expect(r.stdout).toContain('inputs    a[8], b[8]  (16 bits)');
    expect(r.stdout).toContain('neurons   72');
    const bare = await nn(['table', 'circuits/ripple-adder.nn', 'RippleAdder']);
    expect([bare.code, bare.stderr.split('\n')[0]]).toEqual([
      2,
      'nn table: RippleAdder has a width parameter (RippleAdder<N>): name an instance, such as RippleAdder<8>',
    ]);
    const def = await nn(['info', 'circuits/ripple-adder.nn']);
    expect(def.stderr).toContain('using Add16, the last one');
  });
});

describe('wire widths told through chains of whole wires', () => {
  it('a chain of 1,500 copies written from the output back gets its width from the far end', () => {
    // Each copy reads a wire assigned further down: its width is known only once the one after
    // it is (a pass over the statements per copy if every statement were looked at again).
    const n = 1500;
    const lines = [
      '  out = w0',
      ...Array.from({ length: n }, (_, i) => `  w${i} = w${i + 1}`),
      `  w${n} = [OR(x[0], y[0]), AND(x[1], y[1]), [x[2], y[3]]]`,
    ];
    const checked = checkSource(`${GATES}circuit Chain(x[3], y[4]) -> out[4] {\n${lines.join('\n')}\n}\n`);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const table = rows(checked, 'Chain');
    expect(table).toHaveLength(2 ** 7);
    // Bit 0: x0 or y0; bit 1: x1 and y1; bits 2 and 3: x2 and y3 as they are.
    const wrong = table.find(({ in: [x, y], out: [o] }) => {
      const bit = (v: number, i: number) => (v >> i) & 1;
      const want = bit(x!, 0) | bit(y!, 0) | ((bit(x!, 1) & bit(y!, 1)) << 1) | (bit(x!, 2) << 2) | (bit(y!, 3) << 3);
      return o !== want;
    });
    expect(wrong).toBeUndefined();
  });

  it('widths told both ways through a concatenation, and a bit against a bus reported', () => {
    const source = `${GATES}circuit C(x[2]) -> (out[3], b) {\n  out = [v, w]\n  v = u\n  w = x\n  u = t\n  t = AND(x[0], x[1])\n  b = t\n}\n`;
    expect(checkSource(source).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // out = [AND(x0, x1), x0, x1], bit 0 first; b = AND(x0, x1).
    expect(rows(source, 'C').map((r) => r.out)).toEqual([0, 1, 2, 3].map((x) => [(x === 3 ? 1 : 0) | (x << 1), x === 3 ? 1 : 0]));
    // q's width reaches p in a second pass, and p's reaches r further down in that same pass.
    const relay = `circuit R(x[2]) -> out[2] {\n  p = q\n  r = p\n  q = x\n  out = r\n}\n`;
    expect(checkSource(relay).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(rows(relay, 'R').map((r) => r.out[0])).toEqual([0, 1, 2, 3]);
    const bad = checkSource(`${GATES}circuit C(x[2]) -> out[2] {\n  out = v\n  v = w\n  w = AND(x[0], x[1])\n}\n`);
    expect(bad.summary.filter((s) => s.startsWith('width-mismatch'))).toHaveLength(1);
  });
});

describe('the statements all instances unroll to, bounded', () => {
  it('instances whose widths grow with the caller are refused once they unroll to more than the limit in all', () => {
    const saved = checkLimits.statements;
    checkLimits.statements = 1_000;
    try {
      // Pick<1> … Pick<60>: 1,830 statements and more, none of the instances large.
      const calls = Array.from({ length: 60 }, (_, i) => `  w${i + 1} = Pick<${i + 1}>(x)`).join('\n');
      const source = `neuron B(a) { weights: 1  bias: -1 }\ncircuit Pick<N>(x) -> y {\n  for i in 0..N-1 {\n    _t[i] = B(x)\n  }\n  y = _t[0]\n}\ncircuit Top(x) -> y {\n${calls}\n  y = AND(w1, w60)\n}\nneuron AND(a, b) { weights: 1, 1  bias: -2 }\n`;
      const checked = checkSource(source);
      expect(checked.ok).toBe(false);
      // Top unrolls to 61 statements, Pick<N> to N + 1: with Pick<42> the sum is 1,006.
      expect(checked.summary.filter((s) => s.startsWith('too-large'))).toEqual([
        'too-large main.nn:50:3 the circuit instances these files use unroll to more than 1,000 statements in all',
      ]);
      checkLimits.statements = 1_000_000;
      expect(checkSource(source).ok).toBe(true);
    } finally {
      checkLimits.statements = saved;
    }
  });
});
