// Inputs of megabytes in one token or one list, the shapes a parser that matched whole
// declarations spent hundreds of bytes per character on: each parses (or is refused with its
// syntax error) without matching any declaration whole. Time and memory are in the bench.

import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flatAdder } from '../bench/generate.js';
import { positionOf } from '../src/diagnostics/render.js';
import type * as A from '../src/parse/ast.js';
import { parse, parseStats } from '../src/parse/parse.js';
import { load } from '../src/pipeline.js';

const MB = 1 << 20;

let whole = 0;
beforeEach(() => {
  whole = parseStats.whole;
});
afterEach(() => {
  expect(parseStats.whole).toBe(whole);
});

function items(source: string): A.Item[] {
  const r = parse(source, 'f.nn');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return [...r.value.items];
}

/** The first diagnostic as `line:col message`. */
function firstError(source: string): string {
  const r = parse(source, 'f.nn');
  expect(r.ok).toBe(false);
  const d = r.diagnostics[0]!;
  const p = positionOf(source, d.span!.start);
  return `${p.line}:${p.column} ${d.message}`;
}

const neuron = 'neuron AND(x1, x2) { weights: 1, 1  bias: -2 }';

describe('one token of megabytes', () => {
  it('a comment, block or line', () => {
    for (const comment of [`/* ${'x'.repeat(4 * MB)} */`, `// ${'x('.repeat(MB)}`]) {
      const source = `${comment}\n${neuron}\n`;
      const [n] = items(source) as [A.NeuronDecl];
      expect(source.slice(n.name.span.start, n.name.span.end)).toBe('AND');
      expect(n.fields).toHaveLength(2);
    }
  });

  it('a string', () => {
    const path = `${'d/'.repeat(MB)}gates.nn`;
    const [i] = items(`import "${path}"\n`) as [A.ImportDecl];
    expect(i.path.value).toBe(path);
  });

  it('a name', () => {
    const name = `N${'x'.repeat(MB)}`;
    const [n, c] = items(`neuron ${name}(a) { weights: 1 }\ncircuit C(a) -> y { y = ${name}(a) }\n`) as [A.NeuronDecl, A.CircuitDecl];
    expect(n.name.text).toBe(name);
    expect(((c.body[0] as A.Assignment).expr as A.CallExpr).callee.text).toBe(name);
  });

  it('a comment or a string never closed', () => {
    expect(firstError(`${neuron}\n/* ${'x'.repeat(MB)}`)).toBe('2:1 this comment is never closed');
    expect(firstError(`import "${'x'.repeat(MB)}\n${neuron}\n`)).toBe('1:8 this string is never closed');
  });

  it('blanks', () => {
    const [n] = items(`neuron A(x) {${' \t'.repeat(MB / 2)}weights: 1${'\n \r\n'.repeat(MB / 8)}}`) as [A.NeuronDecl];
    expect(n.fields[0]!.kind).toBe('weights');
  });
});

describe('lists of ten thousand', () => {
  it('inputs and weights of one neuron', () => {
    const n = 10_000;
    const source = `neuron Wide(${Array.from({ length: n }, (_, i) => `x${i}`).join(', ')}) {\n  weights: ${Array.from({ length: n }, (_, i) => (i % 2 ? '-1' : '1')).join(', ')}\n  bias: 0\n}\n`;
    const [w] = items(source) as [A.NeuronDecl];
    expect(w.params).toHaveLength(n);
    expect(w.params[n - 1]!.text).toBe(`x${n - 1}`);
    const weights = w.fields[0] as A.WeightsField;
    expect(weights.values.map((v) => v.value)).toEqual(Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1)));
    expect(source.slice(weights.values[7_777]!.span.start, weights.values[7_777]!.span.end)).toBe('-1');
  });

  it('arguments of one call, and an error in the last', () => {
    const n = 10_000;
    const args = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'NOT(a)' : '1'));
    const [c] = items(`circuit C(a) -> y { y = Big(${args.join(', ')}) }\n`) as [A.CircuitDecl];
    const call = (c.body[0] as A.Assignment).expr as A.CallExpr;
    expect(call.args.map((a) => a.kind)).toEqual(args.map((a) => (a === 'a' ? 'name' : a === '1' ? 'number' : 'call')));
    const bad = `circuit C(a) -> y { y = Big(${args.join(', ')}, $) }\n`;
    // After a name (the last argument) the grammar lists 'a name' first; after a number, 'a number'.
    expect(firstError(bad)).toBe(`1:${bad.indexOf('$') + 1} expected a name or a number, found '$'`);
  });

  it('statements of one loop, and parts of one bus', () => {
    const n = 10_000;
    const [c] = items(
      `circuit C(a[4]) -> y[${n}] {\n  for i in 0..0 {\n${Array.from({ length: n }, (_, k) => `    y[${k}] = a[${k % 4}]`).join('\n')}\n  }\n}\n`,
    ) as [A.CircuitDecl];
    const loop = c.body[0] as A.ForLoop;
    expect(loop.body).toHaveLength(n);
    expect((loop.body[n - 1] as A.Assignment).targets[0]!.index).toMatchObject({ kind: 'bit', at: { value: n - 1 } });
    const [d] = items(`circuit D(a[4]) -> y[${n}] { y = [${Array.from({ length: n }, (_, k) => `a[${k % 4}]`).join(', ')}] }\n`) as [
      A.CircuitDecl,
    ];
    expect(((d.body[0] as A.Assignment).expr as A.ConcatExpr).parts).toHaveLength(n);
  });

  it('fields of one neuron', () => {
    const n = 10_000;
    const [f] = items(`neuron F(a) { weights: 1 ${'seed: 1 '.repeat(n)}}`) as [A.NeuronDecl];
    expect(f.fields).toHaveLength(n + 1);
  });
});

describe('long texts of many pieces', () => {
  it('declarations, five thousand', () => {
    let source = '';
    for (let i = 0; i < 5_000; i++) source += `neuron N${i}(a${i}) { weights: ${(i % 7) - 3}  bias: ${i}e-3 }\n`;
    const all = items(source) as A.NeuronDecl[];
    expect(all).toHaveLength(5_000);
    expect(all[4_321]!.name.text).toBe('N4321');
    expect((all[4_321]!.fields[1] as A.SettingField).value).toMatchObject({ text: '4321e-3', value: 4.321 });
  });

  it('a circuit on one line of 100 KB, and an error at its end', () => {
    const flat: string = flatAdder(5_000);
    const line = flat.replace(/\)\n {2}/g, '); ');
    expect(line.split('\n').some((l) => l.length > 100_000)).toBe(true);
    const [, , , c] = items(line) as A.Item[];
    expect((c as A.CircuitDecl).body).toHaveLength(flat.split('\n').filter((l) => l.includes(' = ')).length);
    const broken = line.replace(/\}\n$/, 'y = AND(a, }\n');
    const at = positionOf(broken, broken.lastIndexOf('}'));
    expect(firstError(broken)).toBe(`${at.line}:${at.column} expected a name or a number, found '}'`);
  });

  it('a test block of a quarter of a megabyte, and an error in its last row', () => {
    const row = '0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 -> 0 1 0 1 0 1 0 1 1\n';
    const count = Math.ceil(MB / 4 / row.length);
    const [t] = items(`test A {\n${row.repeat(count)}}\n`) as [A.TestDecl];
    expect(t.table.rows).toHaveLength(count);
    expect(t.table.rows[count - 1]!.outputs.map((c) => (c.kind === 'number' ? c.value : c.kind))).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 1]);
    expect(firstError(`test A {\n${row.repeat(count)}0 1 $ -> 0\n}\n`)).toBe(
      `${count + 2}:5 expected '->', '*', a name or a number, found '$'`,
    );
    expect(firstError(`test A {\n${row.repeat(count)}`)).toBe(`${count + 2}:1 expected '}', found the end of the file`);
  });

  it('row ends and nothing else', () => {
    const [t] = items(`test A {${';'.repeat(MB)}}`) as [A.TestDecl];
    expect(t.table.rows).toHaveLength(0);
  });
});

describe('the file size limit', () => {
  it('refuses a file over 32 MB with a diagnostic, not by running out of memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-big-'));
    const path = join(dir, 'big.nn');
    const blanks = Buffer.alloc(MB, ' ');
    try {
      const fd = openSync(path, 'w');
      for (let k = 0; k < 33; k++) writeSync(fd, blanks);
      closeSync(fd);
      const r = load(path);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['unreadable-file', `cannot read ${path}: it is larger than 32 MB`]]);
    } finally {
      // 33 MB a run: not left behind.
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
