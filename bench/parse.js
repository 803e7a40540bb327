// Parsing and checking a generated 20,000-statement file (one flat circuit, about 560 KB).
//
// The reference on these machines: an untuned ohm-js 17 grammar takes 3–4 s to match
// such a file. The baseline here is the same grammar matching the whole file in one go, as a
// parser without nn's chunking and statement-shape sharing would (see docs/performance.md).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import grammar from '../dist/grammar/nn.ohm-bundle.js';
import { parse } from '../dist/src/parse/parse.js';
import { checkFile } from '../dist/src/pipeline.js';
import { flatAdder } from './generate.js';
import { median, repeat, round, runNn } from './measure.js';

export default async function bench() {
  const source = flatAdder(20_000);
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const file = join(dir, 'wide.nn');
  writeFileSync(file, source);
  const statements = source.split('\n').filter((l) => l.includes('=')).length;

  const plainStart = performance.now();
  if (grammar.match(source).failed()) throw new Error('the generated file does not parse');
  const plain = performance.now() - plainStart;

  const parseMs = median(repeat(3, () => time(() => parse(source, file))));
  const checkMs = median(repeat(3, () => time(() => checkFile(file))));
  const whole = repeat(3, () => runNn(['check', file]));
  const size = `${round(source.length / 1024)} KB, ${statements.toLocaleString('en-US')} statements`;
  return [
    { name: 'parse: whole file in one Ohm match (baseline)', value: round(plain), unit: 'ms', note: size },
    { name: 'parse: nn parse', value: round(parseMs), unit: 'ms', note: `${round(plain / parseMs, 1)}× faster than the baseline` },
    { name: 'parse + check (in process)', value: round(checkMs), unit: 'ms', note: 'read, parse and check' },
    { name: 'nn check, whole process', value: round(median(whole.map((r) => r.ms))), unit: 'ms', note: `peak memory ${round(Math.max(...whole.map((r) => r.maxRssMb)))} MB` },
  ];
}

function time(f) {
  const start = performance.now();
  f();
  return performance.now() - start;
}
