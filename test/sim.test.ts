// Running circuits over time: the rules of a tick (settling, registers, the start-up rule,
// oscillations), exactness, and the generated code against the interpreter and against an
// independent reference simulator on random circuits with memory.

import { describe, expect, it } from 'vitest';
import { rational } from '../src/arith/rational.js';
import type { Bit } from '../src/check/model.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import type { NetNeuron, NetRegister, Netlist, Signal } from '../src/elaborate/netlist.js';
import { compileMachine, type Machine } from '../src/simulate/machine.js';
import { oscillationDiagnostic } from '../src/simulate/report.js';
import { runSequence } from '../src/simulate/sequence.js';
import { Simulation } from '../src/simulate/simulation.js';
import { stateTableLayout, writeStateTable } from '../src/simulate/state-table.js';
import { checkSource, GATES, reportScale, seededRandom, TEST_SCALE } from './helpers.js';

function machineOf(source: string, name: string): Machine {
  const checked = checkSource(source);
  if (!checked.model) throw new Error(checked.rendered);
  const built = elaborate(checked.model, name);
  if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
  return compileMachine(built.value);
}

/** Outputs per tick as strings of bits, `!` and the oscillation where one stops the run. */
function run(m: Machine, rows: readonly (readonly number[])[], generated = true): string[] {
  const sim = new Simulation(m, { generated });
  const out: string[] = [];
  for (const row of rows) {
    const o = sim.settle(row);
    if (o) {
      out.push(`! tick ${o.tick} period ${o.period} involved ${o.involved.map((k) => m.netlist.neurons[k]!.name).join(',')}`);
      break;
    }
    out.push(Array.from(m.outputSignals, (s) => sim.values[s]).join(''));
    sim.advance();
  }
  return out;
}

const both = (m: Machine, rows: readonly (readonly number[])[]) => {
  const interpreted = run(m, rows, false);
  expect(run(m, rows, true)).toEqual(interpreted);
  return interpreted;
};

const SR = `${GATES}circuit SR(s, r) -> (q, qn) {\n  q  = NOR(r, qn)\n  qn = NOR(s, q)\n}`;

describe('a tick', () => {
  it('a latch holds, sets and resets; released from s = r = 1 it oscillates, with period 2', () => {
    const m = machineOf(SR, 'SR');
    expect(
      both(m, [
        [0, 0],
        [1, 0],
        [0, 0],
        [0, 1],
        [0, 0],
        [1, 1],
        [0, 1],
        [1, 1],
        [0, 0],
      ]),
    ).toEqual(['10', '10', '10', '01', '01', '00', '01', '00', '! tick 8 period 2 involved q,qn']);
  });

  it('the start-up rule: a race from all zeros goes to the neuron written first', () => {
    expect(both(machineOf(SR, 'SR'), [[0, 0]])).toEqual(['10']);
    const qnFirst = `${GATES}circuit SR(s, r) -> (q, qn) {\n  qn = NOR(s, q)\n  q  = NOR(r, qn)\n}`;
    expect(both(machineOf(qnFirst, 'SR'), [[0, 0]])).toEqual(['01']);
    // Only at tick 0: the same race later is an oscillation.
    expect(
      both(machineOf(SR, 'SR'), [
        [1, 1],
        [0, 0],
      ]),
    ).toEqual(['00', '! tick 1 period 2 involved q,qn']);
  });

  it('a race the rule cannot settle is an oscillation at tick 0', () => {
    const ring = `${GATES}circuit R() -> y {\n  a = NOT(c)\n  b = NOT(a)\n  c = NOT(b)\n  y = c\n}`;
    expect(both(machineOf(ring, 'R'), [[]])).toEqual(['! tick 0 period 2 involved a,b,c']);
  });

  it('names only the neurons that keep changing, and the period the state comes back with', () => {
    // x holds at 1 while the ring a, b, c runs: x is in the loop but never changes.
    const src = `${GATES}circuit G(en) -> y {\n  a = NAND(en, c)\n  b = NOT(a)\n  c = NOT(b)\n  x = OR(a, x)\n  y = AND(c, x)\n}`;
    const m = machineOf(src, 'G');
    expect(both(m, [[0], [0], [1]])).toEqual(['1', '1', '! tick 2 period 6 involved a,b,c']);
    const reports = [true, false].map((generated) => {
      const sim = new Simulation(m, { generated });
      sim.settle([0]);
      sim.advance();
      return sim.settle([1])!;
    });
    // Generated code or not, the same report.
    expect(reports[0]).toEqual(reports[1]);
    const o = reports[0]!;
    const d = oscillationDiagnostic(m, o);
    expect(d.code).toBe('oscillation');
    expect(d.message).toBe('G oscillates at tick 1: the loop of a, b, c never settles, it comes back to the same values every 6 steps');
    // Tick 0 leaves (a, b, c) at 101; with en = 1, by hand, it goes 001, 011, 010, 110, 100 and
    // back to 101: listed from there, the first state that comes back.
    expect(d.notes!.map((n) => n.message)).toEqual([
      'a goes 1, 0, 0, 0, 1, 1, then the same again',
      'b goes 0, 0, 1, 1, 1, 0, then the same again',
      'c goes 1, 1, 1, 0, 0, 0, then the same again',
    ]);
    expect(d.notes!.map((n) => n.span?.start)).toEqual(m.netlist.neurons.slice(0, 3).map((n) => n.span!.start));
  });

  it('the steps are bounded: past the bound it says so, with no period', () => {
    const src = `${GATES}circuit G(en) -> y {\n  a = NAND(en, c)\n  b = NOT(a)\n  c = NOT(b)\n  y = c\n}`;
    const m = machineOf(src, 'G');
    const sim = new Simulation(m, { maxSteps: 4 });
    expect(sim.settle([0])).toBeUndefined();
    sim.advance();
    const o = sim.settle([1])!;
    expect(o.period).toBeUndefined();
    expect(o.steps).toBe(4);
    expect(oscillationDiagnostic(m, o).message).toBe(
      'G does not settle at tick 1: the loop of a, b, c was still changing after 4 steps, the most nn takes (no state had come back)',
    );
  });

  it('a loop sees its inputs settled: no glitch of x AND NOT x sets a latch', () => {
    // With every neuron stepping at once, AND(x, NOT(x)) would be 1 for a step when x rises.
    const src = `${GATES}neuron SRN(s, r, q) { weights: 2, -2, 1  bias: -1 }\ncircuit H(x) -> q {\n  q = SRN(AND(x, NOT(x)), 0, q)\n}`;
    expect(both(machineOf(src, 'H'), [[0], [1], [0], [1], [1]])).toEqual(['0', '0', '0', '0', '0']);
  });

  it('registers show last tick, all at one edge: two delays swap their values every tick', () => {
    const src = 'circuit Swap() -> (a, b) {\n  a = delay(b, 1)\n  b = delay(a)\n}';
    expect(both(machineOf(src, 'Swap'), [[], [], [], []])).toEqual(['10', '01', '10', '01']);
  });

  it('a loop through a delay is an ordinary clocked circuit: a toggle', () => {
    const src = `${GATES}neuron XOR2(a, b, h) { weights: 1, 1, -2  bias: -1 }\ncircuit T(en) -> q {\n  q = delay(XOR2(q, en, AND(q, en)))\n}`;
    expect(both(machineOf(src, 'T'), [[1], [1], [0], [1], [1], [0]])).toEqual(['0', '1', '0', '0', '1', '0']);
  });

  it('decides exactly where doubles cannot: a neuron that forgets by 1 in 10^30', () => {
    // q' = [2e30·s + 1e30·q - (1e30 + 1) >= 0]: with s = 0 and q = 1 the sum is -1, so q falls;
    // in doubles 1e30 + 1 is 1e30 and q would hold.
    const src =
      'neuron Leaky(s, q) { weights: 2e30, 1e30  bias: -1000000000000000000000000000001 }\ncircuit L(s) -> q {\n  q = Leaky(s, q)\n}';
    const m = machineOf(src, 'L');
    expect(m.forms[0]!.fitsDoubles).toBe(false);
    expect(both(m, [[1], [0], [0], [1], [1], [0]])).toEqual(['1', '0', '0', '1', '1', '0']);
  });
});

describe('sequence tests and state tables', () => {
  it('a sequence test keeps every wrong tick with the state, and stops at an oscillation', () => {
    const src = `${SR}\ntest SR sequence {\n  s r -> q qn\n  0 0 -> 1 0\n  0 1 -> 1 *\n  0 0 -> 0 1\n  1 0 -> 0 1\n  1 1 -> 0 0\n  0 0 -> 0 0\n  0 1 -> 0 1\n}`;
    const checked = checkSource(src);
    const test = checked.model!.tests.find((t) => t.sequence)!;
    const m = machineOf(src, 'SR');
    const r = runSequence(test, m);
    expect(r.passed).toBe(false);
    expect(r.failures.map((f) => [f.tick, f.actual.join(''), f.state.map((s) => `${s.name}=${s.value}`).join(' ')])).toEqual([
      [1, '01', 'q=0 qn=1'],
      [3, '10', 'q=1 qn=0'],
    ]);
    expect(r.ticks).toBe(5);
    expect(r.oscillation?.tick).toBe(5);
  });

  it("a counter's state table is its next value for every present value and input", async () => {
    const m = machineOf(await counterSource(), 'Counter4');
    const layout = stateTableLayout(m);
    expect([layout.state, layout.inputs, layout.outputs, layout.next].map((g) => g.map((c) => c.name))).toEqual([
      ['q'],
      ['en'],
      [],
      ["q'"],
    ]);
    const json = await collect((sink) => writeStateTable(m, { format: 'json' }, sink));
    const rows = (JSON.parse(json) as { rows: number[][] }).rows;
    expect(rows).toHaveLength(32);
    rows.forEach(([q, en, next], i) => {
      expect([q, en]).toEqual([i >> 1, i & 1]);
      expect(next).toBe((q! + en!) % 16);
    });
  });

  it("a latch's state table: state given, inputs applied, null where the loop does not settle", async () => {
    const m = machineOf(SR, 'SR');
    const text = await collect((sink) => writeStateTable(m, { format: 'text' }, sink));
    expect(text.split('\n').slice(0, 6)).toEqual([
      "q qn | s r | q' qn'",
      '0  0 | 0 0 |  ~   ~',
      '0  0 | 0 1 |  0   1',
      '0  0 | 1 0 |  1   0',
      '0  0 | 1 1 |  0   0',
      '0  1 | 0 0 |  0   1',
    ]);
    const rows = (JSON.parse(await collect((sink) => writeStateTable(m, { format: 'json' }, sink))) as { rows: (number | null)[][] }).rows;
    // From a consistent state with s = r = 0 the latch keeps it; from 11 or 00 it races.
    expect(rows.filter((r) => r[2] === 0 && r[3] === 0).map((r) => r.join(','))).toEqual([
      '0,0,0,0,,',
      '0,1,0,0,0,1',
      '1,0,0,0,1,0',
      '1,1,0,0,,',
    ]);
  });
});

async function counterSource(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const read = (f: string) => readFileSync(new URL(`../circuits/${f}`, import.meta.url), 'utf8').replace(/^import .*$/gm, '');
  return [read('gates.nn'), read('xor.nn'), read('half-adder.nn'), read('counter.nn')].join('\n').replace(/^test [^{]*\{[^}]*\}/gm, '');
}

async function collect(write: (sink: (text: string) => void) => Promise<void>): Promise<string> {
  let text = '';
  await write((t) => {
    text += t;
  });
  return text;
}

// ---------------------------------------------------------------------------------------------
// Random circuits with memory, three simulators.

/** A random netlist: neurons reading anything (later neurons and themselves too), registers. */
function randomNetlist(rand: (n: number) => number, inputs: number, neurons: number, registers: number): Netlist {
  const signal = (): Signal => {
    const k = rand(10);
    if (k === 0) return { kind: 'constant', value: rand(2) as 0 | 1 };
    if (k < 3 && inputs > 0) return { kind: 'input', index: rand(inputs) };
    if (k < 5 && registers > 0) return { kind: 'register', index: rand(registers) };
    return { kind: 'neuron', index: rand(neurons) };
  };
  const w = (x: number) => rational(BigInt(x));
  const ns: NetNeuron[] = Array.from({ length: neurons }, (_, k) => {
    const fanIn = 1 + rand(3);
    return {
      name: `n${k}`,
      scopes: [],
      part: 'R',
      layer: 1,
      weights: Array.from({ length: fanIn }, () => w(rand(5) - 2)),
      bias: w(rand(5) - 2),
      inputs: Array.from({ length: fanIn }, signal),
    };
  });
  const rs: NetRegister[] = Array.from({ length: registers }, (_, r) => ({
    name: `r${r}`,
    scopes: [],
    input: signal(),
    init: rand(2) as 0 | 1,
  }));
  const outputs = Array.from({ length: 3 }, (_, k) => ({ name: `o${k}`, source: signal() }));
  return {
    name: 'Random',
    inputs: Array.from({ length: inputs }, (_, i) => `x${i}`),
    inputPorts: Array.from({ length: inputs }, (_, i) => ({ name: `x${i}`, width: null, bits: [i] })),
    outputs,
    outputPorts: outputs.map((o, k) => ({ name: o.name, width: null, bits: [k] })),
    neurons: ns,
    depth: 1,
    registers: rs,
    loops: [],
  };
}

/**
 * The semantics written again, plainly: reachability by closure for the components, a set of
 * seen states for oscillations, numbers for exact sums (the weights here are small integers).
 */
function reference(n: Netlist, stimulus: readonly (readonly Bit[])[]): string[] {
  const N = n.neurons.length;
  const reach = Array.from({ length: N }, (_, k) =>
    n.neurons[k]!.inputs.map((s) => (s.kind === 'neuron' ? s.index : -1)).filter((j) => j >= 0),
  );
  // closure[k] has j when k depends on j through neurons
  const closure = reach.map((r) => new Set(r));
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < N; k++) {
      for (const j of [...closure[k]!])
        for (const i of closure[j]!)
          if (!closure[k]!.has(i)) {
            closure[k]!.add(i);
            changed = true;
          }
    }
  }
  const component = (k: number) => [k, ...[...closure[k]!].filter((j) => j !== k && closure[j]!.has(k))].sort((a, b) => a - b);
  // Components in an order where each comes after those it depends on: by repeated choice.
  const done = new Set<number>();
  const order: number[][] = [];
  while (done.size < N) {
    for (let k = 0; k < N; k++) {
      if (done.has(k)) continue;
      const c = component(k);
      const ready = c.every((m) => [...closure[m]!].every((j) => c.includes(j) || done.has(j)));
      if (!ready) continue;
      order.push(c);
      c.forEach((m) => done.add(m));
    }
  }
  const neuron = new Array<number>(N).fill(0);
  const reg = n.registers!.map((r) => r.init as number);
  const value = (s: Signal, x: readonly number[]): number =>
    s.kind === 'constant' ? s.value : s.kind === 'input' ? x[s.index]! : s.kind === 'register' ? reg[s.index]! : neuron[s.index]!;
  const fire = (k: number, x: readonly number[]) => {
    const nn = n.neurons[k]!;
    let z = Number(nn.bias.num);
    nn.inputs.forEach((s, j) => (z += Number(nn.weights[j]!.num) * value(s, x)));
    return z >= 0 ? 1 : 0;
  };
  const out: string[] = [];
  for (let t = 0; t < stimulus.length; t++) {
    const x = stimulus[t]!;
    let failed: string | undefined;
    for (const c of order) {
      const cyclic = c.length > 1 || closure[c[0]!]!.has(c[0]!);
      if (!cyclic) {
        neuron[c[0]!] = fire(c[0]!, x);
        continue;
      }
      const start = c.map((k) => neuron[k]!);
      const settle = (step: () => void): number | undefined => {
        const seen = new Map<string, number>();
        for (let i = 0; ; i++) {
          const key = c.map((k) => neuron[k]).join('');
          if (seen.has(key)) return i - seen.get(key)!;
          seen.set(key, i);
          step();
          if (c.map((k) => neuron[k]).join('') === key) return undefined;
        }
      };
      const lockstep = () => {
        const next = c.map((k) => fire(k, x));
        c.forEach((k, i) => (neuron[k] = next[i]!));
      };
      const period = settle(lockstep);
      if (period === undefined) continue;
      if (t === 0) {
        c.forEach((k, i) => (neuron[k] = start[i]!));
        if (settle(() => c.forEach((k) => (neuron[k] = fire(k, x)))) === undefined) continue;
      }
      failed = `! tick ${t} period ${period}`;
      break;
    }
    if (failed) {
      out.push(failed);
      break;
    }
    out.push(n.outputs.map((o) => value(o.source, x)).join(''));
    const next = n.registers!.map((r) => value(r.input, x));
    next.forEach((v, i) => (reg[i] = v));
  }
  return out;
}

describe('three simulators agree on random circuits with memory', () => {
  it('the generated code, the interpreter, and the reference above, tick by tick, oscillations included', () => {
    const rand = seededRandom(11);
    let oscillating = 0;
    let settledLoops = 0;
    // 100 circuits (2,000 with NN_TEST_SCALE=20, helpers.ts).
    const trials = 100 * TEST_SCALE;
    for (let trial = 0; trial < trials; trial++) {
      const netlist = randomNetlist(rand, rand(3), 2 + rand(7), rand(4));
      const m = compileMachine(netlist);
      const stimulus = Array.from({ length: 12 }, () => Array.from({ length: netlist.inputs.length }, () => rand(2) as Bit));
      const expected = reference(netlist, stimulus);
      const strip = (rows: string[]) => rows.map((r) => r.replace(/ involved .*/, ''));
      const interpreted = run(m, stimulus, false);
      expect(strip(interpreted), `trial ${trial}`).toEqual(expected);
      expect(run(m, stimulus, true), `trial ${trial}`).toEqual(interpreted);
      if (expected.some((r) => r.startsWith('!'))) oscillating++;
      else if (m.latches.length > 0) settledLoops++;
    }
    // Both kinds come up: the comparison covers settling loops and oscillations.
    expect(oscillating).toBeGreaterThan(trials / 15);
    expect(settledLoops).toBeGreaterThan(trials / 15);
    reportScale(`random circuits with memory (${oscillating} oscillate, ${settledLoops} settle in loops): three simulators agree`, trials);
  });

  it('the generated code hands a loop still moving after its fast steps to the interpreter, which finds the period', () => {
    // Nine inverting stages in a ring (a NAND gate and eight NOTs): at rest while en = 0; with
    // en = 1 one wave runs round, each stage a step, 2 × 9 steps before the state comes back.
    const stages = Array.from({ length: 8 }, (_, i) => `  a${i + 1} = NOT(a${i})`).join('\n');
    const src = `${GATES}circuit Ring(en) -> y {\n  a0 = NAND(en, a8)\n${stages}\n  y = a8\n}`;
    const m = machineOf(src, 'Ring');
    expect(both(m, [[0], [0], [1]])).toEqual(['1', '1', '! tick 2 period 18 involved a0,a1,a2,a3,a4,a5,a6,a7,a8']);
  });
});

describe('the writers: generated rows and the loops for very wide traces write the same', () => {
  it('text, CSV, JSON and VCD, buses and bits, every column changing or not', async () => {
    const { traceLayout, traceWriter, runTicks } = await import('../src/simulate/trace.js');
    const { vcdWriter } = await import('../src/simulate/vcd.js');
    const m = machineOf(await counterSource(), 'Counter4');
    const layout = traceLayout(m, { hidden: true });
    const stimulus = [[1], [1], [0], [1], [1], [1], [0], [0], [1]] as Bit[][];
    const written = async (
      make: (sink: (b: Uint8Array) => void) => {
        row: (t: number, v: Uint8Array) => void | Promise<void>;
        end: (n: number) => Promise<void>;
      },
    ) => {
      const chunks: Uint8Array[] = [];
      const w = make((b) => {
        chunks.push(b.slice());
      });
      const r = await runTicks(m, stimulus, stimulus.length, w.row);
      await w.end(r.ticks);
      return Buffer.concat(chunks).toString('utf8');
    };
    for (const format of ['text', 'csv', 'json'] as const) {
      for (const radix of ['dec', 'hex'] as const) {
        const generated = await written((sink) => traceWriter(layout, { format, radix, name: 'C', lastTick: 8 }, sink));
        const looped = await written((sink) => traceWriter(layout, { format, radix, name: 'C', lastTick: 8, generatedColumns: 0 }, sink));
        expect(looped, `${format} ${radix}`).toBe(generated);
        expect(generated.length).toBeGreaterThan(200);
      }
    }
    const vcd = (generatedBits?: number) =>
      written((sink) =>
        vcdWriter(layout, { name: 'C', version: 'nn', date: 'd', ...(generatedBits !== undefined && { generatedBits }) }, sink),
      );
    expect(await vcd(0)).toBe(await vcd());
  });
});
