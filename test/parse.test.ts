import { describe, expect, it } from 'vitest';
import grammar from '../grammar/nn.ohm-bundle.js';
import type * as A from '../src/parse/ast.js';
import { parse } from '../src/parse/parse.js';
import { renderDiagnostics } from '../src/diagnostics/render.js';
import { seededRandom, TEST_SCALE } from './helpers.js';

function items(source: string): A.Item[] {
  const r = parse(source, 'f.nn');
  if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { source: () => source }));
  return [...r.value.items];
}

function syntaxError(source: string): string {
  const r = parse(source, 'f.nn');
  expect(r.ok).toBe(false);
  return renderDiagnostics(r.diagnostics, { source: () => source }).trim();
}

/** Drops spans so trees can be compared by shape. */
function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => k !== 'span')
        .map(([k, v]) => [k, strip(v)]),
    );
  return x;
}

describe('grammar rules', () => {
  it.each([
    ['name', 'x1'],
    ['name', '_h2'],
    ['name', 'HalfAdder'],
    ['number', '1'],
    ['number', '-2'],
    ['number', '0.5'],
    ['number', '.5'],
    ['number', '+3'],
    ['number', '1e-3'],
    ['number', '2.5E2'],
    ['string', '"gates.nn"'],
    ['string', '"a \\"b\\""'],
    ['Statement', 'y = AND(a, b)'],
    ['Statement', '(s, c) = HalfAdder(a, b)'],
    ['Statement', 'y = OR(AND(a, NOT(s)), AND(b, s))'],
    ['Statement', 'y = x'],
    ['Statement', 'y = 1;'],
    ['table', '{ x1 x2 -> y\n 0 0 -> 0 // c\n 1 1 -> * }'],
    ['table', '{ 0 0 -> 0 ; 0 1 -> 1 }'],
    ['table', '{}'],
  ])('%s matches %j', (rule, text) => {
    expect(grammar.match(text, rule).succeeded()).toBe(true);
  });

  it.each([
    ['name', '1x'],
    ['name', 'circuit'],
    ['name', 'test'],
    ['name', 'x-y'],
    ['number', '1.'],
    ['number', '--1'],
    ['number', 'e5'],
    ['Statement', 'y = AND\n(a, b)'],
    ['Statement', 'y AND(a, b)'],
    ['table', '{ 0 0 0 }'],
    ['table', '{ 0 0 -> }'],
  ])('%s rejects %j', (rule, text) => {
    expect(grammar.match(text, rule).succeeded()).toBe(false);
  });
});

describe('parse', () => {
  it('builds a neuron with weights and bias', () => {
    const [n] = items('neuron AND(x1, x2) { weights: 1, 1  bias: -2 }');
    expect(strip(n)).toEqual({
      kind: 'neuron',
      name: { text: 'AND' },
      params: [{ text: 'x1' }, { text: 'x2' }],
      fields: [
        {
          kind: 'weights',
          key: { text: 'weights' },
          values: [
            { kind: 'number', text: '1', value: 1 },
            { kind: 'number', text: '1', value: 1 },
          ],
        },
        { kind: 'setting', key: { text: 'bias' }, value: { kind: 'number', text: '-2', value: -2 } },
      ],
    });
  });

  it('keeps source spans as offsets', () => {
    const src = '// gates\nneuron NOT(x) { weights: -1 }';
    const [n] = items(src) as [A.NeuronDecl];
    expect(n.span).toEqual({ file: 'f.nn', start: 9, end: src.length });
    expect(src.slice(n.name.span.start, n.name.span.end)).toBe('NOT');
  });

  it('reads a McCulloch–Pitts neuron, training tables and knobs', () => {
    const [mp, tr, ds] = items(`
      neuron AND_MP(x1, x2) { threshold: 2 }
      neuron OR(x1, x2) { train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 1 }  rate: 0.1 epochs: 100 seed: 7 init: normal }
      neuron V(a, b) { train: "data/x.csv"  label: "v" }`) as A.NeuronDecl[];
    expect(strip(mp!.fields)).toEqual([{ kind: 'setting', key: { text: 'threshold' }, value: { kind: 'number', text: '2', value: 2 } }]);
    expect(tr!.fields.map((f) => f.kind)).toEqual(['train-table', 'setting', 'setting', 'setting', 'setting']);
    const table = (tr!.fields[0] as A.TrainTableField).table;
    expect(table.rows).toHaveLength(4);
    expect(strip(ds!.fields)).toEqual([
      { kind: 'setting', key: { text: 'train' }, value: { kind: 'string', value: 'data/x.csv' } },
      { kind: 'setting', key: { text: 'label' }, value: { kind: 'string', value: 'v' } },
    ]);
  });

  it('builds circuits with one or several outputs, destructuring and nested calls', () => {
    const [c] = items(`circuit FA(a, b, cin) -> (sum, cout) {
      (s1, c1) = HA(a, b)
      (sum, c2) = HA(s1, cin); cout = OR(c1, NOT(0))
      t = a
    }`) as [A.CircuitDecl];
    expect(c.outputs.map((o) => o.text)).toEqual(['sum', 'cout']);
    const body = c.body.map((s) => {
      if (s.kind !== 'assign') throw new Error('a loop');
      return s;
    });
    expect(body.map((s) => [s.targets.map((t) => t.text), s.destructured])).toEqual([
      [['s1', 'c1'], true],
      [['sum', 'c2'], true],
      [['cout'], false],
      [['t'], false],
    ]);
    expect(strip(body[2]!.expr)).toEqual({
      kind: 'call',
      callee: { text: 'OR' },
      args: [
        { kind: 'name', text: 'c1' },
        { kind: 'call', callee: { text: 'NOT' }, args: [{ kind: 'number', text: '0', value: 0 }] },
      ],
    });
    expect(strip(body[3]!.expr)).toEqual({ kind: 'name', text: 'a' });
  });

  it('reads a name before ( on the same line as a call, as the grammar does', () => {
    expect(parse('circuit C(a, b) -> y { y = a (p, q) = H(a, b) }', 'f.nn').ok).toBe(false);
    expect(parse('circuit C(a, b) -> y {\n  y = a\n  (p, q) = H(a, b)\n}', 'f.nn').ok).toBe(true);
  });

  it('does not let a wire at the end of a line swallow the next statement', () => {
    const [c] = items('circuit C(a, b) -> (p, q) {\n  t = a\n  (p, q) = H(t, b)\n}') as [A.CircuitDecl];
    expect(c.body).toHaveLength(2);
  });

  it("reads test tables: header, rows on lines or after ;, comments, don't-cares", () => {
    const [t] = items('test XOR {\n  x1 x2 -> y   // header\n   0  0 -> 0\n   0  1 -> 1 ; 1 0 -> 1\n\n   1  1 -> * /* any */\n}') as [
      A.TestDecl,
    ];
    expect(
      t.table.rows.map((r) => [
        r.inputs.map((c) => (c.kind === 'star' ? '*' : c.text)),
        r.outputs.map((c) => (c.kind === 'star' ? '*' : c.text)),
      ]),
    ).toEqual([
      [['x1', 'x2'], ['y']],
      [['0', '0'], ['0']],
      [['0', '1'], ['1']],
      [['1', '0'], ['1']],
      [['1', '1'], ['*']],
    ]);
  });

  it('reads imports', () => {
    expect(strip(items('import "gates.nn"\nimport "lib/adders.nn"'))).toEqual([
      { kind: 'import', path: { kind: 'string', value: 'gates.nn' } },
      { kind: 'import', path: { kind: 'string', value: 'lib/adders.nn' } },
    ]);
  });

  it('parses a big circuit through the fast path to the same tree as the plain grammar', () => {
    const body = Array.from({ length: 50 }, (_, i) => `  w${i} = AND(${i === 0 ? 'a' : `w${i - 1}`}, b)  // step ${i}`).join('\n');
    const plainBody = Array.from({ length: 50 }, (_, i) => `  w${i} = AND(${i === 0 ? 'a' : `w${i - 1}`}, b)`).join('\n');
    const fast = items(`circuit Chain(a, b) -> w49 {\n${plainBody}\n}`);
    const slow = items(`circuit Chain(a, b) -> w49 {\n${body}\n}`);
    expect(strip(fast)).toEqual(strip(slow));
    const c = fast[0] as A.CircuitDecl;
    expect((c.body[7] as A.Assignment).targets[0]!.text).toBe('w7');
  });

  it('parses a circuit head with long name lists to the same tree as the plain grammar', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => `a${i}`).join(', ');
    const body = '{\n  s0 = a0\n  s1 = a1\n  s2 = a2\n}';
    for (const outputs of ['(s0, s1, s2)', 's0']) {
      const fast = items(`circuit C(${inputs}) -> ${outputs} ${body}`);
      // A comment in the head sends it through the plain grammar.
      const slow = items(`circuit C(${inputs}) -> ${outputs} /* plain */ ${body}`);
      expect(strip(fast)).toEqual(strip(slow));
      const c = fast[0] as A.CircuitDecl;
      expect(c.params).toHaveLength(40);
      expect(c.outputs.map((o) => o.text)).toEqual(outputs === 's0' ? ['s0'] : ['s0', 's1', 's2']);
      const src = `circuit C(${inputs}) -> ${outputs} ${body}`;
      for (const n of [...c.params, ...c.outputs, c.name]) expect(src.slice(n.span.start, n.span.end)).toBe(n.text);
    }
    expect(parse('circuit C(a, b) -> () { }', 'f.nn').ok).toBe(false);
    expect(parse('circuit C(a, ) -> y { y = a }', 'f.nn').ok).toBe(false);
  });

  it('gives spans into the file for fast-path statements', () => {
    const src = 'circuit C(a, b) -> y {\n  h = OR(a, b)\n  y = AND(h, b)\n}';
    const [c] = items(src) as [A.CircuitDecl];
    const call = (c.body[1] as A.Assignment).expr as A.CallExpr;
    expect(src.slice(call.span.start, call.span.end)).toBe('AND(h, b)');
    expect(src.slice(call.args[0]!.span.start, call.args[0]!.span.end)).toBe('h');
  });

  it("reads each declaration's own names and numbers when declarations share a shape", () => {
    const src = Array.from({ length: 30 }, (_, i) => `neuron N${i}(a${i}, b) { weights: ${i}, -${i % 7}.5  bias: ${i}e${i % 3} }`).join(
      '\n',
    );
    const neurons = items(src) as A.NeuronDecl[];
    neurons.forEach((n, i) => {
      expect(n.name.text).toBe(`N${i}`);
      expect(n.params[0]!.text).toBe(`a${i}`);
      const [w, b] = n.fields as [A.WeightsField, A.SettingField];
      expect(w.values.map((v) => v.value)).toEqual([i, -((i % 7) + 0.5)]);
      expect(b.value).toMatchObject({ kind: 'number', text: `${i}e${i % 3}`, value: Number(`${i}e${i % 3}`) });
      expect(src.slice(n.span.start, n.span.end)).toBe(src.split('\n')[i]);
    });
  });

  it('keeps keywords apart from names that merely look alike', () => {
    expect(items('circuit C(testing, neurons) -> y { y = testing }')).toHaveLength(1);
    expect(parse('circuit C(test) -> y { y = test }', 'f.nn').ok).toBe(false);
  });

  it('accepts an empty file and a file of comments', () => {
    expect(items('')).toEqual([]);
    expect(items('// nothing\n/* here */\n')).toEqual([]);
  });
});

/**
 * Random circuit bodies near the edge of the grammar: well-formed statements (destructuring,
 * nested calls, constants, separators on one line and across lines), then none, one or two
 * random edits (a stray token put in, a few characters or a stretch cut out). About half
 * parse; the rest fail close to something valid, where the fast path could go wrong.
 */
function randomBody(rand: (n: number) => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const names = ['a', 'b', 'x1', 'h', 'p', 'q', 'AND', 'H', 'y', 'testing'];
  const expr = (depth: number): string => {
    const r = rand(6);
    if (r === 0) return pick(['0', '1']);
    if (r <= 2 || depth > 1) return pick(names);
    const args = Array.from({ length: 1 + rand(3) }, () => expr(depth + 1));
    return `${pick(['AND', 'H', 'OR', 'N'])}(${args.join(pick([', ', ',', ' , ']))})`;
  };
  const statement = () => {
    const targets = rand(3) === 0 ? `(${Array.from({ length: 1 + rand(3) }, () => pick(names)).join(', ')})` : pick(names);
    return `${targets}${pick([' = ', '=', '  =  '])}${expr(0)}`;
  };
  const junk = ['test', '(', ')', ',', '=', ';', '\n', ' ', 'a', '0', '(p, q)', '->', '{', '}', '//c\n', '/* c */'];
  let text = Array.from({ length: 1 + rand(3) }, statement)
    .map((st, i) => (i === 0 ? '' : pick(['\n', '\n  ', ' ; ', ';', ' ', '\n\n'])) + st)
    .join('');
  for (let edits = pick([0, 0, 1, 1, 2]); edits > 0; edits--) {
    const at = rand(text.length + 1);
    const kind = rand(3);
    if (kind === 0) text = text.slice(0, at) + pick(junk) + text.slice(at);
    else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + rand(3));
    else {
      const to = rand(text.length + 1);
      text = text.slice(0, Math.min(at, to)) + text.slice(Math.max(at, to));
    }
  }
  return text;
}

/** Diagnostics as `code offset message`, offsets shifted by `shift` characters. */
const said = (r: ReturnType<typeof parse>, shift: number) =>
  r.diagnostics.map((d) => `${d.code} ${(d.span?.start ?? 0) - shift} ${d.message}`);

describe('the fast path agrees with the plain grammar', () => {
  // Each random case is a shape of its own, matched in full: 60 a test (1,200 with
  // NN_TEST_SCALE=20, helpers.ts).
  const bodies = 60 * TEST_SCALE;
  it(`on ${bodies} random circuit bodies near the edge of the grammar: the same trees, the same errors`, () => {
    const rand = seededRandom(12345);
    let valid = 0;
    for (let k = 0; k < bodies; k++) {
      const body = randomBody(rand);
      const fast = parse(`circuit C(a, b) -> y {\n${body}\n}`, 'f.nn');
      // A comment in the head sends the declaration through the plain grammar, in one match.
      const plain = parse(`circuit C(a, b) -> y /**/ {\n${body}\n}`, 'f.nn');
      expect(fast.ok, body).toBe(plain.ok);
      if (fast.ok && plain.ok) {
        valid++;
        expect(strip(fast.value.items), body).toEqual(strip(plain.value.items));
      } else {
        expect(said(fast, 0), body).toEqual(said(plain, '/**/ '.length));
      }
    }
    // Both kinds are well represented.
    expect(valid).toBeGreaterThan(bodies / 3);
    expect(valid).toBeLessThan((2 * bodies) / 3);
  });
});

describe('matching declarations one at a time accepts what the whole grammar accepts', () => {
  // 60 files (1,200 with NN_TEST_SCALE=20).
  const files = 60 * TEST_SCALE;
  it(`on ${files} random files of whole, cut-short and stray pieces`, () => {
    const rand = seededRandom(777);
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const declarations = [
      'neuron N(a, b) { weights: 1, -1  bias: 0 }',
      'neuron T(x1, x2) { threshold: 2 }',
      'circuit C(a) -> y { y = N(a, a) }',
      'test C { 0 -> 1 }',
      'test C {\n  a -> y\n  0 -> 1 // c\n  1 -> *\n}',
      'import "x.nn"',
      'neuron M(x) { train { 0 -> 1 ; 1 -> 0 } }',
      'neuron V(a, b) { train: "d.csv"  label: "v"  rate: 0.5 }',
      'circuit D(a, b) -> (s, c) { (s, c) = H(a, b) }',
      'circuit E(a, b) -> y {\n  t = AND(a, NOT(b)) ; y = t\n}',
    ];
    const between = [' ', '\n', '\n\n', ' // note\n', ' /* c */ ', '\r\n', '\t'];
    const junk = ['{', '}', 'neuron', 'circuit', 'test', 'x', '(', ')', '"s"', '->', ';', ',', '/*', '*/', '"'];
    const piece = () => {
      const r = rand(20);
      const d = pick(declarations);
      if (r < 14) return d;
      if (r < 17) return pick(junk);
      return d.slice(0, rand(d.length)); // a declaration cut short
    };
    let valid = 0;
    for (let k = 0; k < files; k++) {
      const source = Array.from({ length: 1 + rand(6) }, piece).join(pick(between));
      const ok = parse(source, 'f.nn').ok;
      expect(ok, source).toBe(grammar.match(source).succeeded());
      if (ok) valid++;
    }
    expect(valid).toBeGreaterThan(files / 5);
    expect(valid).toBeLessThan((4 * files) / 5);
  });
});

describe('syntax errors', () => {
  it.each([
    ['circuit X(a) -> y { y = AND(a, }', "f.nn:1:32: error[syntax]: expected a name or a number, found '}'"],
    ['neuron A(x) { weights 1 }', "f.nn:1:23: error[syntax]: expected ':', found '1'"],
    [
      'neuron A(x) { weights: 1 } foo',
      "f.nn:1:28: error[syntax]: expected a declaration (import, neuron, circuit, test or assert), found 'foo'",
    ],
    ['import gates.nn', "f.nn:1:8: error[syntax]: expected a string in double quotes, found 'gates.nn'"],
    ['test C {\n 0 1 -> 1\n 0 1 1\n}', "f.nn:3:7: error[syntax]: expected '->', found the end of the line"],
    ['circuit C(a, b) -> s { s = H(a, b)', "f.nn:1:35: error[syntax]: expected '}', found the end of the file"],
    ['/* never closed', 'f.nn:1:1: error[syntax]: this comment is never closed'],
  ])('%j', (source, first) => {
    expect(syntaxError(source).split('\n')[0]).toBe(first);
  });

  it('shows the line and a caret under the problem', () => {
    expect(syntaxError('neuron A(x) {\n  weights: 1,\n}')).toBe("f.nn:3:1: error[syntax]: expected a number, found '}'\n 3 | }\n   | ^");
  });

  it('suggests the keyword for a misspelt declaration', () => {
    expect(syntaxError('nueron A(x) { weights: 1 }')).toContain("hint: did you mean 'neuron'?");
  });

  it('reads a number run into a keyword as one word, which starts no declaration', () => {
    // `1circuit D` is a bad name in C's body, not a new circuit: one error, no second one at the `}`.
    const said = (source: string) => parse(source, 'f.nn').diagnostics.map((d) => `${d.span!.start} ${d.message}`);
    expect(said('circuit C(a) -> y { y = 1circuit D(a) -> y { y = a } }\n')).toEqual(["25 expected '}', found 'circuit'"]);
    expect(said('test T { 0 1neuron N(a) { weights: 1 } }\n')).toEqual(["12 expected '->', found 'neuron'"]);
  });

  it('reports one error per broken declaration, not only the first', () => {
    const r = parse('neuron A(x) { weights 1 }\nneuron B(x) { weights: 1 }\ncircuit C(a) -> y { y = }', 'f.nn');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['syntax', 'syntax']);
  });

  it('refuses deeply nested calls with a diagnostic, not a stack overflow', () => {
    const deep = `circuit C(a) -> y { y = ${'NOT('.repeat(5000)}a${')'.repeat(5000)} }`;
    const r = parse(deep, 'f.nn');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe('too-deep');
  });

  it('does not count parentheses in comments towards the nesting limit', () => {
    expect(parse(`// ${'('.repeat(300)}\nneuron N(x) { weights: 1 }`, 'f.nn').ok).toBe(true);
  });

  it('survives binary garbage', () => {
    const r = parse('\u0001\u0002\u00ff\uffff garbage {{{', 'f.nn');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe('syntax');
  });
});
