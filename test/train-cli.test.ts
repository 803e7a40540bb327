// nn train and the commands that build trained parts, in-process: one neuron that cannot be
// trained stops only what uses it; what is printed, written and used is what was learned.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnInProcess } from './run-in-process.js';
import { scratchDirs } from './helpers.js';

const tempDir = scratchDirs('nn-train-');

const nn = (args: string[]) => nnInProcess(args);

function files(contents: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

// A does not converge in 4 epochs (its errors per epoch are 2 3 3 2 1 0); B does; C is XOR,
// which no neuron computes.
const MIXED = `neuron A(x1, x2) {
  train { 0 0 -> 0 ; 0 1 -> 0 ; 1 0 -> 0 ; 1 1 -> 1 }
  epochs: 4
}
neuron B(x1, x2) {
  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 1 }
}
neuron C(x1, x2) {
  train { 0 0 -> 0 ; 0 1 -> 1 ; 1 0 -> 1 ; 1 1 -> 0 }
}
circuit UsesB(a, b) -> y {
  y = B(a, b)
}
test UsesB { 0 0 -> 0 ; 1 1 -> 1 }
`;

describe('one neuron that cannot be trained stops only what uses it', () => {
  it('a run whose last epoch corrected the weights into a fit is accepted', async () => {
    // After 5 epochs the last made one correction, and the weights it left fit every row.
    const dir = files({ 'a.nn': MIXED.replace('epochs: 4', 'epochs: 5') });
    const r = await nn(['train', join(dir, 'a.nn'), 'A']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("  epochs     5 (the weights after the last epoch's corrections fit every example)");
    expect(r.stdout).toContain('  accuracy   100% (4 of 4)');
  });

  it('nn train NAME fits only that neuron', async () => {
    const dir = files({ 'f.nn': MIXED });
    const r = await nn(['train', join(dir, 'f.nn'), 'B']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('neuron B(x1, x2) { weights: 1, 1  bias: -1 }');
  });

  it('nn train FILE reports each failure on its neuron and prints the rest; exit 1', async () => {
    const dir = files({ 'f.nn': MIXED });
    const r = await nn(['train', join(dir, 'f.nn')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^neuron B {2}\(/m);
    expect(r.stdout).not.toMatch(/^neuron [AC] /m);
    expect(r.stderr).toContain(
      'error[not-converged]: the perceptron rule did not fit A in 4 epochs (2 errors in the last one), though a neuron can compute it',
    );
    expect(r.stderr).toContain('error[not-separable]: no single neuron can compute C');
  });

  it('nn train --json has an entry for every neuron, failed ones with their reasons', async () => {
    const dir = files({ 'f.nn': MIXED });
    const r = await nn(['train', join(dir, 'f.nn'), '--json']);
    expect(r.code).toBe(1);
    const entries = JSON.parse(r.stdout) as { name: string; trained: boolean; problems?: { code: string }[] }[];
    expect(entries.map((e) => [e.name, e.trained, e.problems?.map((x) => x.code)])).toEqual([
      ['A', false, ['not-converged']],
      ['B', true, undefined],
      ['C', false, ['not-separable']],
    ]);
  });

  it('nn table and nn test of a part that does not use them work', async () => {
    const dir = files({ 'f.nn': MIXED });
    const table = await nn(['table', join(dir, 'f.nn'), 'UsesB']);
    expect([table.code, table.stdout]).toEqual([0, 'a b | y\n0 0 | 0\n0 1 | 1\n1 0 | 1\n1 1 | 1\n']);
    const test = await nn(['test', join(dir, 'f.nn')]);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('PASS UsesB (2 rows)');
    const broken = await nn(['table', join(dir, 'f.nn'), 'C']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error[not-separable]');
  });

  it('--emit refuses to write a file with an untrained neuron in it', async () => {
    const dir = files({ 'f.nn': MIXED });
    const r = await nn(['train', join(dir, 'f.nn'), '--emit', join(dir, 'out.nn')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`nn train: not writing ${join(dir, 'out.nn')}: A, C could not be trained`);
  });
});

describe('the weights used are the weights learned', () => {
  // Rate 0.1 from a normal start: the learned doubles have long decimals.
  const SRC =
    'neuron N(a, b) {\n  train { 0 0 -> 0 ; 0 1 -> 0 ; 1 0 -> 0 ; 1 1 -> 1 }\n  rate: 0.1  init: normal  sigma: 0.3  seed: 11  // an AND gate\n}\n';

  it('shows the learned doubles, and rounded decimals only where they decide every row alike', async () => {
    const dir = files({ 'n.nn': SRC });
    const r = await nn(['train', join(dir, 'n.nn')]);
    expect(r.code, r.stderr).toBe(0);
    const learned = /learned +weights (\S+), (\S+) {2}bias (\S+)/.exec(r.stdout)!;
    const source = /as \.nn:\n +(.*)\n/.exec(r.stdout)![1]!;
    // The printed source, loaded on its own, gives the same table as the learned neuron.
    const copy = files({ 'copy.nn': source });
    const fromSource = await nn(['table', join(copy, 'copy.nn'), 'N']);
    const fromLearned = await nn(['table', join(dir, 'n.nn'), 'N']);
    expect(fromSource.stdout).toBe(fromLearned.stdout);
    // And the learned doubles themselves decide it.
    const [w1, w2, b] = [Number(learned[1]), Number(learned[2]), Number(learned[3])];
    const rows = fromLearned.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/[ |]+/).filter(Boolean).map(Number));
    for (const [x1, x2, y] of rows) expect(w1 * x1! + w2 * x2! + b >= 0 ? 1 : 0).toBe(y);
  });

  it('--emit keeps the comments written inside a trained neuron', async () => {
    const dir = files({ 'n.nn': SRC });
    const out = join(dir, 'out.nn');
    const r = await nn(['train', join(dir, 'n.nn'), '--emit', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^\/\/ an AND gate\nneuron N\(a, b\) \{ weights: .+ \}\n$/);
  });

  it('--integer on a partial table reproduces the learned neuron on every row, and says so', async () => {
    const dir = files({ 'p.nn': 'neuron P(a, b, c) {\n  train { 0 0 0 -> 0 ; 1 1 1 -> 1 ; 1 0 0 -> 1 }\n}\n' });
    const r = await nn(['train', join(dir, 'p.nn'), '--integer']);
    expect(r.code, r.stderr).toBe(0);
    const source = /as \.nn:\n +(.*)\n/.exec(r.stdout)![1]!;
    const copy = files({ 'copy.nn': source });
    expect((await nn(['table', join(copy, 'copy.nn'), 'P'])).stdout).toBe((await nn(['table', join(dir, 'p.nn'), 'P'])).stdout);
  });

  it('--integer on a neuron trained on a data set is refused with the reason', async () => {
    const r = await nn(['train', 'circuits/iris.nn', '--integer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('integer weights exist only for truth tables');
  });
});

describe('nn check reads data sets', () => {
  it('reports a missing data set, a misspelt column and labels that are not 0/1', async () => {
    const dir = files({
      'm.nn': 'neuron M(a) { train: "missing.csv"  label: "y" }\n',
      'c.nn': 'neuron C(a) { train: "d.csv"  label: "y" }\n',
      'd.csv': 'aa,y\n1,0\n',
      'l.nn': 'neuron L(a) { train: "e.csv"  label: "y" }\n',
      'e.csv': 'a,y\n1,2\n',
    });
    const codes = async (f: string) => {
      const r = await nn(['check', join(dir, f)]);
      return [r.code, [...r.stderr.matchAll(/error\[([a-z-]+)\]/g)].map((m) => m[1])];
    };
    expect(await codes('m.nn')).toEqual([1, ['dataset-unreadable']]);
    expect(await codes('c.nn')).toEqual([1, ['dataset-missing-column']]);
    expect(await codes('l.nn')).toEqual([1, ['dataset-bad-label']]);
  });
});
