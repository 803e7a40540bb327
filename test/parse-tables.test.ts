// Tables of any length: test blocks and train { } tables are matched row by row, and rows of
// any width cell by cell; what a user sees is the same as for a short table.

import { describe, expect, it } from 'vitest';
import { adderTest } from '../bench/generate.js';
import { positionOf } from '../src/diagnostics/render.js';
import { runTest } from '../src/evaluate/test-runner.js';
import type * as A from '../src/parse/ast.js';
import { parse } from '../src/parse/parse.js';
import { build, load } from '../src/pipeline.js';
import { memoryHost } from './helpers.js';

function parsed(source: string): A.Item[] {
  const r = parse(source, 'f.nn');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return [...r.value.items];
}

const text = (c: A.Cell) => (c.kind === 'star' ? '*' : c.text);

describe('a test block of 4,096 rows', () => {
  const source: string = adderTest(6);

  it('runs, every row against the integers', async () => {
    const loaded = load('main.nn', { host: memoryHost({ 'main.nn': source }) });
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const [test] = loaded.value.model.tests;
    expect(test!.rows).toHaveLength(4096);
    // Row 3000 is a = 46, b = 56: 102 = 1100110, cout first.
    expect(test!.rows[3000]).toMatchObject({ inputs: [1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0], expected: [1, 1, 0, 0, 1, 1, 0] });
    const built = await build(loaded.value.model, test!.name);
    if (!built.ok) throw new Error('build failed');
    const result = runTest(test!, built.value.engine);
    expect(result).toMatchObject({ passed: true, rows: 4096 });
  });

  it('names the row that fails, at its line', async () => {
    const lines = source.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  1 0 1 1 1 0 1 1 1 0 0 0 ->'));
    lines[at] = '  1 0 1 1 1 0 1 1 1 0 0 0 -> 1 1 0 0 1 1 1';
    const wrong = lines.join('\n');
    const loaded = load('main.nn', { host: memoryHost({ 'main.nn': wrong }) });
    if (!loaded.ok) throw new Error('load failed');
    const [test] = loaded.value.model.tests;
    const built = await build(loaded.value.model, test!.name);
    if (!built.ok) throw new Error('build failed');
    const result = runTest(test!, built.value.engine);
    expect(result.failures).toHaveLength(1);
    expect(positionOf(wrong, result.failures[0]!.row.span.start)).toEqual({ line: at + 1, column: 3 });
    expect(result.failures[0]!.actual).toEqual([1, 1, 0, 0, 1, 1, 0]);
  });

  it('reports a bad cell far down the table where it is', () => {
    const lines = source.split('\n');
    const at = lines.length - 5;
    lines[at] = lines[at]!.replace(/1$/, '2').replace(/0$/, '2');
    const r = load('main.nn', { host: memoryHost({ 'main.nn': lines.join('\n') }) });
    expect(r.diagnostics.map((d) => [d.code, positionOf(lines.join('\n'), d.span!.start).line])).toEqual([['not-a-bit', at + 1]]);
  });
});

describe('rows', () => {
  it('of every form read as in a short table: header, stars, comments, blank lines, line ends', () => {
    const rows = ['a b -> y  // header', '0 0 -> 0', '', '0 1 -> * /* any */', '1 0 -> 1 ; 1 1 -> 1', '  // a comment line', '1/**/1->0'];
    const lineEnds = ['\n', '\r\n', '\r'];
    for (const end of lineEnds) {
      const body = Array.from({ length: 300 }, (_, k) => rows[k % rows.length]).join(end);
      const [t] = parsed(`test T {${end}${body}${end}}`) as [A.TestDecl];
      const read = t.table.rows.map((r) => `${r.inputs.map(text).join(' ')} -> ${r.outputs.map(text).join(' ')}`);
      expect(read.slice(0, 7)).toEqual(['a b -> y', '0 0 -> 0', '0 1 -> *', '1 0 -> 1', '1 1 -> 1', '1 1 -> 0', 'a b -> y']);
      // 42 rounds of 7 lines give 6 rows each; the last 6 lines give 5.
      expect(read).toHaveLength(42 * 6 + 5);
    }
  });

  it('of 3,000 cells, for a neuron of 3,000 inputs', () => {
    const n = 3000;
    const params = Array.from({ length: n }, (_, i) => `x${i}`).join(', ');
    const bits = Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const source = `neuron Wide(${params}) { weights: ${bits.map(() => '1').join(', ')}  bias: -${n} }\ntest Wide {\n${bits.join(' ')} -> 0\n${bits.map(() => 1).join(' ')} -> 1\n}\n`;
    const r = load('main.nn', { host: memoryHost({ 'main.nn': source }) });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const [test] = r.value.model.tests;
    expect(test!.rows[0]!.inputs).toEqual(bits);
    expect(test!.rows[1]!.expected).toEqual([1]);
    // One bad cell in the middle of the row, reported at its column.
    const bad = source.replace(`${bits.join(' ')} -> 0`, [...bits.slice(0, 2500), 2, ...bits.slice(2501)].join(' ') + ' -> 0');
    const broken = load('main.nn', { host: memoryHost({ 'main.nn': bad }) });
    expect(broken.diagnostics.map((d) => [d.code, d.message, positionOf(bad, d.span!.start)])).toEqual([
      ['not-a-bit', 'a truth table holds bits, 0 or 1, but this cell is 2', { line: 3, column: 2 * 2500 + 1 }],
    ]);
  });

  it('of a wide row with a syntax error are reported as the grammar reports them', () => {
    const cells = Array.from({ length: 2000 }, () => '0').join(' ');
    const r = parse(`test T {\n${cells} $ 0 -> 1\n}`, 'f.nn');
    expect(r.diagnostics.map((d) => [d.message, d.span!.start])).toEqual([["expected '->', '*', a name or a number, found '$'", 9 + 4000]]);
  });
});

describe('a train { } table of 1,024 rows', () => {
  it('is checked row by row, bits as written', () => {
    const names = 'abcdefghij'.split('');
    const rows = Array.from({ length: 1024 }, (_, v) => {
      const bits = names.map((_, i) => (v >> (9 - i)) & 1);
      return `${bits.join(' ')} -> ${bits.reduce((s, b) => s + b, 0) >= 5 ? 1 : 0}`;
    });
    const source = `neuron Majority(${names.join(', ')}) {\n  train {\n    ${names.join(' ')} -> y\n    ${rows.join('\n    ')}\n  }\n}\n`;
    const r = load('main.nn', { host: memoryHost({ 'main.nn': source }) });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const neuron = r.value.model.parts.get('Majority');
    if (neuron?.kind !== 'neuron' || neuron.training?.kind !== 'table') throw new Error('no training table');
    expect(neuron.training.rows).toHaveLength(1024);
    expect(neuron.training.rows[1000]).toMatchObject({ inputs: [1, 1, 1, 1, 1, 0, 1, 0, 0, 0], output: 1 });
  });
});
