// Parsing and checking a generated 20,000-statement file (one flat circuit, about 600 KB).
//
// The reference on these machines: an untuned ohm-js 17 grammar takes 3–4 s to match
// such a file. The baseline here is nn's own grammar matching the whole file in one go, as a
// parser without nn's chunking and shape sharing would (see docs/performance.md). Every nn
// number is from a fresh process: nn's shape cache lives in the process, and a second parse of
// the same file in one process would be flattered by it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flatAdder } from './generate.js';
import { median, repeat, round, runNn } from './measure.js';

/** In a fresh process: parse and check `file` once, timing each step. */
function coldParseAndCheck(file, plain) {
  const dist = new URL('../dist/', import.meta.url).href;
  const script = `(async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(${JSON.stringify(file)}, 'utf8');
    let t = performance.now();
    if (${plain}) {
      const { default: grammar } = await import('${dist}grammar/nn.ohm-bundle.js');
      t = performance.now();
      if (grammar.match(source).failed()) throw new Error('no match');
      console.log(JSON.stringify({ plain: performance.now() - t }));
      return;
    }
    const { parse } = await import('${dist}src/parse/parse.js');
    const { check } = await import('${dist}src/check/check.js');
    t = performance.now();
    const parsed = parse(source, 'wide.nn');
    const parseMs = performance.now() - t;
    const file = { path: 'wide.nn', source, ast: parsed.value };
    t = performance.now();
    const checked = check({ files: [file], entry: file });
    if (!checked.ok) throw new Error('check failed');
    console.log(JSON.stringify({ parse: parseMs, check: performance.now() - t }));
  })()`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

export default async function bench() {
  const source = flatAdder(20_000);
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const file = join(dir, 'wide.nn');
  writeFileSync(file, source);
  const statements = source.split('\n').filter((l) => l.includes('=')).length;

  const plain = median(repeat(3, () => coldParseAndCheck(file, true).plain));
  const runs = repeat(5, () => coldParseAndCheck(file, false));
  const parseMs = median(runs.map((r) => r.parse));
  const checkMs = median(runs.map((r) => r.check));
  const whole = repeat(5, () => runNn(['check', file]));
  // The other shape a big file takes: many small declarations rather than one big circuit.
  let declarations = '';
  for (let i = 0; i < 20_000; i++) declarations += `neuron N${i}(x1, x2) { weights: ${(i % 7) - 3}, ${i % 5}  bias: -${i % 3} }\n`;
  const many = join(dir, 'many.nn');
  writeFileSync(many, declarations);
  const manyWhole = repeat(3, () => runNn(['check', many]));
  const size = `${round(source.length / 1024)} KB, ${statements.toLocaleString('en-US')} statements, ${2 * Math.ceil(20_000 / 9)} inputs`;
  return [
    { name: 'parse: the whole file in one Ohm match (baseline)', value: round(plain), unit: 'ms', note: size },
    {
      name: 'parse: nn parse',
      value: round(parseMs),
      unit: 'ms',
      note: `${round(plain / parseMs, 1)}× faster than the baseline; fresh process`,
    },
    { name: 'check', value: round(checkMs), unit: 'ms', note: 'after that parse' },
    {
      name: 'nn check, whole process',
      value: round(median(whole.map((r) => r.ms))),
      unit: 'ms',
      note: `read, parse, check, start-up included; peak memory ${round(Math.max(...whole.map((r) => r.maxRssMb)))} MB`,
    },
    {
      name: 'nn check, 20,000 neuron declarations, whole process',
      value: round(median(manyWhole.map((r) => r.ms))),
      unit: 'ms',
      note: `${round(declarations.length / 1024)} KB; peak memory ${round(Math.max(...manyWhole.map((r) => r.maxRssMb)))} MB`,
    },
  ];
}
