// Proofs on netlists: a property "output k is 1 on every input" and the equivalence of two
// circuits, each decided by evaluating every row and by SAT, with counterexamples checked
// against the integers they should add.

import { describe, expect, it } from 'vitest';
import { compileSource, elaborateSource, seededRandom } from './helpers.js';
import { rowCount, sweep } from '../src/evaluate/engine.js';
import { adder, arrayMultiplier, columnMultiplier, majorityAdder } from '../bench/circuits.js';
import { truthTable } from '../src/evaluate/table.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { encodeCircuit } from '../src/verify/cnf.js';
import { inThreadSat } from '../src/verify/sat.js';
import { miter } from '../src/verify/miter.js';
import { proveAlways, proveEquivalent, type Counterexample, type Verdict } from '../src/verify/prove.js';
import { compile } from '../src/evaluate/compile.js';
import { parseDecimal } from '../src/arith/rational.js';
import { withScalarPorts, type NetNeuron, type Signal } from '../src/elaborate/netlist.js';

const netlist = (source: string, name: string) => elaborateSource(source, name).netlist;

/** The number on the named bits (most significant first), e.g. a7 .. a0. */
function value(bits: readonly { name: string; value: number }[], prefix: string, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 2 + bits.find((b) => b.name === `${prefix}${i}`)!.value;
  return v;
}

function failed(v: Verdict | { status: 'incomparable' }): Counterexample {
  if (v.status !== 'failed') throw new Error(`expected a counterexample, got ${JSON.stringify(v)}`);
  return v.counterexample;
}

describe('proving that an output is always 1', () => {
  const src = `neuron OR(a, b) { weights: 1, 1  bias: -1 }
neuron NOT(a) { weights: -1  bias: 0 }
neuron AND(a, b) { weights: 1, 1  bias: -2 }
circuit Taut(a, b) -> y {
  y = OR(a, NOT(a))
}
circuit NotTaut(a, b, c) -> (y, z) {
  z = 1
  h = AND(b, c)
  y = OR(a, h)
}`;

  it('proves a tautology both ways and finds the first failing row of a non-tautology', async () => {
    const taut = compileSource(src, 'Taut').circuit;
    expect(await proveAlways(taut, 0, { method: 'exhaustive' })).toMatchObject({ status: 'proved', method: 'exhaustive' });
    expect(await proveAlways(taut, 0, { method: 'sat' })).toMatchObject({ status: 'proved', method: 'sat' });
    const not = compileSource(src, 'NotTaut').circuit;
    const e = failed(await proveAlways(not, 0, { method: 'exhaustive' }));
    expect(e).toEqual({
      inputs: [
        { name: 'a', value: 0 },
        { name: 'b', value: 0 },
        { name: 'c', value: 0 },
      ],
      row: 0,
      outputs: [
        { name: 'y', value: 0 },
        { name: 'z', value: 1 },
      ],
      hidden: [{ name: 'h', value: 0 }],
    });
    const s = failed(await proveAlways(not, 0, { method: 'sat' }));
    expect(s.inputs[0]!.value).toBe(0);
    expect(s.inputs[1]!.value & s.inputs[2]!.value).toBe(0);
    expect(await proveAlways(not, 1, { method: 'sat' })).toMatchObject({ status: 'proved' });
  });

  it('chooses exhaustive up to the row limit and SAT beyond', async () => {
    const taut = compileSource(src, 'Taut').circuit;
    expect(await proveAlways(taut, 0)).toMatchObject({ method: 'exhaustive' });
    expect(await proveAlways(taut, 0, { maxExhaustiveRows: 2 })).toMatchObject({ method: 'sat' });
  });

  // Each SAT run sets up a solver of its own: 14 circuits, both verdicts among them. Built as
  // netlists: parsing a new file for each would cost more than the proofs.
  it('gives the same verdict by SAT as by every row, on 14 random circuits', async () => {
    const rand = seededRandom(9);
    const weights = ['1', '-1', '2', '-2', '3', '0.5', '-1e16', '1e16', '1e-7'];
    const decimal = (text: string) => {
      const r = parseDecimal(text);
      if (!r.ok) throw new Error(text);
      return r.value;
    };
    const verdicts = new Set<string>();
    for (let n = 0; n < 14; n++) {
      const neurons: NetNeuron[] = [];
      const lines: string[] = [];
      // x0 .. x3, then w0 .. w5.
      const wires: Signal[] = [0, 1, 2, 3].map((index) => ({ kind: 'input', index }));
      const wireName = (s: Signal) => (s.kind === 'input' ? `x${s.index}` : s.kind === 'neuron' ? `w${s.index}` : String(s.kind));
      const layerOf = (s: Signal) => (s.kind === 'neuron' ? neurons[s.index]!.layer : 0);
      for (let k = 0; k < 6; k++) {
        const fanIn = 1 + rand(k === 5 ? 12 : 4);
        const w = Array.from({ length: fanIn }, () => weights[rand(weights.length)]!);
        const bias = weights[rand(weights.length)]!;
        const inputs = w.map(() => wires[rand(wires.length)]!);
        neurons.push({
          name: `w${k}`,
          scopes: [],
          part: `N${k}`,
          weights: w.map(decimal),
          bias: decimal(bias),
          inputs,
          layer: 1 + Math.max(...inputs.map(layerOf)),
        });
        lines.push(`w${k} = [${w.map((x, i) => `${x}·${wireName(inputs[i]!)}`).join(' + ')} + ${bias} >= 0]`);
        wires.push({ kind: 'neuron', index: k });
      }
      const source = lines.join('\n');
      const circuit = compile(
        withScalarPorts({
          name: 'R',
          inputs: ['x0', 'x1', 'x2', 'x3'],
          outputs: [{ name: 'y', source: { kind: 'neuron', index: 5 } }],
          neurons,
          depth: neurons[5]!.layer,
        }),
      );
      const every = await proveAlways(circuit, 0, { method: 'exhaustive' });
      const sat = await proveAlways(circuit, 0, { method: 'sat' });
      expect(sat.status, source).toBe(every.status);
      verdicts.add(every.status);
      const table = truthTable(rowEngine(circuit));
      if (every.status === 'failed') {
        expect(every.counterexample.row).toBe(table.findIndex((r) => r.outputs[0] === 0));
        expect(table[failed(sat).row]!.outputs[0]).toBe(0);
      } else {
        expect(table.every((r) => r.outputs[0] === 1)).toBe(true);
      }
    }
    expect([...verdicts].sort()).toEqual(['failed', 'proved']);
  });

  it('stops at the time limit and says so, by every row and by SAT in this thread', async () => {
    const c = compile(miterOf(adder(12), 'Adder12', majorityAdder(12), 'MajAdder12'));
    const v = await proveAlways(c, 0, { method: 'exhaustive', timeout: 1 });
    expect(v).toMatchObject({ status: 'undecided', reason: 'the time limit of 1 ms ran out' });
    // Two 8-bit multipliers take the solver seconds: it polls the deadline as it goes.
    const hard = compile(miterOf(arrayMultiplier(8), 'ArrayMul8', columnMultiplier(8), 'ColumnMul8'));
    const start = Date.now();
    const sat = await proveAlways(hard, 0, { method: 'sat', timeout: 50 });
    expect(sat).toMatchObject({ status: 'undecided', method: 'sat', reason: 'the time limit of 50 ms ran out' });
    // A hang guard, not a speed check: without the limit this solve takes seconds.
    expect(Date.now() - start).toBeLessThan(5000);
  });
});

function miterOf(srcA: string, a: string, srcB: string, b: string) {
  const m = miter(netlist(srcA, a), netlist(srcB, b));
  if (!m.ok) throw new Error(m.reason);
  return m.netlist;
}

describe('equivalence', () => {
  it('proves two differently built 8-bit adders equal, by every row and by SAT', async () => {
    const a = netlist(adder(8), 'Adder8');
    const b = netlist(majorityAdder(8), 'MajAdder8');
    expect(await proveEquivalent(a, b, { method: 'exhaustive' })).toMatchObject({ status: 'proved', method: 'exhaustive' });
    expect(await proveEquivalent(a, b, { method: 'sat' })).toMatchObject({ status: 'proved', method: 'sat' });
  });

  it('finds where a broken adder goes wrong: the first row by exhaustion, a checked row by SAT', async () => {
    const a = netlist(adder(8), 'Adder8');
    const broken = netlist(majorityAdder(8, { name: 'Broken8', brokenBit: 5 }), 'Broken8');
    const e = failed(await proveEquivalent(a, broken, { method: 'exhaustive' }));
    // Bit 5's carry ignores the carry in; the first row where the sum is wrong, by brute force:
    const circuit = compile(broken);
    let wrong = -1;
    sweep(rowEngine(circuit), { from: 0, to: rowCount(circuit) }, (block, first) => {
      for (let r = 0; r < block.rows && wrong < 0; r++) {
        const i = first + r;
        const sum = circuit.outputSignals.reduce((v, s) => 2 * v + block.bit(s, r), 0);
        if (sum !== (i >> 8) + (i & 255)) wrong = i;
      }
    });
    expect(wrong).toBeGreaterThan(0);
    expect(e.row).toBe(wrong);
    for (const c of [e, failed(await proveEquivalent(a, broken, { method: 'sat' }))]) {
      const x = value(c.inputs, 'a', 8);
      const y = value(c.inputs, 'b', 8);
      expect(value(c.outputs, 'Adder8.s', 8) + 256 * c.outputs.find((o) => o.name === 'Adder8.cout')!.value).toBe(x + y);
      expect(value(c.outputs, 'Broken8.s', 8) + 256 * c.outputs.find((o) => o.name === 'Broken8.cout')!.value).not.toBe(x + y);
      expect(c.outputs[0]).toEqual({ name: 'equal', value: 0 });
      expect(c.hidden.some((h) => h.name === 'Broken8.c5')).toBe(true);
    }
  });

  it('proves 16-bit adders equal by SAT, and breaks the broken one', async () => {
    const a = netlist(adder(16), 'Adder16');
    expect(await proveEquivalent(a, netlist(majorityAdder(16), 'MajAdder16'), { method: 'sat' })).toMatchObject({ status: 'proved' });
    const c = failed(
      await proveEquivalent(a, netlist(majorityAdder(16, { name: 'Broken16', brokenBit: 11 }), 'Broken16'), { method: 'sat' }),
    );
    const sum = value(c.inputs, 'a', 16) + value(c.inputs, 'b', 16);
    expect(value(c.outputs, 'Broken16.s', 16) + 65536 * c.outputs.find((o) => o.name === 'Broken16.cout')!.value).not.toBe(sum);
  });

  it('proves two different 4-bit multipliers equal both ways', async () => {
    const a = netlist(arrayMultiplier(4), 'ArrayMul4');
    const b = netlist(columnMultiplier(4), 'ColumnMul4');
    expect(await proveEquivalent(a, b, { method: 'exhaustive' })).toMatchObject({ status: 'proved' });
    expect(await proveEquivalent(a, b, { method: 'sat' })).toMatchObject({ status: 'proved' });
  });

  it('refuses circuits with different inputs or outputs', async () => {
    expect(await proveEquivalent(netlist(adder(4), 'Adder4'), netlist(adder(5), 'Adder5'))).toMatchObject({ status: 'incomparable' });
    const v = await proveEquivalent(netlist(adder(4), 'Adder4'), netlist(arrayMultiplier(2), 'ArrayMul2'));
    expect(v).toMatchObject({ status: 'incomparable' });
  });
});

describe('the SAT solver', () => {
  it('past its 2 GB heap answers "unknown" with a reason, and solves the next problem', async () => {
    const cnf = (variables: number, clauses: number[][]) => ({ variables, clauses, literalOf: new Int32Array(0) });
    // 600 million variables need more than 2 GB before the first clause.
    const huge = await inThreadSat.solve(cnf(600_000_000, [[1, 2]]), []);
    expect(huge).toEqual({ status: 'unknown', reason: 'the SAT solver aborted, most likely out of memory (it has at most 2 GB)' });
    expect(
      await inThreadSat.solve(
        cnf(3, [
          [1, 2],
          [-2, 3],
        ]),
        [-1, -3],
      ),
    ).toEqual({ status: 'unsat' });
    const sat = await inThreadSat.solve(
      cnf(3, [
        [1, 2],
        [-2, 3],
      ]),
      [-1],
    );
    expect(sat.status === 'sat' && [...sat.model]).toEqual([0, 0, 1, 1]);
  });
});

describe('clauses', () => {
  it('encode only the logic the property needs, with a variable per input', () => {
    const { circuit } = compileSource(adder(4), 'Adder4');
    const all = encodeCircuit(circuit, Array.from(circuit.outputSignals));
    const low = encodeCircuit(circuit, [circuit.outputSignals[circuit.outputSignals.length - 1]!]);
    if (!all.ok || !low.ok) throw new Error('not encoded');
    expect(low.cnf.clauses.length).toBeLessThan(all.cnf.clauses.length / 4);
    expect(Array.from(all.cnf.literalOf.slice(2, 10))).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
