// `nn synth`, run in-process through run(argv, io): what a user sees on stdout and stderr, the
// exit code, and the files written (only into a temporary directory).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nnInProcess } from './run-in-process.js';

const nn = (args: readonly string[], tty = false) => nnInProcess(args, {}, tty);

const dir = mkdtempSync(join(tmpdir(), 'nn-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const HANG_GUARD = { timeout: 120_000 };

describe('nn synth', HANG_GUARD, () => {
  it("writes XOR's minimum network to stdout and says on stderr why it is the minimum", async () => {
    const r = await nn(['synth', 'circuits/xor.nn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('neuron XOR_y(x1, x2, h1) { weights: 1, 1, -2  bias: -1 }');
    expect(r.stderr).toContain('note: synthesising XOR from what it computes');
    expect(r.stderr).toContain('XOR: 2 neurons, depth 2, exact: no network of fewer neurons computes it (proven)');
    expect(r.stderr).toContain('no single neuron computes y');
  });

  it('nn synth f.pla -o out.nn: a file that nn test passes', async () => {
    const pla = file('adder.pla', '.i 3\n.o 2\n.ilb a b cin\n.ob sum cout\n001 10\n010 10\n100 10\n111 11\n011 01\n101 01\n110 01\n.e\n');
    const out = join(dir, 'adder.nn');
    const r = await nn(['synth', pla, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('adder: 2 neurons, depth 2, exact');
    expect(r.stderr).toContain(`note: wrote ${out}`);
    const test = await nn(['test', out]);
    expect([test.code, test.stdout]).toEqual([0, expect.stringContaining('PASS adder (8 rows)')]);
  });

  it('reads CSV with --outputs and builds layered networks', async () => {
    const csv = file('xor.csv', 'y,a,b\n0,0,0\n1,0,1\n1,1,0\n0,1,1\n');
    const r = await nn(['synth', csv, 'Xor', '--outputs', 'y', '--layered']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('circuit Xor(a, b) -> y {');
    expect(r.stderr).toContain('Xor: 3 neurons, depth 2, exact: no layered network of fewer neurons computes it (proven)');
  });

  it('reports a bad table with its place and a caret, and exits 1 without writing anything', async () => {
    const pla = file('bad.pla', '.i 2\n.o 1\n0x 1\n');
    const out = join(dir, 'bad.nn');
    const r = await nn(['synth', pla, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pla}:3:2: error[pla-cube]: input 2 of a product term must be 0, 1 or -, not "x"`);
    expect(r.stderr).toContain(' 3 | 0x 1\n   |  ^');
    expect(existsSync(out)).toBe(false);
  });

  it('never writes over its input', async () => {
    const csv = file('keep.csv', 'a,y\n0,1\n1,0\n');
    const r = await nn(['synth', csv, '-o', csv]);
    // A refused output is a mistake on the command line.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to write');
    expect(readFileSync(csv, 'utf8')).toBe('a,y\n0,1\n1,0\n');
  });

  it('synthesises from test blocks with --tests, and constructively beyond the exact range', async () => {
    const nnFile = file('t.nn', 'circuit Id(a, b) -> y { y = a }\ntest Id { a b -> y ; 0 1 -> 1 ; 1 0 -> 0 }\n');
    const r = await nn(['synth', nnFile, '--tests']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('synthesising Id from its test blocks (2 rows)');
    expect(r.stdout).toContain('  y = b\n'); // b passed through fits both rows: no neuron at all
    const rows = [
      'x1,x2,x3,x4,x5,x6,y',
      ...Array.from({ length: 64 }, (_, r) => `${r.toString(2).padStart(6, '0').split('').join(',')},${r % 3 === 0 ? 1 : 0}`),
    ];
    const wide = await nn(['synth', file('wide.csv', rows.join('\n') + '\n')]);
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stderr).toMatch(
      /wide: \d+ neurons, depth 2, constructive \(never more than \d+ neurons for this table\); not proven minimal/,
    );
  });

  it('shows progress on a terminal only', async () => {
    const parity = file('p2.csv', 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const piped = await nn(['synth', parity]);
    expect(piped.stderr).not.toContain('\x1b[K');
    const tty = await nn(['synth', parity], true);
    expect(tty.stderr).toContain('\r\x1b[Ksynthesising: trying');
    expect(tty.stdout).toBe(piped.stdout);
  });

  it('refuses command-line mistakes with exit code 2', async () => {
    for (const args of [
      ['synth', 'circuits/xor.nn', '--exact', '--constructive'],
      ['synth', 'notes.txt'],
      ['synth', 'circuits/xor.nn', '--outputs', 'y'],
      ['synth', 'circuits/xor.nn', '--max-depth', '0'],
      ['synth', 'circuits/xor.nn', 'XRO'],
    ]) {
      const r = await nn(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
    }
    const help = await nn(['synth', '--help']);
    expect(help.stdout).toContain('Usage: nn synth FILE [NAME]');
  });
});

describe('the README shows real output', HANG_GUARD, () => {
  it('nn synth circuits/xor.nn', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const r = await nn(['synth', 'circuits/xor.nn']);
    const notes = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('note: '))
      .join('\n');
    const summary = r.stderr
      .split('\n')
      .filter((l) => !l.startsWith('note: '))
      .join('\n')
      .trimEnd();
    expect(readme).toContain(`$ npx nn synth circuits/xor.nn\n${notes}\n${r.stdout}${summary}\n`);
  });

  it('refuses a table that specifies nothing', async () => {
    const r = await nn(['synth', file('empty.csv', 'a,b,y\n')]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('error[synth-empty]')]);
  });
});
