// Asserts compiled into neurons agree with plain integer arithmetic on every row, for random
// expressions over every operator.

import { describe, expect, it } from 'vitest';
import { elaborate } from '../src/elaborate/elaborate.js';
import type { Netlist } from '../src/elaborate/netlist.js';
import { compile } from '../src/evaluate/compile.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { newBlock, rowCount, setExhaustive } from '../src/evaluate/engine.js';
import type * as A from '../src/parse/ast.js';
import { assertCircuit, valueCircuit } from '../src/verify/assert-circuit.js';
import { checkSource, seededRandom, TEST_SCALE } from './helpers.js';

const span = { file: 'a.nn', start: 0, end: 0 };
const num = (n: number | bigint): A.AssertExpr => ({ kind: 'a-number', text: String(n), span });
const ref = (text: string): A.AssertExpr => ({ kind: 'a-name', text, span });
const bin = (op: A.AssertBinaryOp, left: A.AssertExpr, right: A.AssertExpr): A.AssertExpr => ({ kind: 'a-binary', op, left, right, span });

/** The expression in plain BigInt arithmetic: the reference. */
function reference(e: A.AssertExpr, env: Record<string, bigint>): bigint {
  const b = (x: boolean) => (x ? 1n : 0n);
  switch (e.kind) {
    case 'a-number':
      return BigInt(e.text);
    case 'a-name':
      return env[e.text]!;
    case 'a-unary': {
      const v = reference(e.operand, env);
      return e.op === '!' ? b(v === 0n) : e.op === '-' ? -v : ~v;
    }
    case 'a-cond':
      return reference(e.test, env) !== 0n ? reference(e.ifTrue, env) : reference(e.ifFalse, env);
    case 'a-binary': {
      const x = reference(e.left, env);
      const y = reference(e.right, env);
      switch (e.op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return y === 0n ? 0n : x / y;
        case '%':
          return y === 0n ? x : x % y;
        case '<<':
          return x << y;
        case '>>':
          return x >> y;
        case '<':
          return b(x < y);
        case '<=':
          return b(x <= y);
        case '>':
          return b(x > y);
        case '>=':
          return b(x >= y);
        case '==':
          return b(x === y);
        case '!=':
          return b(x !== y);
        case '&':
          return x & y;
        case '|':
          return x | y;
        case '^':
          return x ^ y;
        case '&&':
          return b(x !== 0n && y !== 0n);
        case '||':
          return b(x !== 0n || y !== 0n);
      }
    }
  }
}

/** A circuit with inputs a[3], b[2], c and an output that copies a, so asserts can read both. */
function netlist(): Netlist {
  const m = checkSource('circuit P(a[3], b[2], c) -> (o[3], _b[2], _c) {\n  o = a\n  _b = b\n  _c = c\n}').model!;
  const n = elaborate(m, 'P');
  if (!n.ok) throw new Error('P');
  return n.value;
}

/** Built once: the assert builders return new netlists and leave this one as it is. */
const P = netlist();

/** The assert output on every row, with the port values of the row. */
function holdsOnEveryRow(expr: A.AssertExpr): { env: Record<string, bigint>; holds: number }[] {
  const built = assertCircuit(P, expr);
  const c = compile(built.netlist);
  const engine = rowEngine(c);
  const block = newBlock(c);
  setExhaustive(c, block, 0);
  engine.run(block);
  const out: { env: Record<string, bigint>; holds: number }[] = [];
  for (let r = 0; r < rowCount(c); r++) {
    const a = BigInt(r >> 3);
    const bb = BigInt((r >> 1) & 3);
    const cc = BigInt(r & 1);
    out.push({ env: { a, b: bb, c: cc, o: a }, holds: block.bit(c.outputSignals[built.holds]!, r) });
  }
  return out;
}

const OPS: A.AssertBinaryOp[] = ['+', '-', '*', '/', '%', '<<', '>>', '<', '<=', '>', '>=', '==', '!=', '&', '^', '|', '&&', '||'];

/** The operators an expression uses: binary ones by their sign, unary ones as `!x` and so on, and `?:`. */
function operators(e: A.AssertExpr, into = new Set<string>()): Set<string> {
  if (e.kind === 'a-binary') {
    into.add(e.op);
    operators(e.left, into);
    operators(e.right, into);
  } else if (e.kind === 'a-unary') {
    into.add(`${e.op}x`);
    operators(e.operand, into);
  } else if (e.kind === 'a-cond') {
    into.add('?:');
    for (const part of [e.test, e.ifTrue, e.ifFalse]) operators(part, into);
  }
  return into;
}

function randomExpr(rand: (n: number) => number, depth: number): A.AssertExpr {
  if (depth === 0 || rand(4) === 0) return rand(3) === 0 ? num(rand(9)) : ref(['a', 'b', 'c', 'o'][rand(4)]!);
  const k = rand(10);
  if (k === 0) return { kind: 'a-unary', op: (['!', '~', '-'] as const)[rand(3)]!, operand: randomExpr(rand, depth - 1), span };
  if (k === 1)
    return {
      kind: 'a-cond',
      test: randomExpr(rand, depth - 1),
      ifTrue: randomExpr(rand, depth - 1),
      ifFalse: randomExpr(rand, depth - 1),
      span,
    };
  const op = OPS[rand(OPS.length)]!;
  // Shifts and division need operands that cannot be negative: keep those to ports and numbers.
  const safe = op === '/' || op === '%' || op === '<<' || op === '>>';
  return bin(op, safe ? randomExpr(rand, 0) : randomExpr(rand, depth - 1), safe ? randomExpr(rand, 0) : randomExpr(rand, depth - 1));
}

describe('asserts as neurons', () => {
  it('s + 8·cout == a + b style identities hold, and broken ones fail on the right rows', () => {
    const ok = holdsOnEveryRow(bin('==', bin('+', ref('o'), num(0)), ref('a')));
    expect(ok.every((r) => r.holds === 1)).toBe(true);
    const broken = holdsOnEveryRow(bin('<', bin('-', ref('a'), ref('b')), num(2)));
    expect(broken.map((r) => r.holds)).toEqual(broken.map((r) => (r.env.a! - r.env.b! < 2n ? 1 : 0)));
    expect(broken.some((r) => r.holds === 0)).toBe(true);
  });

  // 120 expressions (2,400 with NN_TEST_SCALE=20, helpers.ts).
  const expressions = 120 * TEST_SCALE;
  it(`every operator, in ${expressions} random expressions, on every row: every bit of the value as BigInt arithmetic says`, () => {
    const rand = seededRandom(77);
    const used = new Set<string>();
    for (let k = 0; k < expressions; k++) {
      const expr = randomExpr(rand, 3);
      operators(expr, used);
      const built = valueCircuit(P, [expr]);
      const c = compile(built.netlist);
      const block = newBlock(c);
      setExhaustive(c, block, 0);
      rowEngine(c).run(block);
      const { outputs, signed } = built.values[0]!;
      // The value on each row, as the neurons give it and as BigInt arithmetic does: one assertion.
      const got: bigint[] = [];
      const want: bigint[] = [];
      for (let r = 0; r < rowCount(c); r++) {
        let v = 0n;
        outputs.forEach((o, i) => {
          if (block.bit(c.outputSignals[o]!, r) === 1) v |= 1n << BigInt(i);
        });
        if (signed && outputs.length > 0 && (v >> BigInt(outputs.length - 1)) & 1n) v -= 1n << BigInt(outputs.length);
        got.push(v);
        want.push(reference(expr, { a: BigInt(r >> 3), b: BigInt((r >> 1) & 3), c: BigInt(r & 1), o: BigInt(r >> 3) }));
      }
      expect(got, `${JSON.stringify(expr)}, by row`).toEqual(want);
    }
    expect([...used].sort()).toEqual([...OPS, '!x', '~x', '-x', '?:'].sort());
  });

  it('the assert output is 1 exactly where the value is not 0', () => {
    const rand = seededRandom(78);
    for (let k = 0; k < 60; k++) {
      const expr = randomExpr(rand, 3);
      const rows = holdsOnEveryRow(expr);
      expect(
        rows.map((row) => row.holds),
        JSON.stringify(expr),
      ).toEqual(rows.map((row) => (reference(expr, row.env) !== 0n ? 1 : 0)));
    }
  });
});
