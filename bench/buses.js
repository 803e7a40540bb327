// Buses, loops and widths at scale (issue "Words of bits"): a generated 1 MB file of circuits
// with loops and buses parsed and checked, and large instances elaborated: RippleAdder<64>
// and 32×32 multipliers (circuits/multipliers.nn), each from a fresh process's point of view
// (the first build in the process). Goals: the 1 MB file under 1 s, each elaboration well
// under 1 s. The baseline in the same run: the 4-bit adder, loaded and built the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { median, repeat, round } from './measure.js';

/** A file of `count` distinct circuits with width parameters, loops, slices and concatenation. */
export function loopsFile(bytes) {
  const parts = [
    'neuron AND(a, b) { weights: 1, 1  bias: -2 }',
    'neuron OR(a, b) { weights: 1, 1  bias: -1 }',
    'neuron XOR3(a, b, h) { weights: 1, 1, -2  bias: -1 }',
    '',
  ];
  let size = parts.join('\n').length;
  for (let k = 0; size < bytes; k++) {
    const text = `// Adder number ${k}: a ripple of carries, its bits named by loops.
circuit Adder${k}<N>(a[N], b[N]) -> (s[N], cout) {
  c[0] = 0
  for i in 0..N-1 {
    g[i] = AND(a[i], b[i])
    p[i] = OR(a[i], b[i])
    s[i] = XOR3(a[i], b[i], g[i])
    t[i] = AND(p[i], c[i])
    c[i+1] = OR(g[i], t[i])
  }
  cout = c[N]
}

circuit Use${k}(x[8], y[8]) -> (z[8], k) {
  (z[0..3], m) = Adder${k}<4>(x[0..3], y[0..3])
  (z[4..7], k) = Adder${k}<4>([x[4], x[5], x[6], x[7]], y[4..7])
}
`;
    parts.push(text);
    size += text.length;
  }
  return parts.join('\n');
}

/** In a fresh process: load (parse and check) `file`, then build each of `names`, timing each step. */
function cold(file, names) {
  const dist = new URL('../dist/', import.meta.url).href;
  const script = `(async () => {
    const { load, build } = await import('${dist}src/pipeline.js');
    let t = performance.now();
    const loaded = load(${JSON.stringify(file)});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
    const out = { load: performance.now() - t, builds: [] };
    for (const name of ${JSON.stringify(names)}) {
      t = performance.now();
      const built = await build(loaded.value.model, name);
      if (!built.ok) throw new Error(name + ': ' + JSON.stringify(built.diagnostics.slice(0, 3)));
      out.builds.push({ name, ms: performance.now() - t, neurons: built.value.netlist.neurons.length });
    }
    console.log(JSON.stringify(out));
  })()`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-'));
  const big = join(dir, 'loops.nn');
  const source = loopsFile(1 << 20);
  writeFileSync(big, source);
  const circuits = (source.match(/^circuit /gm) ?? []).length;
  const loads = repeat(3, () => cold(big, ['Use0']));
  const root = new URL('../circuits/', import.meta.url).pathname;
  const small = repeat(3, () => cold(join(root, 'ripple-adder.nn'), ['Add4']));
  const wide = repeat(3, () => cold(join(root, 'multipliers.nn'), ['RippleAdder<64>', 'ArrayMultiplier<32>', 'CarrySaveMultiplier<32>']));
  const ms = (runs, pick) => round(median(runs.map(pick)));
  const build = (k) => ms(wide, (r) => r.builds[k].ms);
  const neurons = (k) => wide[0].builds[k].neurons.toLocaleString('en-US');
  const baseline = ms(small, (r) => r.builds[0].ms);
  return [
    {
      name: 'buses: parse and check a 1 MB file of loops and buses',
      value: ms(loads, (r) => r.load),
      unit: 'ms',
      note: `${(source.length / 1e6).toFixed(2)} MB, ${circuits.toLocaleString('en-US')} circuits with width parameters, loops, slices and [..] lists; goal under 1 s`,
    },
    {
      name: 'buses: build RippleAdder<64>',
      value: build(0),
      unit: 'ms',
      note: `${neurons(0)} neurons, elaborated and compiled; Add4 the same way: ${baseline} ms`,
    },
    {
      name: 'buses: build ArrayMultiplier<32>',
      value: build(1),
      unit: 'ms',
      note: `${neurons(1)} neurons (31 RippleAdder<32> rows of XOR full adders); goal well under 1 s`,
    },
    {
      name: 'buses: build CarrySaveMultiplier<32>',
      value: build(2),
      unit: 'ms',
      note: `${neurons(2)} neurons (carry-save rows of threshold full adders)`,
    },
  ];
}
