// The bit-parallel engine, counts, tables over worker threads, and proofs.
//
// Goals (issue "Prove it for every input"), on the 12-bit ripple-carry neuron adder (24 inputs,
// 103 neurons, 16,777,216 rows), whole process: every row evaluated (`--count`) in at most half
// the time of a Verilator 5 -O3 build of the same neuron netlist, CSV of every row to /dev/null
// in at most Verilator's time, memory under 150 MB whatever the row count. Verilator is not
// needed here: its figures, and how they were measured, are in docs/performance.md. The
// baseline in this run is nn's own row engine, evaluating the same rows in the same process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, build } from '../dist/src/pipeline.js';
import { countRows } from '../dist/src/evaluate/count.js';
import { rowEngine } from '../dist/src/evaluate/row-engine.js';
import { bitEngine } from '../dist/src/evaluate/engines.js';
import { proveEquivalent } from '../dist/src/verify/prove.js';
import { parallelSweeper, defaultJobs } from '../dist/src/cli/parallel.js';
import { threadSat } from '../dist/src/cli/sat-thread.js';
import { adder, majorityAdder, arrayMultiplier, columnMultiplier } from './circuits.js';
import { median, repeat, round, runNn } from './measure.js';

async function built(file, name) {
  const loaded = load(file);
  if (!loaded.ok) throw new Error(`cannot load ${file}`);
  return (await build(loaded.value.model, name)).value;
}

function time(f) {
  const start = performance.now();
  const value = f();
  return { ms: performance.now() - start, value };
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const file = (name, text) => {
    const path = join(dir, `${name}.nn`);
    writeFileSync(path, text);
    return path;
  };
  const adder12 = file('adder12', adder(12));
  const adder14 = file('adder14', adder(14));
  const adder8 = file('adder8', adder(8));
  const { circuit } = await built(adder12, 'Adder12');
  const all = { from: 0, to: 2 ** 24 };
  const ones = (c) => c.ones.reduce((a, b) => a + b, 0);

  // Evaluation alone, one thread, in this process: the row engine is the baseline.
  const row = time(() => countRows(rowEngine(circuit), all));
  const bit = repeat(3, () => time(() => countRows(bitEngine(circuit, { keep: Array.from(circuit.outputSignals) }), all)));
  if (ones(row.value) !== ones(bit[0].value)) throw new Error('the engines disagree');
  const bitMs = median(bit.map((b) => b.ms));

  const jobs = defaultJobs();
  const count = repeat(3, () => runNn(['table', adder12, 'Adder12', '--count']));
  const count1 = repeat(3, () => runNn(['table', adder12, 'Adder12', '--count', '--jobs', '1']));
  const csv = repeat(3, () => runNn(['table', adder12, 'Adder12', '--format', 'csv', '--max-rows', String(2 ** 24)]));
  const csv1 = repeat(3, () => runNn(['table', adder12, 'Adder12', '--format', 'csv', '--max-rows', String(2 ** 24), '--jobs', '1']));
  const count14 = repeat(1, () => runNn(['table', adder14, 'Adder14', '--count']));
  const csv8 = repeat(3, () => runNn(['table', adder8, 'Adder8', '--format', 'csv']));
  const ms = (runs) => round(median(runs.map((r) => r.ms)));
  const mb = (runs) => round(Math.max(...runs.map((r) => r.maxRssMb)));

  // Proofs, in this process, over worker threads as the CLI runs them.
  const options = { sweeper: parallelSweeper(jobs), sat: threadSat };
  const pair = async (a, an, b, bn) => [(await built(file(an, a), an)).netlist, (await built(file(bn, b), bn)).netlist];
  const [a16, b16] = await pair(adder(16), 'Adder16', majorityAdder(16), 'MajAdder16');
  const [a32, b32] = await pair(adder(32), 'Adder32', majorityAdder(32), 'MajAdder32');
  const [m8a, m8b] = await pair(arrayMultiplier(8), 'ArrayMul8', columnMultiplier(8), 'ColumnMul8');
  const proof = async (a, b, method) => {
    const v = await proveEquivalent(a, b, { ...options, method });
    if (v.status !== 'proved') throw new Error(`${a.name} = ${b.name} by ${method}: ${v.status}`);
    return v.ms;
  };
  const sat16 = median([await proof(a16, b16, 'sat'), await proof(a16, b16, 'sat'), await proof(a16, b16, 'sat')]);
  const sat32 = median([await proof(a32, b32, 'sat'), await proof(a32, b32, 'sat'), await proof(a32, b32, 'sat')]);
  const every16 = await proof(a16, b16, 'exhaustive');
  const mul8 = median([await proof(m8a, m8b, 'exhaustive'), await proof(m8a, m8b, 'exhaustive'), await proof(m8a, m8b, 'exhaustive')]);

  // nn verify as a user runs it, whole process: the asserts of circuits/ and the multipliers.
  const verify = (args) => runNn(['verify', ...args]);
  const assert16 = repeat(3, () => verify(['circuits/ripple-adder.nn', 'Add16']));
  const assert32 = repeat(3, () => verify(['circuits/ripple-adder.nn', 'RippleAdder<32>']));
  const multipliers = ['circuits/multipliers.nn', 'ArrayMultiplier<8>', '--equals', 'CarrySaveMultiplier<8>'];
  const mulEvery = repeat(3, () => verify(multipliers));
  const mulSat = repeat(1, () => verify([...multipliers, '--method', 'sat']));

  const what = '12-bit adder, 16,777,216 rows';
  return [
    {
      name: 'engine: 12-bit adder, evaluation only, bit-parallel, one thread',
      value: round(bitMs),
      unit: 'ms',
      note: `${what}; ${round(row.ms / bitMs, 1)}× faster than the row engine in the same run (${round(row.ms)} ms)`,
    },
    {
      name: 'engine: 12-bit adder, --count, whole process',
      value: ms(count),
      unit: 'ms',
      note: `default --jobs (${jobs}; workers start from 2^25 rows, so this is one thread); peak memory ${mb(count)} MB; --jobs 1: ${ms(count1)} ms`,
    },
    {
      name: 'engine: 12-bit adder, CSV to /dev/null, whole process',
      value: ms(csv),
      unit: 'ms',
      note: `${jobs} worker threads, 1.24 GB of CSV; peak memory ${mb(csv)} MB; --jobs 1: ${ms(csv1)} ms, ${mb(csv1)} MB`,
    },
    {
      name: 'engine: 14-bit adder, --count, whole process',
      value: ms(count14),
      unit: 'ms',
      note: `268,435,456 rows, ${jobs} worker threads; peak memory ${mb(count14)} MB (flat: the 8-bit adder's CSV takes ${mb(csv8)} MB)`,
    },
    {
      name: 'verify: 16-bit adders equal, by SAT',
      value: round(sat16),
      unit: 'ms',
      note: 'ripple-carry of XOR full adders vs. threshold full adders, 32 inputs',
    },
    {
      name: 'verify: 16-bit adders equal, every row',
      value: round(every16),
      unit: 'ms',
      note: `4,294,967,296 rows over ${jobs} worker threads`,
    },
    { name: 'verify: 32-bit adders equal, by SAT', value: round(sat32), unit: 'ms', note: '64 inputs' },
    {
      name: 'nn verify: 16-bit adder assert, whole process',
      value: ms(assert16),
      unit: 'ms',
      note: `s + 65536 * c == x + y on all 4,294,967,296 inputs, every row over ${jobs} worker threads; goal under 30 s; peak memory ${mb(assert16)} MB`,
    },
    {
      name: 'nn verify: 32-bit adder assert, whole process',
      value: ms(assert32),
      unit: 'ms',
      note: 's + (cout << 32) == a + b on all 2^64 inputs, by SAT; goal under 10 s',
    },
    {
      name: 'nn verify: 8-bit multipliers equivalent, whole process',
      value: ms(mulEvery),
      unit: 'ms',
      note: `circuits/multipliers.nn, array vs. carry-save, 65,536 rows every one evaluated; by SAT (--method sat): ${ms(mulSat)} ms`,
    },
    {
      name: 'verify: 8-bit multipliers equal, every row',
      value: round(mul8),
      unit: 'ms',
      note: 'array multiplier vs. column-compressing threshold multiplier, 65,536 rows (by SAT: see performance.md)',
    },
  ];
}
