// `assert` blocks from source to verdict: the grammar's precedence (against a printer of its
// own), the checker's errors, `nn test` checking asserts on every row, and `nn verify`
// proving asserts and equivalences, its counterexamples checked against plain integers.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as A from '../src/parse/ast.js';
import { parse } from '../src/parse/parse.js';
import { checkSource, scratchDirs, seededRandom, TEST_SCALE } from './helpers.js';
import { nnInProcess as nn } from './run-in-process.js';

// ---------------------------------------------------------------------------------------------
// Precedence: random trees printed with as few parentheses as C needs, parsed back.

/** C's precedence, lowest first: this test's own table, not nn's. */
const LEVELS: A.AssertBinaryOp[][] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];
const level = (op: string) => LEVELS.findIndex((ops) => ops.includes(op as A.AssertBinaryOp));

type Tree =
  | { n: number }
  | { name: string }
  | { un: '!' | '~' | '-'; x: Tree }
  | { op: A.AssertBinaryOp; l: Tree; r: Tree }
  | { c: Tree; t: Tree; f: Tree };

function randomTree(rand: (n: number) => number, depth: number): Tree {
  const k = depth === 0 ? rand(2) : rand(7);
  if (k === 0) return { n: rand(300) };
  if (k === 1) return { name: ['a', 'b', 'c'][rand(3)]! };
  if (k === 2) return { un: (['!', '~', '-'] as const)[rand(3)]!, x: randomTree(rand, depth - 1) };
  if (k === 3) return { c: randomTree(rand, depth - 1), t: randomTree(rand, depth - 1), f: randomTree(rand, depth - 1) };
  const ops = LEVELS.flat();
  return { op: ops[rand(ops.length)]!, l: randomTree(rand, depth - 1), r: randomTree(rand, depth - 1) };
}

/** Printed as C would need it: binary operators are left-associative, ?: binds loosest. */
function print(t: Tree): string {
  const prec = (x: Tree) => ('op' in x ? level(x.op) : 'c' in x ? -1 : 99);
  const wrap = (x: Tree, min: number) => (prec(x) < min ? `(${print(x)})` : print(x));
  if ('n' in t) return String(t.n);
  if ('name' in t) return t.name;
  if ('un' in t) return `${t.un}${wrap(t.x, 99)}`;
  if ('c' in t) return `${wrap(t.c, 0)} ? ${print(t.t)} : ${wrap(t.f, -1)}`;
  const p = level(t.op);
  return `${wrap(t.l, p)} ${t.op} ${wrap(t.r, p + 1)}`;
}

/** The parsed expression as a tree of the same shape. */
function treeOf(e: A.AssertExpr): Tree {
  switch (e.kind) {
    case 'a-number':
      return { n: Number(e.text) };
    case 'a-name':
      return { name: e.text };
    case 'a-unary':
      return { un: e.op, x: treeOf(e.operand) };
    case 'a-binary':
      return { op: e.op, l: treeOf(e.left), r: treeOf(e.right) };
    case 'a-cond':
      return { c: treeOf(e.test), t: treeOf(e.ifTrue), f: treeOf(e.ifFalse) };
  }
}

function parseAssert(expr: string): A.AssertExpr {
  const r = parse(`assert P { ${expr} }\n`, 'p.nn');
  if (!r.ok) throw new Error(`${expr}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const item = r.value.items[0]!;
  if (item.kind !== 'assert') throw new Error('not an assert');
  return item.expr;
}

describe('assert expressions parse with C precedence', () => {
  // 75 expressions (1,500 with NN_TEST_SCALE=20, helpers.ts).
  const expressions = 75 * TEST_SCALE;
  it(`reads ${expressions} random expressions back as the trees they were printed from`, () => {
    const rand = seededRandom(101);
    for (let i = 0; i < expressions; i++) {
      const tree = randomTree(rand, 4);
      expect(treeOf(parseAssert(print(tree))), print(tree)).toEqual(tree);
    }
  });

  it('reads every pair of operators of one level left-associative, and right-nested with its parentheses', () => {
    const [a, b, c] = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    for (const ops of LEVELS) {
      for (const first of ops) {
        for (const second of ops) {
          const left: Tree = { op: second, l: { op: first, l: a, r: b }, r: c };
          const right: Tree = { op: first, l: a, r: { op: second, l: b, r: c } };
          expect(print(left)).toBe(`a ${first} b ${second} c`);
          expect(print(right)).toBe(`a ${first} (b ${second} c)`);
          for (const tree of [left, right]) expect(treeOf(parseAssert(print(tree))), print(tree)).toEqual(tree);
        }
      }
    }
  });

  it('tells similar operators apart', () => {
    expect(treeOf(parseAssert('a & b && c'))).toEqual({ op: '&&', l: { op: '&', l: { name: 'a' }, r: { name: 'b' } }, r: { name: 'c' } });
    expect(treeOf(parseAssert('a | b || c'))).toEqual({ op: '||', l: { op: '|', l: { name: 'a' }, r: { name: 'b' } }, r: { name: 'c' } });
    expect(treeOf(parseAssert('a << 1 < b >> 2'))).toEqual({
      op: '<',
      l: { op: '<<', l: { name: 'a' }, r: { n: 1 } },
      r: { op: '>>', l: { name: 'b' }, r: { n: 2 } },
    });
    expect(treeOf(parseAssert('!a != b'))).toEqual({ op: '!=', l: { un: '!', x: { name: 'a' } }, r: { name: 'b' } });
    expect(treeOf(parseAssert('a - -b'))).toEqual({ op: '-', l: { name: 'a' }, r: { un: '-', x: { name: 'b' } } });
    expect(treeOf(parseAssert('0x1F == 0b11111'))).toEqual({ op: '==', l: { n: 31 }, r: { n: 31 } });
  });

  it('reports a syntax error at the place of the mistake', () => {
    const r = parse('assert P { a + }\n', 'p.nn');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.span?.start).toBe(15);
    const r2 = parse('assert P { a =< b }\n', 'p.nn');
    expect(r2.ok).toBe(false);
    // `assert` is a keyword now: it cannot name a neuron.
    expect(parse('neuron assert(x) { weights: 1  bias: 0 }\n', 'p.nn').ok).toBe(false);
  });
});

describe('the size of an assert is bounded before it is matched', () => {
  it('takes 256 operators and 32 nested parentheses, and refuses more with an error, not a crash', () => {
    const chain = (n: number) => Array.from({ length: n + 1 }, () => 'a').join(' + ');
    const nested = (n: number) => `${'(a + '.repeat(n)}a${')'.repeat(n)}`;
    const unary = (n: number) => `${'!'.repeat(n)}a`;
    for (const expr of [chain(256), nested(32), unary(256), `${chain(200)} == ${nested(20)}`]) expect(parseAssert(expr)).toBeDefined();
    const refused = (expr: string) => parse(`assert P { ${expr} }\n`, 'p.nn').diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(refused(chain(257))).toEqual(['too-large this assert has more than 256 operators']);
    expect(refused(unary(10_000))).toEqual(['too-large this assert has more than 256 operators']);
    expect(refused(nested(33))).toEqual(['too-deep parentheses in this assert are nested more than 32 levels deep']);
  });
});

// ---------------------------------------------------------------------------------------------
// Checking

const ADDER = `
neuron AND(a, b) { weights: 1, 1  bias: -2 }
neuron OR(a, b) { weights: 1, 1  bias: -1 }
neuron MAJ(a, b, c) { weights: 1, 1, 1  bias: -2 }
neuron SUM3(a, b, c, k) { weights: 1, 1, 1, -2  bias: -1 }
circuit Add<N>(a[N], b[N]) -> (s[N], cout) {
  k[0] = 0
  for i in 0..N-1 {
    k[i+1] = MAJ(a[i], b[i], k[i])
    s[i] = SUM3(a[i], b[i], k[i], k[i+1])
  }
  cout = k[N]
}
`;

describe('checking asserts', () => {
  it('accepts ports, width parameters, constant indices and slices', () => {
    const r = checkSource(`${ADDER}
assert Add<4> { s + (cout << N) == a + b }
assert Add<4> { s[0] == (a[0] ^ b[0]) && s[N-1..N-1] <= 1 }
assert AND { AND == (a && b) }
`);
    expect(r.summary).toEqual([]);
    const [first, second] = r.model!.asserts;
    expect(first!.name).toBe('Add<4>');
    // N became its value; indices became numbers.
    expect(JSON.stringify(first!.expr)).toContain('"text":"4"');
    expect(JSON.stringify(second!.expr)).toContain('"kind":"int","text":"3","value":3');
  });

  it('reports unknown names, indices out of range, wrong targets and too-large numbers', () => {
    const r = checkSource(`${ADDER}
assert Add<4> { sum == a + b }
assert Add<4> { s[4] == 0 }
assert Add<4> { cout[0] == 0 && s[3..1] == 0 }
assert Add { s == 0 }
assert Ad<4> { s == 0 }
assert Add<4> { s == ${'9'.repeat(1300)} }
`);
    expect(r.summary).toEqual([
      'unknown-name main.nn:15:17 sum is not an input or output of Add<4>',
      'index-range main.nn:16:18 s[4] is out of range: s has bits 0 to 3',
      'index-range main.nn:17:21 cout is a single bit, so it has no bit 0',
      'index-range main.nn:17:34 this slice is empty: 3..1 (a slice lo..hi needs lo <= hi)',
      'type-args main.nn:18:8 Add has width parameters (N): assert something of an instance, such as assert Add<4> { ... }',
      'unknown-assert-target main.nn:19:8 assert Ad: there is no neuron or circuit called Ad',
      `assert-range main.nn:20:22 this number has 4319 bits; an assert's numbers may have up to 4096`,
    ]);
    expect(r.diagnostics.find((d) => d.code === 'unknown-name')!.hint).toContain('s');
  });
});

// ---------------------------------------------------------------------------------------------
// nn test and nn verify

const dir = scratchDirs('nn-asserts-')();
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('nn test checks asserts on every row', () => {
  it('passes, skips past --assert-rows, and fails with a counterexample', async () => {
    const file = write(
      't.nn',
      `${ADDER}
assert Add<4> { s + 16 * cout == a + b }
assert Add<12> { s + 4096 * cout == a + b }
assert Add<3> { s == a + b }
`,
    );
    const r = await nn(['test', file, '--assert-rows', '65536']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^PASS assert Add<4> \(256 rows\) .*t\.nn:15:1$/);
    expect(lines[1]).toMatch(/^SKIP assert Add<12>: 16,777,216 rows, more than --assert-rows 65,536; nn verify proves it/);
    expect(lines[2]).toMatch(/^FAIL assert Add<3> \{ s == a \+ b \} does not hold/);
    // The first failing row in counting order: a = 1, b = 7 overflows three bits.
    expect(lines[3]).toBe('  inputs:  a=1 b=7');
    expect(lines[4]).toBe('  outputs: s=0 cout=1');
    expect(lines[5]).toBe('  s is 0, a + b is 8: 0 != 8');
    expect(r.stdout).toContain('3 tests: 1 passed, 1 failed, 1 skipped');
  });
});

/** The broken adder of the docs, bit for bit in plain integers: bit 2's carry forgets the carry in. */
function brokenAdder(a: number, b: number): { s: number; cout: number } {
  let carry = 0;
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const x = (a >> i) & 1;
    const y = (b >> i) & 1;
    s |= (x ^ y ^ carry) << i;
    carry = i === 2 ? x & y : (x + y + carry) >> 1;
  }
  return { s, cout: carry };
}

describe('nn verify', () => {
  it('proves the adders of circuits/ripple-adder.nn, the 32-bit one by SAT', async () => {
    const r = await nn(['verify', 'circuits/ripple-adder.nn', 'RippleAdder<32>', '--json']);
    expect(r.code).toBe(0);
    const [v] = JSON.parse(r.stdout);
    expect(v).toMatchObject({ kind: 'assert', name: 'RippleAdder<32>', status: 'proved', method: 'sat', rows: String(2n ** 64n) });
    const small = await nn(['verify', 'circuits/ripple-adder.nn', 'Add8']);
    expect(small.stdout).toMatch(/^PROVED assert Add8 \{ s \+ 256 \* cout == a \+ b \}: every one of 65,536 inputs, exhaustively, /);
  });

  it("finds the broken adder's counterexample both ways, and it is one", async () => {
    for (const method of ['exhaustive', 'sat']) {
      const r = await nn(['verify', 'docs/examples/broken-adder.nn', '--method', method, '--json']);
      expect(r.code).toBe(1);
      const [v] = JSON.parse(r.stdout);
      expect(v).toMatchObject({ status: 'failed', method });
      const { inputs, outputs, sides } = v.counterexample;
      const a = Number(inputs.a);
      const b = Number(inputs.b);
      expect(Number(outputs.s)).toBe(brokenAdder(a, b).s);
      expect(Number(outputs.cout)).toBe(brokenAdder(a, b).cout);
      expect(Number(outputs.s) + 16 * Number(outputs.cout)).not.toBe(a + b);
      expect(sides).toEqual({ op: '==', left: String(Number(outputs.s) + 16 * Number(outputs.cout)), right: String(a + b) });
      if (method === 'exhaustive') expect([a, b]).toEqual([1, 7]); // the first failing row
    }
    const text = await nn(['verify', 'docs/examples/broken-adder.nn']);
    expect(text.stdout).toContain('  s + 16 * cout is 0, a + b is 8: 0 != 8\n');
    expect(text.stdout).toContain('  see every neuron: nn eval docs/examples/broken-adder.nn BrokenAdder4 a=1 b=7\n');
    expect(text.stdout).toContain('c2=0');
  });

  it('proves two different multipliers equivalent, and finds where a broken one differs', async () => {
    const r = await nn(['verify', 'circuits/multipliers.nn', 'ArrayMultiplier<6>', '--equals', 'CarrySaveMultiplier<6>']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^PROVED ArrayMultiplier<6> and CarrySaveMultiplier<6> give the same outputs \(ports paired by name\): every one of 4,096 inputs, exhaustively/,
    );
    // A multiplier of other port names, pairing in order, from another file, one bit wrong.
    const other = write(
      'mul.nn',
      `import "${join(process.cwd(), 'circuits/multipliers.nn')}"
circuit Off(x[3], y[3]) -> z[6] {
  q = CarrySaveMultiplier<3>(x, y)
  z[0..4] = q[0..4]
  z[5] = AND(q[5], x[0])
}
`,
    );
    const bad = await nn(['verify', 'circuits/multipliers.nn', 'ArrayMultiplier<3>', '--equals', `${other}:Off`, '--json']);
    expect(bad.code).toBe(1);
    const [v] = JSON.parse(bad.stdout);
    const { inputs, outputs, otherOutputs } = v.counterexample;
    expect(Number(outputs.p)).toBe(Number(inputs.a) * Number(inputs.b));
    expect(Number(otherOutputs.z)).not.toBe(Number(outputs.p));
    // Off is wrong exactly where bit 5 of the product is 1 and x is even.
    expect(Number(outputs.p) & 32).toBe(32);
    expect(Number(inputs.a) & 1).toBe(0);
  });

  it('refuses parts that cannot be compared, and names without asserts', async () => {
    const r = await nn(['verify', 'circuits/multipliers.nn', 'ArrayMultiplier<3>', '--equals', 'CarrySaveMultiplier<4>']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ArrayMultiplier<3> takes (a[3], b[3]) and CarrySaveMultiplier<4> takes (a[4], b[4])');
    const none = await nn(['verify', 'circuits/ripple-adder.nn', 'RippleAdder<5>']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no assert about RippleAdder<5>');
    const bare = await nn(['verify', 'circuits/xor.nn']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('has no assert blocks');
  });

  it('says "undecided" and exits 3 when the time limit runs out', async () => {
    const file = write('big.nn', `${ADDER}\nassert Add<24> { s + (cout << 24) == a + b }\n`);
    const r = await nn(['verify', file, '--method', 'exhaustive', '--timeout', '0.05', '--jobs', '1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^UNDECIDED assert Add<24> .*: the time limit of 50 ms ran out \(exhaustively, /);
    expect(r.stdout).toContain('1 property: 0 proved, 0 failed, 1 undecided');
  });
});
