// Running over time: a 16-bit counter with enable (16 delays, an incrementer of 16 half
// adders, 64 neurons) for 1,000,000 ticks as a whole process, its VCD streamed to a file;
// the goal is under 1 s. Memory must stay flat: the peak of a million ticks is compared with
// that of ten thousand. In-process, the generated tick against the interpreter of settle.ts
// (the baseline, measured in the same run), and a latch-heavy circuit whose loops settle
// every tick.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, buildMachine } from '../dist/src/pipeline.js';
import { Simulation } from '../dist/src/simulate/simulation.js';
import { GATES } from './generate.js';
import { median, repeat, round, runNn } from './measure.js';

const COUNTER = `${GATES}
circuit Incrementer16(a[16], inc) -> (s[16], cout) {
  c[0] = inc
  for i in 0..15 {
    (s[i], c[i+1]) = HalfAdder(a[i], c[i])
  }
  cout = c[16]
}

circuit Counter16(en) -> q[16] {
  for i in 0..15 { q[i] = delay(n[i]) }
  (n, _c) = Incrementer16(q, en)
}
`;

// 16 gated D latches (two neurons each, one on a loop) loading a word, and a counter feeding it.
const LATCHES = `${COUNTER}
neuron DLatchReset(en, d) { weights: 1, -1  bias: -1 }
neuron DLatchQ(en, d, q, reset) { weights: 1, 1, 2, -2  bias: -2 }

circuit DLatch(d, en) -> q {
  reset = DLatchReset(en, d)
  q     = DLatchQ(en, d, q, reset)
}

circuit Latched16(en, load) -> w[16] {
  q = Counter16(en)
  for i in 0..15 { w[i] = DLatch(q[i], load) }
}
`;

function ticksPerSecond(machine, ticks, generated) {
  const sim = new Simulation(machine, { generated });
  const inputs = new Uint8Array(machine.inputCount).fill(1);
  const start = performance.now();
  for (let t = 0; t < ticks; t++) {
    if (machine.inputCount > 1) inputs[1] = t % 3 === 0 ? 1 : 0;
    if (sim.settle(inputs)) throw new Error('oscillation in the benchmark');
    sim.advance();
  }
  return ticks / ((performance.now() - start) / 1000);
}

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'nn-bench-sim-'));
  const counter = join(dir, 'counter16.nn');
  writeFileSync(counter, COUNTER);
  const latches = join(dir, 'latches.nn');
  writeFileSync(latches, LATCHES);
  const vcd = join(dir, 'out.vcd');
  const run = (ticks, extra) => runNn(['sim', counter, 'Counter16', 'en=1', '--ticks', String(ticks), ...extra]);
  const million = repeat(3, () => run(1_000_000, ['--vcd', vcd, '-q']));
  const vcdBytes = statSync(vcd).size;
  const small = repeat(3, () => run(10_000, ['--vcd', vcd, '-q']));
  const text = repeat(3, () => run(1_000_000, ['--format', 'csv']));

  const machine = (await buildMachine(load(counter).value.model, 'Counter16')).value.machine;
  const latchMachine = (await buildMachine(load(latches).value.model, 'Latched16')).value.machine;
  const generated = median(repeat(3, () => ticksPerSecond(machine, 200_000, true)));
  const interpreted = median(repeat(3, () => ticksPerSecond(machine, 20_000, false)));
  const latchGenerated = median(repeat(3, () => ticksPerSecond(latchMachine, 200_000, true)));
  rmSync(dir, { recursive: true, force: true });

  const peak = (runs) => Math.max(...runs.map((r) => r.maxRssMb));
  return [
    {
      name: 'sim: 16-bit counter, 1,000,000 ticks, VCD streamed, whole process',
      value: round(median(million.map((r) => r.ms))),
      unit: 'ms',
      note: `goal < 1,000 ms; ${round(vcdBytes / 1e6)} MB of VCD; peak memory ${round(peak(million))} MB, ${round(peak(small))} MB for 10,000 ticks`,
    },
    {
      name: 'sim: 16-bit counter, 1,000,000 ticks, CSV trace to /dev/null, whole process',
      value: round(median(text.map((r) => r.ms))),
      unit: 'ms',
      note: `peak memory ${round(peak(text))} MB`,
    },
    {
      name: 'sim: 16-bit counter, ticks per second in-process',
      value: round(generated),
      unit: 'ticks/s',
      note: `${machine.neuronCount} neurons, ${machine.registerCount} delays; generated code, ${round(generated / interpreted, 1)}× the interpreter in the same run (${round(interpreted)} ticks/s)`,
    },
    {
      name: 'sim: 16 D latches loaded from the counter, ticks per second in-process',
      value: round(latchGenerated),
      unit: 'ticks/s',
      note: `${latchMachine.neuronCount} neurons, ${latchMachine.latches.length} on loops, which settle in step every tick`,
    },
  ];
}
