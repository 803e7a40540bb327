// Rendering speed: DOT generation and DOT → SVG for a ~500-neuron ripple-carry adder.
// For comparison (issue 4): native Graphviz `dot` lays out a 500-node adder graph in about
// 0.23 s and the WebAssembly build takes about 0.40 s as a whole process; the goal is to stay
// within 1.5x of native. The first call in a process pays for loading the WebAssembly and for
// V8 compiling it in tiers (the first big layout runs on baseline code); later calls reuse both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toDot } from '../dist/src/render/dot.js';
import { renderSvg } from '../dist/src/render/graphviz.js';
import { median, repeat, round, runNode } from './measure.js';

const BITS = 56; // 9 neurons per full adder: 504 neurons
const RUNS = 5;

export default async function bench() {
  const netlist = await rippleAdder(BITS);
  const what = `${netlist.neurons.length} neurons, ${BITS}-bit ripple-carry adder with clusters`;
  const dotMs = median(repeat(RUNS, () => time(() => toDot(netlist))));
  const dot = toDot(netlist);

  const wholeMs = median(repeat(3, () => wholeProcessMs()));
  const node = median(repeat(3, () => runNode()));

  const firstStart = performance.now();
  await renderSvg(dot);
  const firstMs = performance.now() - firstStart;
  const warm = [];
  let svg = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    svg = await renderSvg(dot);
    warm.push(performance.now() - start);
  }
  const warmMs = median(warm);

  return [
    { name: 'render: DOT generation', value: round(dotMs, 1), unit: 'ms', note: `${what}; ${dot.length} bytes of DOT` },
    {
      name: 'render: SVG, first call in a process',
      value: round(firstMs),
      unit: 'ms',
      note: 'loads the WebAssembly Graphviz (~0.1 s) and lays out on not-yet-optimised code',
    },
    {
      name: 'render: SVG, warm call',
      value: round(warmMs),
      unit: 'ms',
      note: `median of ${RUNS}; ${svg.length} bytes of SVG; native dot ≈ 230 ms (goal ≤ 345 ms)`,
    },
    {
      name: 'render: whole process (DOT + SVG)',
      value: round(wholeMs),
      unit: 'ms',
      note: `Node start-up alone ${round(node)} ms; graphviz-cli whole-process ≈ 400 ms`,
    },
  ];
}

function time(f) {
  const start = performance.now();
  f();
  return performance.now() - start;
}

/**
 * A fresh Node that builds the netlist, writes its DOT and renders it once: what `nn render`
 * does. Plain `-e`, not `--input-type=module`: Graphviz's worker thread inherits the flags,
 * and that one makes it fail to start.
 */
function wholeProcessMs() {
  const url = (file) => JSON.stringify(new URL(file, import.meta.url).href);
  const script = `(async () => {
    const { rippleAdder } = await import(${url('./render.js')});
    const { toDot } = await import(${url('../dist/src/render/dot.js')});
    const { renderSvg } = await import(${url('../dist/src/render/graphviz.js')});
    await renderSvg(toDot(await rippleAdder(${BITS})));
  })().catch((err) => { console.error(err); process.exitCode = 1; });`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`render in a fresh process failed: ${child.stderr}`);
  return ms;
}

/**
 * The netlist of an n-bit ripple-carry adder of circuits/full-adder.nn (FullAdder →
 * HalfAdder → XOR instances, so the diagram has three levels of clusters), elaborated from
 * source as `nn render` does.
 */
export async function rippleAdder(bits) {
  const { buildNetlist, load } = await import('../dist/src/index.js');
  const inputs = Array.from({ length: bits }, (_, i) => `a${i}, b${i}`).join(', ');
  const sums = Array.from({ length: bits }, (_, i) => `s${i}`).join(', ');
  const body = Array.from({ length: bits }, (_, i) => {
    const carryIn = i === 0 ? 'cin' : `c${i - 1}`;
    return `  (s${i}, ${i === bits - 1 ? 'cout' : `c${i}`}) = FullAdder(a${i}, b${i}, ${carryIn})`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-render-'));
  try {
    const file = join(dir, 'adder.nn');
    const fullAdder = new URL('../circuits/full-adder.nn', import.meta.url).pathname;
    writeFileSync(
      file,
      `import ${JSON.stringify(fullAdder)}\ncircuit Adder${bits}(${inputs}, cin) -> (${sums}, cout) {\n${body.join('\n')}\n}\n`,
    );
    const loaded = load(file);
    if (!loaded.ok) throw new Error(`bench: the adder does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    const built = await buildNetlist(loaded.value.model, `Adder${bits}`);
    if (!built.ok) throw new Error('bench: the adder does not build');
    return built.value.netlist;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
