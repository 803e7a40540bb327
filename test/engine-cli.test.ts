// Sweeps over worker threads against one thread, and `nn table --count` and `--jobs`, in-process
// through the built CLI (worker threads load the built modules, so these run on dist/, which
// `npm test` builds first).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { adder, arrayMultiplier, columnMultiplier, majorityAdder } from '../bench/circuits.js';
import { scratchDirs } from './helpers.js';

const tempDir = scratchDirs('nn-engine-');

const { run } = (await import(new URL('../dist/src/cli/main.js', import.meta.url).href)) as typeof import('../src/cli/main.js');

async function nn(args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(Buffer.from(chunk));
        done();
      },
    });
  const code = await run(args, { stdout: sink(out), stderr: sink(err), env: { NO_COLOR: '1' }, stdoutIsTTY: false, stderrIsTTY: false });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
}

const dir = tempDir();
const adder7 = join(dir, 'adder7.nn');
writeFileSync(adder7, adder(7));

const { parallelSweeper, sweepWorkerStats } = (await import(
  new URL('../dist/src/cli/parallel.js', import.meta.url).href
)) as typeof import('../src/cli/parallel.js');
const { singleThread } = (await import(
  new URL('../dist/src/evaluate/sweeper.js', import.meta.url).href
)) as typeof import('../src/evaluate/sweeper.js');
const { tableShape } = (await import(
  new URL('../dist/src/evaluate/table-format.js', import.meta.url).href
)) as typeof import('../src/evaluate/table-format.js');
const { compileSource } = await import('./helpers.js');

describe('sweeps over worker threads', () => {
  // Small chunks, so that a small table makes many, handed out to the workers in turn. Two
  // workers take turns as well as more would, and each costs a thread's start-up (its own
  // heap, the modules loaded again).
  const sweeper = parallelSweeper(2, { minRows: 0, minTableRows: 0, minTableBytes: 0, chunkRows: 2048, chunkBytes: 3000 });
  const { circuit } = compileSource(adder(6), 'Adder6');

  it('write tables byte for byte as one thread does', async () => {
    for (const format of ['json', 'test'] as const) {
      const shape = tableShape(circuit, { format, hidden: format !== 'test' });
      const bytes = async (s: typeof singleThread) => {
        const chunks: Buffer[] = [];
        await s.table(circuit, shape, (c) => {
          chunks.push(Buffer.from(c));
        });
        return Buffer.concat(chunks);
      };
      const one = await bytes(singleThread);
      expect(one.length).toBeGreaterThan(4096 * 20);
      expect((await bytes(sweeper)).equals(one), format).toBe(true);
    }
  });

  it('count and find the first failing row as one thread does', async () => {
    const all = { from: 0, to: 4096 };
    const one = await singleThread.count(circuit, all);
    const many = await sweeper.count(circuit, all);
    // The threads of one sweep wait for the next: the searches below start none.
    const started = sweepWorkerStats.started;
    expect(Array.from(many.ones)).toEqual(Array.from(one.ones));
    expect(Array.from(many.combinations!)).toEqual(Array.from(one.combinations!));
    // cout is 0 on row 2048 (a = 32, b = 0), the first of that range.
    const cout = circuit.outputSignals[0]!;
    const want = await singleThread.firstZero(circuit, cout, { from: 2048, to: 4096 });
    expect(want).toEqual({ row: 2048, stopped: false });
    expect(await sweeper.firstZero(circuit, cout, { from: 2048, to: 4096 })).toEqual(want);
    expect(await sweeper.firstZero(circuit, 1, all)).toEqual({ stopped: false });
    expect(sweepWorkerStats.started).toBe(started);
  });
});

const { threadSat, satWorkerStats } = (await import(
  new URL('../dist/src/cli/sat-thread.js', import.meta.url).href
)) as typeof import('../src/cli/sat-thread.js');
const { proveEquivalent } = (await import(
  new URL('../dist/src/verify/prove.js', import.meta.url).href
)) as typeof import('../src/verify/prove.js');

describe('SAT in a worker thread', () => {
  it('proves, finds counterexamples, and stops at the time limit with "undecided"', async () => {
    const started = satWorkerStats.started;
    const a = compileSource(adder(8), 'Adder8').netlist;
    expect(await proveEquivalent(a, compileSource(majorityAdder(8), 'MajAdder8').netlist, { method: 'sat', sat: threadSat })).toMatchObject(
      { status: 'proved', method: 'sat' },
    );
    const broken = compileSource(majorityAdder(8, { name: 'Broken8', brokenBit: 3 }), 'Broken8').netlist;
    expect(await proveEquivalent(a, broken, { method: 'sat', sat: threadSat })).toMatchObject({ status: 'failed' });
    // The second proof went to the worker the first one left waiting: the solver loaded once.
    expect(satWorkerStats.started - started).toBeLessThanOrEqual(1);
    // Two 8-bit multipliers: seconds for the solver, so 100 ms runs out.
    const start = Date.now();
    const v = await proveEquivalent(
      compileSource(arrayMultiplier(8), 'ArrayMul8').netlist,
      compileSource(columnMultiplier(8), 'ColumnMul8').netlist,
      { method: 'sat', sat: threadSat, timeout: 100 },
    );
    expect(v).toMatchObject({ status: 'undecided', method: 'sat' });
    expect((v as { reason: string }).reason).toMatch(/time limit of \d+ ms ran out/);
    expect(Date.now() - start).toBeLessThan(5000);
    // The solver stopped itself at the limit: the same worker gives the next proof its answer.
    const before = satWorkerStats.started;
    expect(await proveEquivalent(a, broken, { method: 'sat', sat: threadSat })).toMatchObject({ status: 'failed' });
    expect(satWorkerStats.started).toBe(before);
  });
});

// These tables are far below the sizes where nn table starts threads (2^18 rows and 32 MB of
// text, 2^25 rows for counts): they check --jobs, --count and the rows themselves on one
// thread. The threads are compared with one thread in "sweeps over worker threads" above.
describe('nn table --jobs and --count', () => {
  it('writes every row as CSV, a + b on each, the same with --jobs 1 and --jobs 2', async () => {
    const one = await nn(['table', adder7, 'Adder7', '--format', 'csv', '--jobs', '1']);
    const two = await nn(['table', adder7, 'Adder7', '--format', 'csv', '--jobs', '2']);
    expect(one.code).toBe(0);
    expect(two.stdout.equals(one.stdout)).toBe(true);
    const lines = one.stdout.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(2 ** 14 + 1);
    // Row r is a = r >> 7, b = r & 127, and the outputs are a + b.
    for (const r of [0, 1, 127, 128, 12345, 2 ** 14 - 1]) {
      const cells = lines[r + 1]!.split(',').map(Number);
      expect(parseInt(cells.slice(14).join(''), 2)).toBe((r >> 7) + (r & 127));
    }
  });

  it('counts every row: the same with any number of jobs, and as arithmetic says', async () => {
    const one = await nn(['table', adder7, 'Adder7', '--count', '--format', 'json', '--jobs', '2']);
    const counts = JSON.parse(one.stdout.toString());
    expect(counts.rows).toBe(2 ** 14);
    // a + b = s on min(s, 254 - s) + 1 rows.
    for (const c of counts.combinations)
      expect(c.rows).toBe(Math.min(parseInt(c.values.join(''), 2), 254 - parseInt(c.values.join(''), 2)) + 1);
    expect(counts.combinations).toHaveLength(255);
    const text = await nn(['table', adder7, 'Adder7', '--count']);
    expect(text.stdout.toString().split('\n').slice(0, 3)).toEqual([
      'Adder7: 16,384 rows, every one evaluated',
      'output  rows = 1  rows = 0',
      'cout       8,128     8,256',
    ]);
  });

  it('refuses what --count cannot do, and tables past the limit', async () => {
    expect((await nn(['table', adder7, '--count', '--format', 'csv'])).stderr).toContain('with --count, --format must be text or json');
    expect((await nn(['table', adder7, '--count', '--hidden'])).code).toBe(2);
    expect((await nn(['table', adder7, '--jobs', '0'])).stderr).toContain('--jobs must be at least 1');
    const big = await nn(['table', adder7, 'Adder7', '--count', '--max-rows', '1000']);
    // Past --max-rows is a mistake on the command line.
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('error[table-too-large]');
  });
});
