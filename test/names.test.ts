// Hierarchical names stay bounded however deep and long-named the hierarchy: a chain of
// circuits with long names gave every neuron a name of tens of kilobytes (a table of 100 KB
// of source printed 99 MB of headers). Long paths keep their ends around a numbered gap.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../src/elaborate/elaborate.js';
import { MAX_PATH_CHARS, PathNamer } from '../src/elaborate/names.js';
import { toDot } from '../src/render/dot.js';
import { MAX_TITLE_CHARS } from '../src/evaluate/table-format.js';
import { checkSource } from './helpers.js';
import { nnInProcess } from './run-in-process.js';

/** `levels` circuits, each a NOT of the one before, with names `long` characters long. */
function chain(levels: number, long: number): string {
  const name = (i: number) => `C${i}${'x'.repeat(long)}`;
  const lines = ['neuron NOT(x) { weights: -1  bias: 0 }', `circuit ${name(0)}(a) -> y { y = NOT(a) }`];
  for (let i = 1; i < levels; i++) lines.push(`circuit ${name(i)}(a) -> y { y = NOT(${name(i - 1)}(a)) }`);
  return `${lines.join('\n')}\n`;
}

describe('hierarchical names', () => {
  it('are short, unique and keep both ends in a deep chain of long names', () => {
    const checked = checkSource(chain(300, 40));
    if (!checked.model) throw new Error(checked.rendered);
    const netlist = elaborate(checked.model, `C299${'x'.repeat(40)}`);
    if (!netlist.ok) throw new Error('not elaborated');
    const names = netlist.value.neurons.map((n) => n.name);
    expect(names).toHaveLength(300);
    expect(new Set(names).size).toBe(300);
    expect(names.filter((n) => n.length > MAX_PATH_CHARS + 50)).toEqual([]);
    const deepest = names[0]!;
    expect(deepest.startsWith('C298')).toBe(true);
    expect(deepest).toContain('…');
    expect(deepest.endsWith(`C1${'x'.repeat(40)}#1.C0${'x'.repeat(40)}#1`)).toBe(true);
    // The diagram's ids come from the same paths: its size stays linear in the source.
    const dot = toDot(netlist.value);
    expect(dot.length).toBeLessThan(300 * 4000);
  });

  it('are left whole while short', () => {
    const namer = new PathNamer();
    expect(namer.extend('', 'FullAdder#1')).toBe('FullAdder#1');
    expect(namer.extend('RippleAdder<4>#1', 'FullAdder#3')).toBe('RippleAdder<4>#1.FullAdder#3');
  });

  it('never collide when shortened: every gap has its own number', () => {
    const namer = new PathNamer();
    const base = 'A'.repeat(300);
    const one = namer.extend(base, 'B');
    const two = namer.extend(base, 'B');
    expect(one).not.toBe(two);
    // What follows the newest gap is the end of the path, never cut through an older gap.
    const deeper = namer.extend(one, 'C'.repeat(150));
    expect(deeper.slice(deeper.lastIndexOf('…') + 1)).toBe(`${'B'}.${'C'.repeat(150)}`.slice(-120));
  });
});

describe('column titles', () => {
  it("keep an aligned table narrow whatever a name's length; CSV keeps the whole name", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-titles-'));
    try {
      const long = `p${'x'.repeat(30_000)}`;
      const file = join(dir, 'wide.nn');
      writeFileSync(file, `neuron AND(a, b) { weights: 1, 1  bias: -2 }\ncircuit Wide(a, b) -> ${long} { ${long} = AND(a, b) }\n`);
      const text = await nnInProcess(['table', file]);
      expect(text.code).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(' a  b | '.length + MAX_TITLE_CHARS);
      expect(lines[0]).toMatch(/^a b \| px+\.\.\.x+$/);
      expect(lines[4]).toMatch(/^1 1 \| +1$/);
      const sim = await nnInProcess(['sim', file, 'a=1', 'b=1', '--ticks', '2']);
      for (const line of sim.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThan(120);
      const csv = await nnInProcess(['table', file, '--format', 'csv']);
      expect(csv.stdout.split('\n')[0]).toBe(`a,b,${long}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
