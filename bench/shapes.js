// The parser on hostile shapes: megabytes in one token (a comment, a string, a name), in one
// list (a neuron's inputs, a call's arguments, a table's rows), or in many small pieces. Each
// is parsed in a fresh process, and its peak memory compared with that of a process that
// parsed a one-line file: goal, under 100 MB per MB of input for any shape.
//
// The baseline, in the same run: the same shapes matched whole by the grammar, as the parser
// did before for everything but circuit bodies, at a quarter of a megabyte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flatAdder } from './generate.js';
import { median, repeat, round } from './measure.js';

const dist = new URL('../dist/', import.meta.url).href;

/**
 * Runs `body` (an async function body, in an ES module) in a fresh Node process; its wall
 * time, CPU time and peak memory, as the child reads them when it is done.
 */
export function runChild(body) {
  const script = `${body}\nprocess.stderr.write('\\nNN_BENCH ' + JSON.stringify(process.resourceUsage()) + '\\n');`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  const usage = /NN_BENCH (.*)/.exec(child.stderr);
  if (child.status !== 0 || !usage) throw new Error(`bench child failed: ${child.stderr}`);
  const u = JSON.parse(usage[1]);
  const timed = /NN_TIMED (.*)/.exec(child.stderr);
  return { ms, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024, ...(timed && JSON.parse(timed[1])) };
}

/**
 * Parses `file` in a fresh process (with nn's parser, or with one grammar match): the time and
 * CPU time of the parse alone, and the process's peak memory.
 */
function parseIn(file, whole = false) {
  return runChild(`
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(${JSON.stringify(file)}, 'utf8');
    ${
      whole
        ? `const { default: grammar } = await import('${dist}grammar/nn.ohm-bundle.js');
         const run = () => grammar.match(source);`
        : `const { parse } = await import('${dist}src/parse/parse.js');
         const run = () => parse(source, 'f.nn');`
    }
    const t = performance.now();
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    process.stderr.write('\\nNN_TIMED ' + JSON.stringify({ parseMs: performance.now() - t, parseCpuMs: (used.user + used.system) / 1000 }) + '\\n');
  `);
}

const ROW = '0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 -> 0 1 0 1 0 1 0 1 1\n';

/** About `mb` megabytes of each shape. */
export const SHAPES = {
  'one block comment': (mb) => `/*${'x'.repeat(mb * 1e6)}*/\nneuron A(x) { weights: 1 }\n`,
  'one string': (mb) => `import "${'x'.repeat(mb * 1e6)}"\n`,
  'one name': (mb) => `neuron A${'x'.repeat(mb * 1e6)}(x) { weights: 1 }\n`,
  'test block rows': (mb) => `test A {\n${ROW.repeat(Math.round((mb * 1e6) / ROW.length))}}\n`,
  'one row of cells': (mb) => `test A {\n${'0 '.repeat(mb * 5e5)}-> 1\n}\n`,
  'a circuit on one line': (mb) => flatAdder(Math.round((mb * 1e6) / 30)).replace(/\)\n {2}/g, '); '),
  'a flat circuit': (mb) => flatAdder(Math.round((mb * 1e6) / 30)),
  'many small declarations': (mb) => {
    let s = '';
    for (let i = 0; s.length < mb * 1e6; i++) s += `neuron N${i}(x1, x2) { weights: ${(i % 7) - 3}, ${i % 5}  bias: -${i % 3} }\n`;
    return s;
  },
  'one neuron of 100,000s of inputs': (mb) => {
    const n = Math.round((mb * 1e6) / 12);
    return `neuron W(${Array.from({ length: n }, (_, i) => `x${i}`).join(', ')}) { weights: ${Array.from({ length: n }, (_, i) => (i % 2 ? '-1' : '1')).join(', ')} }\n`;
  },
  'one call of 1,000,000s of arguments': (mb) =>
    `circuit C(a) -> y { y = N(${Array(Math.round((mb * 1e6) / 3))
      .fill('a')
      .join(', ')}) }\n`,
  'rows, then a bad last row (an error)': (mb) => `test A {\n${ROW.repeat(Math.round((mb * 1e6) / ROW.length))}0 1 $ -> 0\n}\n`,
  'a comment never closed (an error)': (mb) => `neuron A(x) { weights: 1 }\n/*${'x'.repeat(mb * 1e6)}`,
};

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const write = (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const base = median(repeat(3, () => parseIn(write('tiny.nn', 'neuron A(x) { weights: 1 }\n')).maxRssMb));
  const rows = [];
  const MB = 5;
  for (const [shape, make] of Object.entries(SHAPES)) {
    const text = make(MB);
    const file = write('shape.nn', text);
    const runs = repeat(2, () => parseIn(file));
    const mb = text.length / 1e6;
    const peak = Math.max(...runs.map((r) => r.maxRssMb));
    rows.push({
      name: `parse: ${shape}, ${round(mb, 1)} MB`,
      value: round(median(runs.map((r) => r.parseMs))),
      unit: 'ms',
      note: `peak memory ${round(peak)} MB, ${round((peak - base) / mb)} MB per MB above a one-line file (${round(base)} MB); ${round(median(runs.map((r) => r.parseCpuMs)))} ms of CPU; fresh process`,
    });
  }
  // The baseline: one grammar match of the whole text.
  for (const shape of ['one block comment', 'one name', 'test block rows']) {
    const text = SHAPES[shape](0.25);
    const runs = repeat(1, () => parseIn(write('whole.nn', text), true));
    const mb = text.length / 1e6;
    rows.push({
      name: `baseline: ${shape}, ${round(mb, 2)} MB, matched whole`,
      value: round(runs[0].parseMs),
      unit: 'ms',
      note: `peak memory ${round(runs[0].maxRssMb)} MB, ${round((runs[0].maxRssMb - base) / mb)} MB per MB; ${round(runs[0].parseCpuMs)} ms of CPU: what the parser did before for all but circuit bodies`,
    });
  }
  return rows;
}
