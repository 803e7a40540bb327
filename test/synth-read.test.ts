// Reading the tables synthesis starts from: CSV and PLA files, and .nn parts, tests and
// training tables. Bad input is reported with its place, as the renderer shows it.

import { describe, expect, it } from 'vitest';
import { positionOf, renderDiagnostics } from '../src/diagnostics/render.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { load } from '../src/pipeline.js';
import { readCsvTable } from '../src/synth/read-csv.js';
import { tableOfPart } from '../src/synth/read-nn.js';
import { readPlaTable } from '../src/synth/read-pla.js';
import { inputBits, rowCount, type TruthTable } from '../src/train/truth-table.js';
import { memoryHost } from './helpers.js';

/** The table as `inputs -> outputs` lines for the rows some output cares about, `*` for don't care. */
function rows(table: TruthTable): string[] {
  const out: string[] = [];
  for (let r = 0; r < rowCount(table); r++) {
    if (!table.care.some((c) => c[r] === 1)) continue;
    out.push(
      `${inputBits(r, table.inputs.length).join('')} -> ${table.outputs.map((_, q) => (table.care[q]![r] ? table.on[q]![r] : '*')).join('')}`,
    );
  }
  return out;
}

/** `code line:col` for each diagnostic. */
function where(text: string, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    if (!d.span) return d.code;
    const p = positionOf(text, d.span.start);
    return `${d.code} ${p.line}:${p.column}`;
  });
}

describe('CSV tables', () => {
  it('reads a header and 0/1 rows; the last column is the output; - inputs stand for both values', () => {
    const r = readCsvTable('a,b,y\n0,0,0\n0,1,1\n1,-,1\n', 't.csv', { name: 'T' });
    if (!r.ok) throw new Error('not read');
    expect([r.value.inputs, r.value.outputs]).toEqual([['a', 'b'], ['y']]);
    expect(rows(r.value)).toEqual(['00 -> 0', '01 -> 1', '10 -> 1', '11 -> 1']);
  });

  it("takes the output columns it is told, in any place, with * for don't care; unlisted rows are don't cares", () => {
    const r = readCsvTable('s,a,c,b\r\n1,0,*,1\r\n"0",1,1,1\r\n', 't.csv', { name: 'T', outputs: ['s', 'c'] });
    if (!r.ok) throw new Error('not read');
    expect([r.value.inputs, r.value.outputs]).toEqual([
      ['a', 'b'],
      ['s', 'c'],
    ]);
    expect(rows(r.value)).toEqual(['01 -> 1*', '11 -> 01']);
  });

  it('reports bad names, cells, widths and contradictions where they are', () => {
    const text = 'a,2b,y\n0,0,0\n0,1\n0,x,1\n';
    const bad = readCsvTable(text, 't.csv', { name: 'T' });
    expect(where(text, bad.diagnostics)).toEqual(['csv-header 1:3']);
    const text2 = 'a,b,y\n0,0,0\n0,1\n0,x,1\n1,1,2\n0,0,1\n';
    const r = readCsvTable(text2, 't.csv', { name: 'T' });
    expect(r.ok).toBe(false);
    expect(where(text2, r.diagnostics)).toEqual(['csv-row-width 3:1', 'csv-cell 4:3', 'csv-cell 5:5', 'table-conflict 6:1']);
    const rendered = renderDiagnostics(r.diagnostics, { source: () => text2 });
    expect(rendered).toContain('t.csv:6:1: error[table-conflict]: this row says y is 1 for inputs 0 0, but an earlier row says 0');
    expect(rendered).toContain(' 4 | 0,x,1\n   |   ^');
    const missing = readCsvTable('a,b,y\n', 't.csv', { name: 'T', outputs: ['z'] });
    expect(missing.diagnostics[0]!.message).toBe('there is no column "z" for the output');
  });
});

describe('PLA files', () => {
  const adder = '# half adder\n.i 2\n.o 2\n.ilb a b\n.ob s c\n.p 3\n01 10\n10 10\n11 01\n.e\n';

  it("reads espresso's format: names, type fd by default (uncovered rows are 0)", () => {
    const r = readPlaTable(adder, 'h.pla', { name: 'HalfAdder' });
    if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics, { source: () => adder }));
    expect([r.value.inputs, r.value.outputs, r.diagnostics]).toEqual([['a', 'b'], ['s', 'c'], []]);
    expect(rows(r.value)).toEqual(['00 -> 00', '01 -> 10', '10 -> 10', '11 -> 01']);
  });

  it('gives each type its meaning: f, fd, fr, fdr, r, dr; - inputs; ~ means nothing', () => {
    const read = (type: string, cubes: string) => {
      const r = readPlaTable(`.i 2\n.o 1\n.type ${type}\n${cubes}`, 'f.pla', { name: 'F' });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
      return rows(r.value);
    };
    expect(read('f', '1- 1\n00 -\n')).toEqual(['00 -> 0', '01 -> 0', '10 -> 1', '11 -> 1']);
    expect(read('fd', '1- 1\n00 -\n')).toEqual(['01 -> 0', '10 -> 1', '11 -> 1']);
    expect(read('fr', '10 1\n01 0\n')).toEqual(['01 -> 0', '10 -> 1']);
    expect(read('fdr', '10 1\n01 0\n11 -\n00 ~\n')).toEqual(['01 -> 0', '10 -> 1']);
    expect(read('r', '1- 0\n')).toEqual(['00 -> 1', '01 -> 1', '10 -> 0', '11 -> 0']);
    expect(read('dr', '1- 0\n01 -\n')).toEqual(['00 -> 1', '10 -> 0', '11 -> 0']);
    // Without names: x1, x2, ... and y (one output) or y1, y2, ...
    const r = readPlaTable('.i 3\n.o 2\n1-0 | 11\n', 'f.pla', { name: 'F' });
    if (!r.ok) throw new Error('not read');
    expect([r.value.inputs, r.value.outputs]).toEqual([
      ['x1', 'x2', 'x3'],
      ['y1', 'y2'],
    ]);
  });

  it('reports mistakes with their places: widths, symbols, keywords, ON and OFF at once', () => {
    const text = '.i 2\n.o 1\n.mv 3\n.type fr\n0 1\n0x 1\n.bogus\n';
    const r = readPlaTable(text, 'f.pla', { name: 'F' });
    expect(r.ok).toBe(false);
    expect(where(text, r.diagnostics)).toEqual(['pla-unsupported 3:1', 'pla-cube 5:1', 'pla-cube 6:2', 'pla-directive 7:1']);
    const both = '.i 2\n.o 1\n.type fr\n11 1\n1- 0\n';
    const conflict = readPlaTable(both, 'f.pla', { name: 'F' });
    expect(where(both, conflict.diagnostics)).toEqual(['table-conflict 5:1']);
    expect(renderDiagnostics(conflict.diagnostics, { source: () => both })).toContain(
      'f.pla:5:1: error[table-conflict]: for inputs 1 1, this product term puts y in the OFF-set, an earlier one in the ON-set',
    );
    const early = '01 1\n';
    expect(where(early, readPlaTable(early, 'f.pla', { name: 'F' }).diagnostics)).toEqual(['pla-directive 1:1']);
    const count = '.i 1\n.o 1\n.p 2\n1 1\n';
    const warned = readPlaTable(count, 'f.pla', { name: 'F' });
    expect([warned.ok, where(count, warned.diagnostics)]).toEqual([true, ['pla-count 3:1']]);
  });
});

describe('.nn parts', () => {
  const file = `
neuron AND(a, b) { weights: 1, 1  bias: -2 }
neuron XOR(x1, x2) { train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 } }
circuit Half(a, b) -> (s, c) {
  s = XOR2(a, b)
  c = AND(a, b)
}
circuit XOR2(a, b) -> y {
  y = AND(OR(a, b), NAND(a, b))
}
neuron OR(a, b) { weights: 1, 1  bias: -1 }
neuron NAND(a, b) { weights: -1, -1  bias: 1 }
test Half {
  a b -> s c
  0 0 -> 0 0
  1 1 -> * 1
}
test Half { 1 1 -> 0 1 }
`;
  const host = memoryHost({ 'p.nn': file });
  const model = () => {
    const checked = load('p.nn', { host });
    if (!checked.ok) throw new Error('does not check');
    return checked.value.model;
  };

  it('takes what a part computes, a train table, or the rows of every test block of the part', async () => {
    const m = model();
    const fn = await tableOfPart('p.nn', m, m.parts.get('Half')!, { host });
    if (!fn.ok) throw new Error('no table');
    expect([fn.value.from, rows(fn.value.table)]).toEqual(['function', ['00 -> 00', '01 -> 10', '10 -> 10', '11 -> 01']]);
    // A table no neuron can fit is still a table to synthesise from.
    const train = await tableOfPart('p.nn', m, m.parts.get('XOR')!, { host });
    if (!train.ok) throw new Error('no table');
    expect([train.value.from, train.value.table.outputs, rows(train.value.table)]).toEqual([
      'train',
      ['y'],
      ['00 -> 0', '01 -> 1', '10 -> 1'],
    ]);
    const tests = await tableOfPart('p.nn', m, m.parts.get('Half')!, { host, tests: true });
    if (!tests.ok) throw new Error('no table');
    expect(rows(tests.value.table)).toEqual(['00 -> 00', '11 -> 01']);
  });

  it('reports test rows that contradict each other, and a part with no tests', async () => {
    const bad = file.replace('test Half { 1 1 -> 0 1 }', 'test Half { 1 1 -> 0 0 }');
    const h = memoryHost({ 'p.nn': bad });
    const checked = load('p.nn', { host: h });
    if (!checked.ok) throw new Error('does not check');
    const m = checked.value.model;
    const r = await tableOfPart('p.nn', m, m.parts.get('Half')!, { host: h, tests: true });
    expect(where(bad, r.diagnostics)).toEqual(['table-conflict 18:13']);
    const none = await tableOfPart('p.nn', m, m.parts.get('AND')!, { host: h, tests: true });
    expect(where(bad, none.diagnostics)).toEqual(['no-tests 2:8']);
  });
});
