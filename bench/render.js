// Rendering speed: DOT generation and DOT → SVG for a ~500-neuron ripple-carry adder.
// For comparison (issue 4): native Graphviz `dot` lays out a 500-node adder graph in about
// 0.23 s and the WebAssembly build takes about 0.40 s as a whole process; the goal is to stay
// within 1.5x of native. The first call in a process pays for loading the WebAssembly and for
// V8 compiling it in tiers (the first big layout runs on baseline code); later calls reuse both.
import { spawnSync } from 'node:child_process';
import { toDot } from '../dist/src/render/dot.js';
import { renderSvg } from '../dist/src/render/graphviz.js';
import { median, repeat, round, runNode } from './measure.js';

const BITS = 56; // 9 neurons per full adder: 504 neurons
const RUNS = 5;

export default async function bench() {
  const netlist = rippleAdder(BITS);
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
    await renderSvg(toDot(rippleAdder(${BITS})));
  })().catch((err) => { console.error(err); process.exitCode = 1; });`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`render in a fresh process failed: ${child.stderr}`);
  return ms;
}

/**
 * A netlist as the elaborator would build it for an n-bit ripple-carry adder made of
 * FullAdder → HalfAdder → XOR instances, so the diagram has three levels of clusters.
 */
export function rippleAdder(bits) {
  const neurons = [];
  const neuron = (name, scopes, part, weights, bias, inputs) => {
    const layer = 1 + Math.max(0, ...inputs.map((s) => (s.kind === 'neuron' ? neurons[s.index].layer : 0)));
    // Netlists hold exact weights (numerators over denominators).
    const exact = (x) => ({ num: BigInt(x), den: 1n });
    neurons.push({ name, scopes, part, weights: weights.map(exact), bias: exact(bias), inputs, layer });
    return { kind: 'neuron', index: neurons.length - 1 };
  };
  // Names as the elaborator gives them: a single-output instance's output neuron is named
  // after the instance (`sum`, not `sum.y`); destructured instances are `Part#k`.
  const xor = (path, scopes, a, b) => {
    const h1 = neuron(`${path}.h1`, scopes, 'OR', [1, 1], -1, [a, b]);
    const h2 = neuron(`${path}.h2`, scopes, 'NAND', [-1, -1], 1, [a, b]);
    return neuron(path, scopes, 'AND', [1, 1], -2, [h1, h2]);
  };
  const halfAdder = (path, scopes, a, b) => {
    const sum = xor(`${path}.sum`, [...scopes, { label: 'sum', part: 'XOR' }], a, b);
    const carry = neuron(`${path}.carry`, scopes, 'AND', [1, 1], -2, [a, b]);
    return [sum, carry];
  };
  const fullAdder = (path, scopes, a, b, cin) => {
    const [s1, c1] = halfAdder(`${path}.HalfAdder#1`, [...scopes, { label: 'HalfAdder#1', part: 'HalfAdder' }], a, b);
    const [sum, c2] = halfAdder(`${path}.HalfAdder#2`, [...scopes, { label: 'HalfAdder#2', part: 'HalfAdder' }], s1, cin);
    const cout = neuron(`${path}.cout`, scopes, 'OR', [1, 1], -1, [c1, c2]);
    return [sum, cout];
  };

  const inputs = [];
  for (let i = 0; i < bits; i++) inputs.push(`a${i}`, `b${i}`);
  inputs.push('cin');
  const outputs = [];
  let carry = { kind: 'input', index: 2 * bits };
  for (let i = 0; i < bits; i++) {
    const label = `FullAdder#${i + 1}`;
    const a = { kind: 'input', index: 2 * i };
    const b = { kind: 'input', index: 2 * i + 1 };
    const [sum, cout] = fullAdder(label, [{ label, part: 'FullAdder' }], a, b, carry);
    outputs.push({ name: `s${i}`, source: sum });
    carry = cout;
  }
  outputs.push({ name: 'cout', source: carry });
  const depth = Math.max(0, ...neurons.map((n) => n.layer));
  return { name: `Adder${bits}`, inputs, outputs, neurons, depth };
}
