// Buses, loops and widths at scale (issue "Words of bits"): a generated 1 MB file of circuits
// with loops and buses parsed and checked, and large instances elaborated: RippleAdder<64>
// and 32×32 multipliers (circuits/multipliers.nn), each from a fresh process's point of view
// (the first build in the process). Goals: the 1 MB file under 1 s, each elaboration well
// under 1 s. The baseline in the same run: the 4-bit adder, loaded and built the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { median, repeat, round, runNn, runNode } from './measure.js';

/**
 * Module `k` of a generated library, its names ending in k: what people write with buses and
 * loops, each declaration of its own shape. Gates and bus neurons; circuits with width
 * parameters whose loops index, slice and concatenate (a ripple adder, bitwise xor, a
 * multiplexer, a comparator, an array multiplier of nested loops); a decoder written bit by
 * bit; an 8-bit ALU and a word-wide circuit (8, 16 or 32 bits as k goes) that instantiate
 * them; and a test of the ALU in numbers (checked against the integers below).
 */
export function libraryModule(k) {
  const W = 8 << (k % 3); // 8, 16 or 32 bits
  const rows = [];
  let seed = k * 7919 + 1;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let r = 0; r < 4; r++) {
    const a = rand(256),
      b = rand(256),
      op = rand(4);
    const sum = a + b,
      x = a ^ b,
      lo = (a & 15) * (b & 15);
    const y = op >= 2 ? lo : op === 1 ? x : sum & 255;
    rows.push(`  ${a} ${b} ${op} -> ${y} ${sum >> 8} ${a >= b ? 1 : 0}`);
  }
  return `// Module ${k}: gates, adders, a multiplier, a comparator and an 8-bit ALU built from them.
neuron AND${k}(a, b) { weights: 1, 1  bias: -2 }
neuron OR${k}(a, b) { weights: 1, 1  bias: -1 }
neuron NAND${k}(a, b) { weights: -1, -1  bias: 1 }
neuron NOT${k}(a) { weights: -1  bias: 0 }
neuron MAJ${k}(a, b, c) { weights: 1, 1, 1  bias: -2 }
neuron SUM${k}(a, b, c, carry) { weights: 1, 1, 1, -2  bias: -1 }
neuron IS${k}_0(s1, s0) { weights: -1, -1  bias: 0 }
neuron IS${k}_1(s1, s0) { weights: -1, 1  bias: -1 }
neuron IS${k}_2(s1, s0) { weights: 1, -1  bias: -1 }
neuron IS${k}_3(s1, s0) { weights: 1, 1  bias: -2 }
neuron GE${k}(a[4], b[4]) { weights: 1, 2, 4, 8, -1, -2, -4, -8  bias: 0 }

circuit Xor${k}(x, y) -> z {
  h1 = OR${k}(x, y)
  h2 = NAND${k}(x, y)
  z = AND${k}(h1, h2)
}

circuit FullAdder${k}(a, b, cin) -> (s, cout) {
  cout = MAJ${k}(a, b, cin)
  s = SUM${k}(a, b, cin, cout)
}

// A ripple of carries, bit 0 first.
circuit Ripple${k}<N>(a[N], b[N], cin) -> (s[N], cout) {
  c[0] = cin
  for i in 0..N-1 {
    (s[i], c[i+1]) = FullAdder${k}(a[i], b[i], c[i])
  }
  cout = c[N]
}

circuit Xors${k}<N>(a[N], b[N]) -> y[N] {
  for i in 0..N-1 {
    y[i] = Xor${k}(a[i], b[i])
  }
}

circuit Mux${k}<N>(a[N], b[N], sel) -> y[N] {
  ns = NOT${k}(sel)
  for i in 0..N-1 {
    y[i] = OR${k}(AND${k}(a[i], ns), AND${k}(b[i], sel))
  }
}

// a >= b: the carry out of a + ~b + 1.
circuit AtLeast${k}<N>(a[N], b[N]) -> ge {
  for i in 0..N-1 {
    nb[i] = NOT${k}(b[i])
  }
  (_d, ge) = Ripple${k}<N>(a, nb, 1)
}

// Rows of partial products added by ripple adders.
circuit Mul${k}<N>(a[N], b[N]) -> p[2*N] {
  for j in 0..N-1 {
    for i in 0..N-1 {
      pp[N*j + i] = AND${k}(a[i], b[j])
    }
  }
  p[0] = pp[0]
  run[0..N-1] = [pp[1..N-1], 0]
  for j in 1..N-1 {
    (sum[N*(j-1) .. N*(j-1)+N-1], k[j-1]) = Ripple${k}<N>(run[N*(j-1) .. N*(j-1)+N-1], pp[N*j .. N*j+N-1], 0)
    p[j] = sum[N*(j-1)]
    run[N*j .. N*j+N-1] = [sum[N*(j-1)+1 .. N*(j-1)+N-1], k[j-1]]
  }
  p[N .. 2*N-1] = run[N*(N-1) .. N*(N-1)+N-1]
}

circuit Decode${k}(sel[2]) -> y[4] {
  y[0] = IS${k}_0(sel[1], sel[0])
  y[1] = IS${k}_1(sel[1], sel[0])
  y[2] = IS${k}_2(sel[1], sel[0])
  y[3] = IS${k}_3(sel[1], sel[0])
}

// op 0: a + b; 1: a xor b; 2 and 3: the low nibbles multiplied.
circuit Alu${k}(a[8], b[8], op[2]) -> (y[8], carry, ge) {
  (sum, carry) = Ripple${k}<8>(a, b, 0)
  x = Xors${k}<8>(a, b)
  product = Mul${k}<4>(a[0..3], b[0..3])
  low = Mux${k}<8>(sum, x, op[0])
  y = Mux${k}<8>(low, product, op[1])
  ge = AtLeast${k}<8>(a, b)
}

// The nibbles of a word swapped, and a word-wide adder.
circuit Wide${k}(a[${W}], b[${W}], sel[2]) -> (s[${W}], cout, hi, lo, any) {
  swapped = [a[${W / 2}..${W - 1}], a[0..${W / 2 - 1}]]
  (s, cout) = Ripple${k}<${W}>(swapped, b, 0)
  hi = GE${k}(a[${W - 4}..${W - 1}], b[${W - 4}..${W - 1}])
  d = Decode${k}(sel)
  lo = AND${k}(d[0], s[0])
  any = OR${k}(OR${k}(d[1], d[2]), d[3])
}

test Alu${k} {
  a b op -> y carry ge
${rows.join('\n')}
}
`;
}

/** Modules of `libraryModule` up to `bytes` characters. */
export function loopsFile(bytes) {
  const parts = [];
  let size = 0;
  for (let k = 0; size < bytes; k++) {
    const text = libraryModule(k);
    parts.push(text);
    size += text.length + 1;
  }
  return parts.join('\n');
}

/** In a fresh process: load (parse and check) `file`, then build each of `names`, timing each step. */
function cold(file, names) {
  const dist = new URL('../dist/', import.meta.url).href;
  const script = `(async () => {
    const { load, build } = await import('${dist}src/pipeline.js');
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    let t = performance.now();
    const c = cpu();
    const loaded = load(${JSON.stringify(file)});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
    const out = { load: performance.now() - t, loadCpu: cpu() - c, diagnostics: loaded.diagnostics.length, builds: [] };
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
  const tests = (source.match(/^test /gm) ?? []).length;
  const loads = repeat(3, () => cold(big, ['Alu0']));
  const checks = repeat(3, () => runNn(['check', big]));
  const bare = median(repeat(3, runNode));
  // What users write draws no warnings: a file that did would measure the warnings.
  if (loads[0].diagnostics > 0) throw new Error(`the generated file has ${loads[0].diagnostics} diagnostics`);
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
      note: `${(source.length / 1e6).toFixed(2)} MB, ${circuits.toLocaleString('en-US')} circuits (adders, multipliers, multiplexers, comparators, ALUs) with width parameters, loops, slices and [..] lists, ${tests} tests; CPU ${ms(loads, (r) => r.loadCpu)} ms (all threads); goal under 1 s`,
    },
    {
      name: 'buses: nn check of the 1 MB file, whole process',
      value: round(median(checks.map((r) => r.ms))),
      unit: 'ms',
      note: `as bin/nn.js runs it, Node's start-up included (node -e 0: ${round(bare)} ms); peak memory ${round(median(checks.map((r) => r.maxRssMb)))} MB`,
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
