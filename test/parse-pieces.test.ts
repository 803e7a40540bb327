// The parser matches declarations piece by piece on a reduced text (src/parse): it must accept
// exactly what the grammar accepts, build the same tree, spans included, and report the same
// syntax error, at the same place. The reference here is the plain grammar matching the whole
// file as written, in one go.

import { afterEach, describe, expect, it } from 'vitest';
import type * as A from '../src/parse/ast.js';
import { limits } from '../src/parse/declarations.js';
import { parse, parseStats } from '../src/parse/parse.js';
import type { Reduced } from '../src/parse/reduce.js';
import { grammar, semantics } from '../src/parse/semantics.js';
import { Piece } from '../src/parse/shape-cache.js';
import { describeFailure } from '../src/parse/syntax-error.js';
import { seededRandom, TEST_SCALE } from './helpers.js';

type Reference =
  | { readonly ok: false; readonly error: ReturnType<typeof describeFailure> }
  | { readonly ok: true; readonly items: A.Item[]; json?: string };

/**
 * The grammar's answer does not depend on how the parser cuts declarations (limits.long): the
 * tests that read the same files with other cuts share it.
 */
const references = new Map<string, Reference>();

function reference(source: string): Reference {
  let ref = references.get(source);
  if (!ref) {
    ref = wholeGrammar(source);
    references.set(source, ref);
  }
  return ref;
}

function wholeGrammar(source: string): Reference {
  const at = Int32Array.from({ length: source.length + 1 }, (_, i) => i);
  const piece = Piece.of({ text: source, at, source, file: 'f.nn' } satisfies Reduced, 0, source.length);
  const match = grammar.match(source, 'File');
  if (match.failed()) return { ok: false as const, error: describeFailure(match, piece) };
  // The grammar's own tree, its spans given the file: not moved with the parser's relocate,
  // whose reading of names, numbers and strings back from the source is under test too.
  return { ok: true as const, items: inFile(semantics(match).items()) as A.Item[] };
}

function inFile(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(inFile);
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k === 'span' ? { ...v, file: 'f.nn' } : inFile(v)]));
  return x;
}

/** Plain data, with table rows (which build their cells when asked) as plain objects. */
function plain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') {
    if ('inputs' in x && 'outputs' in x && 'span' in x) {
      const row = x as A.Row;
      return { inputs: plain(row.inputs), outputs: plain(row.outputs), span: plain(row.span) };
    }
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  }
  return x;
}

/** Random files of every kind of declaration, most slightly broken. */
function randomFiles(seed: number, count: number): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const list = (n: number, f: () => string) => Array.from({ length: n }, f).join(pick([', ', ',', ' , ']));
  const name = () => pick(['a', 'b1', 'x_2', 'Half', 'e', 'e5', 'tes', 'trainer', 'weightsx', 'N']);
  const num = () => pick(['0', '1', '-1', '+2', '0.5', '.5', '1e3', '2.5E-2', '10', '-0.25']);
  const cell = () => pick(['0', '1', '0', '1', '*', '01', 'x', '2']);
  const blank = () => pick([' ', ' ', '  ', '\t', ' /* c */ ', '\n', ' // c\n']);
  const row = (n: number, m: number) =>
    Array.from({ length: n }, cell).join(pick([' ', '  ', ' /**/ '])) +
    pick([' -> ', '->', ' ->  ']) +
    Array.from({ length: m }, cell).join(' ') +
    pick(['', ' // note', ' /* c */']);
  const table = () => {
    const n = rand(4);
    const m = 1 + rand(3);
    const rows = Array.from({ length: rand(6) }, () => row(n, m));
    return `{${pick(['\n', ' ', ''])}${rows.join(pick(['\n', ' ; ', ';\n', '\n\n', '\r\n']))}${pick(['\n', ' ', ''])}}`;
  };
  const expr = (depth: number): string =>
    depth > 2 || rand(3) === 0 ? pick([name(), '0', '1']) : `${name()}(${list(1 + rand(4), () => expr(depth + 1))})`;
  const gap = () => pick([' ', ' ', ' /**/ ', ' // c\n', '\n']);
  const statement = () =>
    pick([
      `${name()}${gap()}= ${expr(0)}`,
      `(${list(1 + rand(3), name)})${gap()}= ${expr(1)}`,
      `${name()} = ${name()}${pick([';', ' // c', ''])}`,
    ]);
  // Buses, width parameters, loops and bus values.
  const int = () => pick(['0', '3', 'N', 'i', 'N-1', 'i+1', '(N+1)/2', 'N%2', '-1', '2*i']);
  const index = () => pick(['', '', `[${int()}]`, `[${int()}..${int()}]`]);
  const port = () => name() + pick(['', '', `[${int()}]`]);
  const value = () => pick(['0', '1', '*', '5', '0x1f', '0b01', '0b012', '0xg', '0x', '12', '00x1']);
  const loop = (depth: number): string =>
    `for ${pick(['i', 'j'])} in ${int()}..${int()} {${pick([' ', '\n  '])}${Array.from({ length: rand(3) }, () =>
      depth < 2 && rand(3) === 0
        ? loop(depth + 1)
        : `${name()}${index()} = ${pick([name() + index(), `${name()}(${list(1 + rand(3), () => name() + index())})`, `[${list(1 + rand(4), name)}]`, `${name()}<${int()}>(${name()})`])}`,
    ).join(pick(['\n  ', '; ', ' ']))}${pick([' ', '\n'])}}`;
  const widthDeclaration = () => {
    switch (rand(4)) {
      case 0:
        return `circuit ${name()}${pick(['', '<N>', '<N, M>'])}(${list(rand(5), port)}) -> ${pick([port(), `(${list(1 + rand(4), port)})`])} {${pick(['\n  ', ' '])}${Array.from({ length: rand(4) }, () => (rand(2) ? loop(0) : `(${list(1 + rand(3), () => name() + index())}) = ${name()}${pick(['', '<4>', '<N-1>'])}(${list(1 + rand(3), () => pick([name() + index(), '0', `[${name()}, ${name()}]`]))})`)).join(pick(['\n  ', '; ', ' ']))}\n}`;
      case 1:
        return `test ${name()}${pick(['', '<4>', '<N>'])} {\n${Array.from({ length: rand(4) }, () => `${Array.from({ length: 1 + rand(3) }, value).join(' ')} -> ${Array.from({ length: 1 + rand(2) }, value).join(' ')}`).join(pick(['\n', ' ; ']))}\n}`;
      case 2:
        return `neuron ${name()}(${list(1 + rand(4), port)}) { weights: ${list(1 + rand(6), num)} bias: ${num()} }`;
      default:
        return `circuit ${name()}(a[4]) -> y { y = ${name()}([${list(1 + rand(8), () => pick(['a[0]', 'a[1..2]', '1', 'NOT(a[3])']))}]) }`;
    }
  };
  const declaration = () => {
    if (rand(3) === 0) return widthDeclaration();
    switch (rand(6)) {
      case 0:
        return `neuron ${name()}(${list(rand(8), name)}) {${blank()}weights: ${list(1 + rand(9), num)}${blank()}bias: ${num()}${blank()}}`;
      case 1:
        return `neuron ${name()}(${list(1 + rand(3), name)}) { train ${table()}${blank()}rate: 0.1 init: normal shuffle: true }`;
      case 2:
        return `neuron ${name()}(a, b) { train: "d${pick(['', '\\"q', 'x y'])}.csv"${blank()}label: "y" ${pick(['', 'threshold: 2'])} }`;
      case 3:
        return `circuit ${name()}(${list(rand(7), name)}) -> ${pick([name(), `(${list(1 + rand(5), name)})`])} {${pick(['\n  ', ' '])}${Array.from({ length: rand(6) }, statement).join(pick(['\n  ', '; ', ' ', '\n', ' // c\n', ' /* c */ ']))}${pick(['\n', ' '])}}`;
      case 4:
        return `test ${name()} ${table()}`;
      default:
        return pick(['import "gates.nn"', '// comment', '/* block\n comment */', 'import "a\\"b.nn"']);
    }
  };
  const inserts = [
    ',',
    '(',
    ')',
    '{',
    '}',
    '->',
    ';',
    '\n',
    '\r',
    ' ',
    '/*',
    '*/',
    '//',
    '"',
    'test',
    'neuron',
    'x',
    '1',
    '-',
    '*',
    'é',
    '\t',
    ':',
    '=',
    'weights',
    'train',
    '.',
    'e',
    '[',
    ']',
    '..',
    '<',
    'for',
    'in',
    '0x',
  ];
  const mutate = (s: string) => {
    for (let k = rand(3); k > 0; k--) {
      const p = rand(s.length + 1);
      const q = rand(s.length + 1);
      const kind = rand(3);
      if (kind === 0) s = s.slice(0, p) + s.slice(p + 1 + rand(3));
      else if (kind === 1) s = s.slice(0, p) + pick(inserts) + s.slice(p);
      else s = s.slice(0, p) + s.slice(Math.min(p, q), Math.max(p, q)).slice(0, 20) + s.slice(p);
    }
    return s;
  };
  return Array.from({ length: count }, () => {
    const file = Array.from({ length: 1 + rand(3) }, declaration).join(pick(['\n', '\n\n', ' ', '\r\n']));
    return mutate(rand(4) === 0 ? file.replace(/\n/g, '\r') : file);
  });
}

/** JSON with the numbers it cannot tell apart (-0, NaN, the infinities) written apart. */
const exactJson = (x: unknown) =>
  JSON.stringify(x, (_, v) =>
    typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v)) ? `number ${Object.is(v, -0) ? '-0' : v}` : v,
  );

function expectSameAsGrammar(source: string): boolean {
  const whole = parseStats.whole;
  const mine = parse(source, 'f.nn');
  // Never by matching a declaration whole, which is what makes the cost of a file its length.
  expect(parseStats.whole, source).toBe(whole);
  const ref = reference(source);
  expect(mine.ok, source).toBe(ref.ok);
  if (mine.ok && ref.ok) {
    // Alike as text (quick), else compared as data for a difference to show. The reference's
    // text is made once: the tests that read a file with other cuts compare with it again.
    ref.json ??= exactJson(plain(ref.items));
    const got = plain(mine.value.items);
    if (exactJson(got) !== ref.json) expect(got, source).toEqual(plain(ref.items));
  }
  if (!mine.ok && !ref.ok) {
    const [first] = mine.diagnostics;
    expect({ start: first!.span!.start, message: first!.message, hint: first!.hint }, source).toEqual({
      start: ref.error.span!.start,
      message: ref.error.message,
      hint: ref.error.hint,
    });
  }
  return ref.ok;
}

describe('parsing piece by piece agrees with the whole grammar', () => {
  const long = limits.long;
  afterEach(() => {
    limits.long = long;
  });

  // Every random file is a shape of its own, matched in full both ways: 50 (1,000 with
  // NN_TEST_SCALE=20, helpers.ts), a quarter to a third of them valid, read with the usual
  // cuts and then with every list cut.
  const files = 50 * TEST_SCALE;
  let made: string[] | undefined;
  const sharedFiles = () => (made ??= randomFiles(2024, files));
  it('on random files, valid and broken: the same trees and the same first error', () => {
    let valid = 0;
    for (const source of sharedFiles()) if (expectSameAsGrammar(source)) valid++;
    expect(valid).toBeGreaterThan(files / 4);
  });

  it('with every list cut into items, as long declarations are', () => {
    limits.long = 4;
    let valid = 0;
    for (const source of sharedFiles()) if (expectSameAsGrammar(source)) valid++;
    expect(valid).toBeGreaterThan(files / 4);
  });

  // A declaration seen again (the same reduced text, other names and numbers) is copied
  // from the first one's tree: the copies must be what the grammar gives in their place.
  // 30 files, each three times (600 with NN_TEST_SCALE=20).
  const repeated = 30 * TEST_SCALE;
  it('on declarations repeated under other names and numbers', () => {
    const keywords = ['import', 'neuron', 'circuit', 'test', 'assert', 'weights', 'train', 'hidden', 'for', 'in', 'sequence'];
    const renamed = (source: string, k: number) =>
      source.replace(/\b[A-Za-z_]\w*/g, (w) => (keywords.includes(w) ? w : `${w}q${k}`)).replace(/\b\d+\b/g, (d) => `${d}${k}`);
    const templates = parseStats.templates;
    let valid = 0;
    for (const source of randomFiles(5, repeated)) {
      if (expectSameAsGrammar([source, renamed(source, 1), renamed(source, 22)].join('\n'))) valid++;
    }
    expect(valid).toBeGreaterThan(repeated / 4);
    expect(parseStats.templates).toBeGreaterThan(templates);
  });

  // A neuron seen again under another name only is copied from the first one, its spans
  // shifted: the copies must be what the grammar gives in their place. 10 files, each four
  // times, plus names that read like keywords (200 files with NN_TEST_SCALE=20).
  const neuronFiles = 10 * TEST_SCALE;
  it('on neurons repeated under other names', () => {
    const renamed = (source: string, suffix: string) =>
      source.replace(/\bneuron(\s+)([A-Za-z_]\w*)/g, (_, space, name) => `neuron${space}${name}${suffix}`);
    const repeats = parseStats.repeats;
    let valid = 0;
    for (const source of randomFiles(11, neuronFiles)) {
      if (
        expectSameAsGrammar(
          [source, renamed(source, 'q1'), renamed(source, '_22'), source.replace(/\bneuron(\s+)([A-Za-z_]\w*)/g, 'neuron$1train$2')].join(
            '\n',
          ),
        )
      )
        valid++;
    }
    expect(valid).toBeGreaterThan(neuronFiles / 4);
    expect(parseStats.repeats).toBeGreaterThan(repeats);
    // Names that are words of the grammar, or start with one, after a neuron of a plain name.
    for (const name of ['in', 'testy', 'trainer', 'for', 'test', 'neuron', 'weights']) {
      expectSameAsGrammar(`neuron A(a) { weights: 1 bias: 0 }\nneuron ${name}(a) { weights: 1 bias: 0 }\n`);
    }
  });

  it('on the inputs where the cuts are subtle', () => {
    limits.long = 4;
    for (const source of [
      'test b1 { -> 0 // note}\n neuron Half(a, b) { }', // a row's end takes one line break
      'test b1 { -> 1 x // note;\n -> 0 1 // note;\n ->  *', // the last row, unclosed
      'neuron e(a, b, c) { train { 0 -> 1 } rat\ne: 0.1 init: normal shuffle: tru*e }', // a word left before a field
      'neuron w(a, b, c) { train train {* 1 x->2\r} rate: 0.1 init: normal shuffle: }',
      'neuron N(, e, b) { weights: +2, 0, 1, 10 bias: 10 }', // an empty first item
      'circuit e(x) -> (b) {\n  t = e5(tes(0, H(x,x, 0))); s = t; }', // statement spans end at their last token
      'importgates.nn',
      'neuronrainer(a) { weights: 1 }',
      'testalf { }', // a keyword run into a name
      'circuit C(a) -> y { y = a /* c */ (p, q) = H(a, b) }', // a call across a comment
      'circuit C(a) -> y { y = a\n(p, q) = H(a, b) }',
      'circuit C(a) -> y { x = a\n  y // the output\n  = x }',
      'circuit C(a) -> (x, y) { x = a // c\n(y) = NOT(x) }',
      'test T {\r\n0 1 -> 1\r\n\r\n  1 0 -> 0 \r\n}',
      'test T {\r0 1 -> 1\r\r1 0 ->\r}',
      'test T { 0x -> 1 }',
      'test T { 0xg 1 -> 1 }',
      'test T { 0b2 -> 1 }',
      'test T { 00x1 -> 0x1f }', // bus values
      'circuit C(a) -> y { for i in 0..3 { y = a } format = a }',
      'circuit C(p) -> y {\n  y = A(B<1, 3>(p), p)\n}\n', // width arguments in a list: their comma does not cut it
      'circuit C(p) -> y {\n  y = A(B<(1), 2 * N>(p, p), p, C<3>(p))\n}\n',
      'circuit C(a[4]) -> y { y = a [0] }',
      // Ohm lists expectations in an order that depends on what it memoized far away.
      `circuit C(a) -> y { y = Big(${Array.from({ length: 1000 }, (_, i) => ['a', 'NOT(a)', '1'][i % 3]).join(', ')}, $) }`,
    ])
      expectSameAsGrammar(source);
  });
});
