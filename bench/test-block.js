// `nn test` on long test blocks: an adder's full truth table, whole process, read, parsed,
// checked, built and run. Goal: the 8-bit adder's 65,536 rows (3.6 MB) in under 2 s with
// under 300 MB of memory. Before tables were matched row by row, the 6-bit adder's 4,096 rows
// took 4.3 s and 582 MB, and 65,536 rows ran out of memory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adderTest } from './generate.js';
import { median, repeat, round, runNode } from './measure.js';
import { runChild } from './shapes.js';

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const rows = [];
  const node = median(repeat(5, runNode));
  for (const bits of [8, 6]) {
    const file = join(dir, `adder${bits}-test.nn`);
    const source = adderTest(bits);
    writeFileSync(file, source);
    const runs = repeat(bits === 8 ? 5 : 3, () =>
      runChild(`
      const { run } = await import(${JSON.stringify(new URL('../dist/src/cli/main.js', import.meta.url).href)});
      const { Writable } = await import('node:stream');
      let out = '';
      const sink = new Writable({ write(c, _e, done) { out += c; done(); } });
      const code = await run(['test', ${JSON.stringify(file)}], { stdout: sink, stderr: process.stderr, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
      if (code !== 0 || !out.includes('1 passed')) throw new Error(out);
    `),
    );
    const count = (4 ** bits).toLocaleString('en-US');
    rows.push({
      name: `nn test, ${count}-row test block (${bits}-bit adder), whole process`,
      value: round(median(runs.map((r) => r.ms))),
      unit: 'ms',
      note: `${round(source.length / 1e6, 1)} MB; peak memory ${round(Math.max(...runs.map((r) => r.maxRssMb)))} MB; ${round(median(runs.map((r) => r.cpuMs)))} ms of CPU; Node alone starts in ${round(node)} ms${bits === 8 ? '; goal under 2 s and 300 MB' : '; 4.3 s and 582 MB before'}`,
    });
  }
  return rows;
}
