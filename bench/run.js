// `npm run bench`: every benchmark, printed as a table and written to docs/benchmarks.md.
// Speeds are compared with baselines measured in the same run, not with fixed numbers.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const only = process.argv[2];
// How busy the machine was: whole-process times on a shared machine move with it.
const load = loadavg()[0];

/** 1,234 for big numbers, 12.3 for small ones. */
function show(value) {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Math.round(value * 10) / 10);
}
// Each suite's module is loaded only when it runs: `node bench/run.js shapes` needs only its own.
const suites = ['startup', 'table', 'engine', 'parse', 'buses', 'shapes', 'test-block', 'train', 'render', 'synth', 'layers', 'sim'];
const rows = [];
for (const name of suites) {
  if (only && only !== name) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const { default: bench } = await import(`./${name}.js`);
  for (const r of await bench()) {
    rows.push(r);
    process.stdout.write(`${r.name}: ${show(r.value)} ${r.unit}${r.note ? `  (${r.note})` : ''}\n`);
  }
}

if (!only) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; ${machine}; load average ${load.toFixed(1)} at the start.`,
    "Times are medians of a few runs; whole-process times include Node's start-up. On a shared",
    'machine they move by ±30% between runs: compare the ratios, which are measured in the same run.',
    'What each number means and what was done to reach it: [performance.md](performance.md).',
    '',
    '| benchmark | result | notes |',
    '|---|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${show(r.value)} ${r.unit} | ${r.note ?? ''} |`),
    '',
  ];
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), lines.join('\n'));
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
}
