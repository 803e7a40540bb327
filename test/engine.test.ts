// The engines against each other and against the tree-walking reference: every example, and
// random circuits with weights of every kind (small integers, long decimals, 1e16 beside 1e-7,
// biases on and a hair off the boundary), fan-ins from 1 to a few hundred, constants as inputs.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integer, parseDecimal, type Rational } from '../src/arith/rational.js';
import { isCombinational, withScalarPorts, type Netlist, type Signal } from '../src/elaborate/netlist.js';
import { compileBits } from '../src/evaluate/bit-compile.js';
import { bitRunner, simdKernel } from '../src/evaluate/bit-engine.js';
import { compile } from '../src/evaluate/compile.js';
import { countBlock, countRows, emptyCounts, transposeLanes } from '../src/evaluate/count.js';
import { Block, newBlock, rowCount, setExhaustive, setRows, sweep, type Engine } from '../src/evaluate/engine.js';
import { bitEngine, engineFor } from '../src/evaluate/engines.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { truthTable } from '../src/evaluate/table.js';
import { rowsWriter } from '../src/evaluate/table-rows.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { checkSource, compileSource, reportScale, rowsText, seededRandom, TEST_SCALE } from './helpers.js';
import { referenceEval } from './reference.js';

/** Every signal on every row, as one string per row, through blocks of `words` words. */
function allRows(engine: Engine, words = 64): string[] {
  const c = engine.circuit;
  const rows: string[] = [];
  sweep(
    engine,
    { from: 0, to: rowCount(c) },
    (block) => {
      for (let r = 0; r < block.rows; r++) {
        let s = '';
        for (let sig = 0; sig < c.signalCount; sig++) s += block.bit(sig, r);
        rows.push(s);
      }
    },
    newBlock(c, words),
  );
  return rows;
}

const decimal = (text: string): Rational => {
  const r = parseDecimal(text);
  if (!r.ok) throw new Error(text);
  return r.value;
};

/** A random weight of one of several kinds, as decimal text. */
function randomWeight(rand: (n: number) => number, kind: number): string {
  const sign = rand(2) ? '-' : '';
  switch (kind) {
    case 0:
      return String(rand(9) - 4);
    case 1: {
      // a long decimal
      let digits = String(1 + rand(9));
      for (let i = rand(30); i > 0; i--) digits += String(rand(10));
      return `${sign}${digits}e${rand(41) - 20}`;
    }
    case 2:
      return `${sign}${['1e16', '1e-7', '3e16', '1', '2.5e-7', '9007199254740993'][rand(6)]}`;
    default:
      return `${sign}${rand(1000) / 8}`;
  }
}

interface RandomCircuit {
  readonly source: string;
  readonly inputs: number;
}

/**
 * Layers of neurons, each over random earlier wires (repeats and the constants 0 and 1 among
 * them), weights of one kind per neuron; biases sometimes put exactly on the boundary of a
 * subset of the weights, or a hair either side.
 */
function randomCircuit(seed: number, maxFanIn: number): RandomCircuit {
  const rand = seededRandom(seed);
  const inputs = 1 + rand(7);
  const wires = Array.from({ length: inputs }, (_, i) => `x${i}`);
  const decls: string[] = [];
  const lines: string[] = [];
  const count = 1 + rand(10);
  for (let k = 0; k < count; k++) {
    const fanIn = 1 + rand(rand(4) === 0 ? maxFanIn : 4);
    const kind = rand(4);
    const weights = Array.from({ length: fanIn }, () => randomWeight(rand, kind));
    let bias = randomWeight(rand, kind);
    if (rand(2) === 0) {
      const subset = weights.filter(() => rand(2) === 1);
      const sum = subset.map(decimal).reduce((a, b) => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den }), { num: 0n, den: 1n });
      const nudge = [0n, 1n, -1n][rand(3)]!;
      // -sum (+ or - 10^-40): the bias as an exact decimal, scaled to 40 places.
      const scaled = (-sum.num * 10n ** 40n) / sum.den + nudge;
      if ((-sum.num * 10n ** 40n) % sum.den === 0n) bias = `${scaled}e-40`;
    }
    const threshold = rand(10) === 0;
    decls.push(
      threshold
        ? `neuron N${k}(${weights.map((_, i) => `i${i}`).join(', ')}) { threshold: ${rand(fanIn + 2) - 1} }`
        : `neuron N${k}(${weights.map((_, i) => `i${i}`).join(', ')}) { weights: ${weights.join(', ')}  bias: ${bias} }`,
    );
    const args = weights.map(() => (rand(10) === 0 ? String(rand(2)) : wires[rand(wires.length)]!));
    lines.push(`  w${k} = N${k}(${args.join(', ')})`);
    wires.push(`w${k}`);
  }
  const outs = [`w${count - 1}`, wires[rand(wires.length)]!, rand(3) === 0 ? '1' : wires[inputs + rand(count)]!];
  const params = wires.slice(0, inputs).join(', ');
  return {
    source: `${decls.join('\n')}\ncircuit R(${params}) -> (${outs.map((_, i) => `o${i}`).join(', ')}) {\n${lines.join('\n')}\n${outs.map((w, i) => `  o${i} = ${w}`).join('\n')}\n}`,
    inputs,
  };
}

describe('the bit-parallel engine', () => {
  it('agrees with the reference and the row engine on every example, every signal and row', () => {
    const dir = new URL('../circuits/', import.meta.url);
    let parts = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.nn'))) {
      const { model } = checkSource(`import "circuits/${file}"`);
      for (const [name, part] of model!.parts) {
        // An imported part is compared with the file that declares it, once.
        if (part.file !== `circuits/${file}`) continue;
        if (part.kind === 'neuron' && part.training) continue; // fitted: see the fit tests
        const netlist = elaborate(model!, name);
        if (!netlist.ok) continue; // uses a fitted neuron, or has width parameters
        if (!isCombinational(netlist.value)) continue; // has memory: see the simulator's tests (sim.test.ts)
        const inputs = netlist.value.inputs.length;
        if (inputs > 12) continue; // a 16-bit adder's 2^32 rows: see the prover tests
        const circuit = compile(netlist.value);
        // One engine for both sweeps: its program for blocks of 64 words is compiled once.
        const bits = bitEngine(circuit);
        expect(allRows(rowEngine(circuit)).join('\n'), `${file} ${name}`).toBe(allRows(bits).join('\n'));
        // The reference walks syntax trees, slowly: every row up to 8 inputs, a sample beyond.
        const rows = truthTable(bits).filter((_, r) => inputs <= 8 || r % 61 === 0);
        const reference = rowsText(rows, (row) => referenceEval(model!, name, row.inputs));
        expect(
          rowsText(rows, (row) => row.outputs),
          `${file} ${name}`,
        ).toBe(reference);
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(15);
  });

  // Each new shape of file costs the parser a full match, so these stay few and small: 20 (400
  // at NN_TEST_SCALE=20, helpers.ts); the netlists below go wide.
  const circuits = 20 * TEST_SCALE;
  it(`agrees with the reference and the row engine on ${circuits} random circuits`, () => {
    for (let seed = 1; seed <= circuits; seed++) {
      const { source } = randomCircuit(seed, 6);
      const { circuit, model } = compileSource(source, 'R');
      const bits = allRows(bitEngine(circuit), 1 + (seed % 3)).join('\n');
      expect(allRows(rowEngine(circuit)).join('\n'), `seed ${seed}\n${source}`).toBe(bits);
      const rows = truthTable(bitEngine(circuit));
      const reference = rowsText(rows, (row) => referenceEval(model, 'R', row.inputs));
      expect(
        rowsText(rows, (row) => row.outputs),
        `seed ${seed}\n${source}`,
      ).toBe(reference);
    }
    reportScale('random circuits: reference, row engine and bit-parallel engine agree', circuits);
  });

  // Each netlist costs two code generations and an exact trace per row, so these stay 100 (2,000
  // at NN_TEST_SCALE=20); one in 5 has neurons of fan-in up to 300 (20 of them), the rest up to
  // 5 or 40, and the weights of the pool below put most sums past what a double holds.
  const netlists = 100 * TEST_SCALE;
  it(`agrees with exact traces and the row engine on ${netlists} random netlists, fan-ins up to 300`, () => {
    const rand = seededRandom(77);
    const pool = ['0', '1', '-1', '2', '-3', '1e16', '-1e16', '1e-7', '-2.5e-7', '12345678901234567890123', '0.1', '-0.3'];
    let huge = 0;
    for (let n = 0; n < netlists; n++) {
      const inputs = 1 + rand(6);
      const neurons: Netlist['neurons'][number][] = [];
      const count = 1 + rand(8);
      for (let k = 0; k < count; k++) {
        const fanIn = 1 + rand(n % 5 === 0 ? 300 : rand(5) === 0 ? 40 : 5);
        const pick = (): Signal => {
          const r = rand(inputs + k + 2);
          return r < 2
            ? { kind: 'constant', value: r as 0 | 1 }
            : r < inputs + 2
              ? { kind: 'input', index: r - 2 }
              : { kind: 'neuron', index: r - inputs - 2 };
        };
        const weights = Array.from({ length: fanIn }, () => decimal(pool[rand(pool.length)]!));
        neurons.push({
          name: `n${k}`,
          scopes: [],
          part: `P${k}`,
          weights,
          bias: decimal(pool[rand(pool.length)]!),
          inputs: Array.from({ length: fanIn }, pick),
          layer: 1,
        });
      }
      const netlist: Netlist = withScalarPorts({
        name: 'R',
        inputs: Array.from({ length: inputs }, (_, i) => `x${i}`),
        outputs: [{ name: 'y', source: { kind: 'neuron', index: count - 1 } }],
        neurons,
        depth: 1,
      });
      const c = compile(netlist);
      if (c.forms.some((f) => !f.fitsDoubles)) huge++;
      const bits = allRows(bitEngine(c)).join('\n');
      const traced = Array.from({ length: rowCount(c) }, (_, r) => {
        const x = Array.from({ length: inputs }, (_, i) => integer((r >> (inputs - 1 - i)) & 1));
        const e = evaluate(c, x);
        return `01${x.map((v) => v.num).join('')}${e.neurons.map((t) => t.output).join('')}`;
      }).join('\n');
      expect(bits, `netlist ${n}`).toBe(traced);
      expect(allRows(rowEngine(c)).join('\n'), `netlist ${n}`).toBe(traced);
    }
    // Most have a neuron whose integer sums no double holds exactly.
    expect(huge).toBeGreaterThan(0.75 * netlists);
    reportScale('random netlists: exact traces, row engine and bit-parallel engine agree', netlists);
  });

  it('decides 1e16 + 1 - 1e16 - 1 < 0 exactly, and sums past 2^53 in a counter', () => {
    const { circuit } = compileSource('neuron N(a, b, c) { weights: 1e16, 1, -1e16  bias: -1 }', 'N');
    expect(truthTable(bitEngine(circuit)).map((r) => r.outputs[0])).toEqual([0, 0, 1, 0, 1, 0, 1, 1]);
    // 6 inputs, 40 gates over them, and a neuron of the 40 with weights 2^70 + i, its bias
    // on the sum of the first 20: no double holds these sums, and 40 is too wide for a diagram.
    const inputs = 6;
    const rand = seededRandom(11);
    const gates: Netlist['neurons'][number][] = Array.from({ length: 40 }, (_, k) => ({
      name: `g${k}`,
      scopes: [],
      part: 'G',
      weights: [integer(rand(5) - 2), integer(rand(5) - 2), integer(rand(5) - 2)],
      bias: integer(rand(3) - 1),
      inputs: [0, 1, 2].map((): Signal => ({ kind: 'input', index: rand(inputs) })),
      layer: 1,
    }));
    const w = Array.from({ length: 40 }, (_, i) => (1n << 70n) + BigInt(i));
    const edge = w.slice(0, 20).reduce((a, b) => a + b, 0n);
    for (const bias of [-edge, -edge + 1n, -edge - 1n]) {
      const out = {
        name: 'y',
        scopes: [],
        part: 'Y',
        weights: w.map((x) => integer(x)),
        bias: integer(bias),
        inputs: gates.map((_, k): Signal => ({ kind: 'neuron', index: k })),
        layer: 2,
      };
      const netlist: Netlist = withScalarPorts({
        name: 'Wide',
        inputs: Array.from({ length: inputs }, (_, i) => `x${i}`),
        outputs: [{ name: 'y', source: { kind: 'neuron', index: 40 } }],
        neurons: [...gates, out],
        depth: 2,
      });
      const c = compile(netlist);
      expect(c.forms[40]!.fitsDoubles).toBe(false);
      expect(compileBits(c).exactNeurons).toBe(0);
      expect(allRows(bitEngine(c))).toEqual(allRows(rowEngine(c)));
    }
  });

  it('runs on blocks of any size and rows not a multiple of 32, and sets only what is kept', () => {
    const { circuit } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const full = allRows(bitEngine(circuit));
    for (const words of [1, 2, 5]) expect(allRows(bitEngine(circuit), words)).toEqual(full);
    const kept = bitEngine(circuit, { keep: Array.from(circuit.outputSignals) });
    const outputs = (rows: string[]) => rows.map((r) => Array.from(circuit.outputSignals, (s) => r[s]).join(''));
    expect(outputs(allRows(kept))).toEqual(outputs(full));
    const program = kept.program(64);
    expect(program.operations).toBeLessThan(bitEngine(circuit).program(64).operations + 1);
    expect(program.exactNeurons).toBe(0);
  });

  it('turns small gates into a few operations, and a wire into none', () => {
    const ops = (source: string, name: string) => compileBits(compileSource(source, name).circuit).operations;
    expect(ops('neuron AND(a, b) { weights: 1, 1  bias: -2 }', 'AND')).toBe(1);
    expect(ops('neuron NAND(a, b) { weights: -1, -1  bias: 1 }', 'NAND')).toBe(2);
    expect(ops('neuron MAJ(a, b, c) { weights: 1, 1, 1  bias: -2 }', 'MAJ')).toBeLessThanOrEqual(4);
    expect(ops('neuron N(a, b) { weights: 1, 1e-9  bias: -0.5 }\ncircuit W(a, b) -> y {\n  y = N(a, b)\n}', 'W')).toBe(0);
  });
});

describe('the WebAssembly SIMD kernel', () => {
  // 45 random netlists (900 at NN_TEST_SCALE=20) of up to 14 inputs and 12 neurons.
  const netlists = 45 * TEST_SCALE;
  it(`compiles, and gives what the generated JavaScript gives, on examples and ${netlists} random netlists`, () => {
    const rand = seededRandom(5);
    const circuits = ['Adder4', 'FullAdder', 'MUX'].map(
      (name) => compileSource(`import "circuits/${name === 'Adder4' ? 'adder4' : name === 'MUX' ? 'mux' : 'full-adder'}.nn"`, name).circuit,
    );
    for (let n = 0; n < netlists; n++) {
      const inputs = 1 + rand(14);
      const neurons: Netlist['neurons'][number][] = [];
      for (let k = 0; k < 1 + rand(12); k++) {
        const fanIn = 1 + rand(6);
        const pick = (): Signal => {
          const r = rand(inputs + k + 2);
          return r < 2
            ? { kind: 'constant', value: r as 0 | 1 }
            : r < inputs + 2
              ? { kind: 'input', index: r - 2 }
              : { kind: 'neuron', index: r - inputs - 2 };
        };
        neurons.push({
          name: `n${k}`,
          scopes: [],
          part: 'P',
          weights: Array.from({ length: fanIn }, () => integer(rand(7) - 3)),
          bias: integer(rand(7) - 3),
          inputs: Array.from({ length: fanIn }, pick),
          layer: 1,
        });
      }
      circuits.push(
        compile(
          withScalarPorts({
            name: 'R',
            inputs: Array.from({ length: inputs }, (_, i) => `x${i}`),
            outputs: [{ name: 'y', source: { kind: 'neuron', index: neurons.length - 1 } }],
            neurons,
            depth: 1,
          }),
        ),
      );
    }
    let simd = 0;
    for (const c of circuits) {
      for (const words of [4, 16]) {
        const program = compileBits(c, { words });
        if (!program.wasm) continue;
        expect(simdKernel(program.wasm, words)).toBeDefined();
        simd++;
        const vector = bitRunner(program, { simdAfter: 0 });
        const plain = bitRunner({ ...program, wasm: undefined });
        const a = newBlock(c, words);
        const b = newBlock(c, words);
        for (let first = 0; first < rowCount(c); first += a.capacity) {
          setExhaustive(c, a, first, { lazy: true });
          setExhaustive(c, b, first);
          vector(a);
          plain(b);
          for (let k = 0; k < c.neuronCount; k++) {
            const s = (2 + c.inputCount + k) * words;
            for (let w = 0; w < Math.ceil(a.rows / 32); w++) {
              const mask = a.rows - 32 * w >= 32 ? -1 : (1 << (a.rows - 32 * w)) - 1;
              if (((a.values[s + w]! ^ b.values[s + w]!) & mask) !== 0)
                throw new Error(`neuron ${k} differs on word ${w} of block ${first}`);
            }
          }
        }
      }
    }
    expect(simd).toBeGreaterThan((150 / 90) * netlists);
    reportScale('random netlists: the SIMD kernel and the generated JavaScript agree', netlists);
  });
});

describe('writing rows', () => {
  // 100 random shapes (2,000 with NN_TEST_SCALE=20, helpers.ts): each a writer of its own.
  const shapes = 100 * TEST_SCALE;
  it('writes the same bytes with word stores as byte by byte, for any row length, range and offset', () => {
    const rand = seededRandom(21);
    for (let n = 0; n < shapes; n++) {
      const words = 1 + rand(3);
      const signals = Array.from({ length: 1 + rand(9) }, () => rand(4));
      // A template of random bytes with the digits at random distinct places.
      const length = signals.length + rand(12);
      const template = Uint8Array.from({ length }, () => 32 + rand(90));
      const positions = [...Array(length).keys()].sort(() => rand(3) - 1).slice(0, signals.length);
      const shape = { header: new Uint8Array(), footer: new Uint8Array(), template, separatorBytes: 0, positions, signals };
      const values = Int32Array.from({ length: 4 * words }, () => rand(2 ** 16) * 2 ** 16 + rand(2 ** 16));
      const from = rand(32 * words);
      const to = from + rand(32 * words - from + 1);
      const at = rand(8);
      const out = new Uint8Array(at + (to - from) * length + 8);
      const end = rowsWriter(shape, words)(values, from, to, out, at);
      const want = new Uint8Array(out.length);
      for (let r = from; r < to; r++) {
        const base = at + (r - from) * length;
        want.set(template, base);
        signals.forEach((sig, c) => (want[base + positions[c]!] = 48 + ((values[sig * words + (r >>> 5)]! >>> (r & 31)) & 1)));
      }
      expect(end).toBe(at + (to - from) * length);
      expect(Buffer.from(out).toString('latin1'), `shape ${n}`).toBe(Buffer.from(want).toString('latin1'));
    }
  });
});

describe('the engine for a circuit', () => {
  it('runs the first rows of a very wide neuron on the row engine, then compiles, with the same results', () => {
    // 2,001 inputs (wide from 2,000 on), weights alternating +1 and -1: it fires when at least
    // as many even-numbered inputs as odd-numbered ones are 1.
    // Built as a netlist: what the engines meet is the same, without parsing 2,001 names.
    const n = 2001;
    const weights = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const circuit = compile(
      withScalarPorts({
        name: 'W',
        inputs: Array.from({ length: n }, (_, i) => `x${i}`),
        outputs: [{ name: 'W', source: { kind: 'neuron', index: 0 } }],
        neurons: [
          {
            name: 'W',
            scopes: [],
            part: 'W',
            weights: weights.map((w) => integer(w)),
            bias: integer(0),
            inputs: weights.map((_, i): Signal => ({ kind: 'input', index: i })),
            layer: 1,
          },
        ],
        depth: 1,
      }),
    );
    // Random rows, 32 bits of one draw at a time.
    const rand = seededRandom(17);
    const rows = Array.from({ length: 400 }, () => {
      const row = new Array<0 | 1>(n);
      for (let i = 0, bits = 0; i < n; i++, bits >>>= 1) {
        if (i % 32 === 0) bits = rand(2 ** 32);
        row[i] = (bits & 1) as 0 | 1;
      }
      return row;
    });
    // The neuron by hand: Σ w·x ≥ 0.
    const fires = (row: readonly number[]) => {
      let z = 0;
      for (let i = 0; i < n; i++) z += weights[i]! * row[i]!;
      return z >= 0 ? 1 : 0;
    };
    const engine = engineFor(circuit);
    const kinds: string[] = [];
    const got: number[] = [];
    for (let from = 0; from < rows.length; from += 100) {
      const block = newBlock(circuit, 4);
      setRows(circuit, block, rows.slice(from, from + 100), 0);
      engine.run(block);
      kinds.push(engine.kind);
      for (let r = 0; r < block.rows; r++) got.push(block.bit(circuit.outputSignals[0]!, r));
    }
    expect(got.join('')).toBe(rows.map(fires).join(''));
    expect(kinds).toEqual(['row', 'row', 'row', 'bit-parallel']);
  });
});

describe('counting rows', () => {
  it('counts each output and each combination, as the table says', () => {
    const { circuit } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const counts = countRows(engineFor(circuit), { from: 0, to: 256 });
    const table = truthTable(rowEngine(circuit));
    expect(counts.rows).toBe(256);
    expect(Array.from(counts.ones)).toEqual(
      circuit.outputSignals.length ? Array.from(circuit.outputSignals, (_, i) => table.filter((r) => r.outputs[i] === 1).length) : [],
    );
    const byValue = new Map<number, number>();
    for (const r of table) {
      const v = parseInt(r.outputs.join(''), 2);
      byValue.set(v, (byValue.get(v) ?? 0) + 1);
    }
    for (let v = 0; v < 32; v++) expect(counts.combinations![v], `value ${v}`).toBe(byValue.get(v) ?? 0);
    // The sum a + b of two 4-bit numbers is s on min(s, 30 - s) + 1 rows.
    for (let s = 0; s <= 30; s++) expect(counts.combinations![s]).toBe(Math.min(s, 30 - s) + 1);
  });

  it('counts a range that ends inside a word', () => {
    const { circuit } = compileSource('import "circuits/adder4.nn"', 'Adder4');
    const part = countRows(engineFor(circuit), { from: 64, to: 64 + 45 });
    const table = truthTable(rowEngine(circuit)).slice(64, 64 + 45);
    expect(part.rows).toBe(45);
    expect(part.ones[0]).toBe(table.filter((r) => r.outputs[0] === 1).length);
  });

  it('transposes bit matrices in lanes of 8, 16 and 32 bits', () => {
    const rand = seededRandom(3);
    for (const lane of [8, 16, 32] as const) {
      const m = Int32Array.from({ length: 32 }, () => rand(2 ** 16) * 2 ** 16 + rand(2 ** 16));
      const t = m.slice();
      transposeLanes(t, lane);
      // Bit i of word j in lane l, against bit j of word i: one string per lane, compared once.
      for (let l = 0; l < 32 / lane; l++) {
        let got = '';
        let want = '';
        for (let i = 0; i < lane; i++) {
          for (let j = 0; j < lane; j++) {
            got += (t[j]! >>> (l * lane + i)) & 1;
            want += (m[i]! >>> (l * lane + j)) & 1;
          }
          got += '\n';
          want += '\n';
        }
        expect(got, `lane ${l} of ${lane} bits`).toBe(want);
      }
    }
  });

  it('counts combinations of 1 to 20 outputs', () => {
    const rand = seededRandom(8);
    for (let k = 1; k <= 20; k++) {
      const words = 2;
      const block = new Block(2 + k, words);
      for (let i = 0; i < k * words; i++) block.values[2 * words + i] = rand(2 ** 16) * 2 ** 16 + rand(2 ** 16);
      block.rows = 50;
      const outputs = Int32Array.from({ length: k }, (_, i) => 2 + i);
      const counts = emptyCounts(k);
      countBlock(block, outputs, counts);
      const want = new Map<number, number>();
      for (let r = 0; r < 50; r++) {
        let v = 0;
        for (let i = 0; i < k; i++) v = 2 * v + block.bit(2 + i, r);
        want.set(v, (want.get(v) ?? 0) + 1);
      }
      const got = new Map<number, number>();
      const combinations = counts.combinations!;
      for (let v = 0; v < combinations.length; v++) if (combinations[v]! > 0) got.set(v, combinations[v]!);
      expect(got, `${k} outputs`).toEqual(want);
    }
  });
});
