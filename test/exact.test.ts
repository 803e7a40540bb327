// Every decision w·x + b >= 0 on bits is exact, for any numbers the language accepts: checked
// on the cases that floating point gets wrong, and on random decimal weights of 1 to 30 digits
// against an independent exact reference.

import { describe, expect, it } from 'vitest';
import { formatExact } from '../src/arith/format.js';
import { integerForm } from '../src/arith/neuron.js';
import { exactDecimal, fromNumber, parseDecimal, toNumber } from '../src/arith/rational.js';
import { compile } from '../src/evaluate/compile.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { rowEngine } from '../src/evaluate/row-engine.js';
import { truthTable } from '../src/evaluate/table.js';
import { elaborate } from '../src/elaborate/elaborate.js';
import { checkSource, compileSource, rowsText, seededRandom, TEST_SCALE } from './helpers.js';
import { referenceEval } from './reference.js';

const bits = (...b: number[]) => b.map((x) => parseDecimal(String(x))).map((r) => (r.ok ? r.value : undefined)!);

/** The neuron's outputs on every row, by each engine and by the exact trace, all required equal. */
function outputs(source: string, name: string): number[] {
  const { circuit, model } = compileSource(source, name);
  const generated = truthTable(rowEngine(circuit)).map((r) => r.outputs[0]!);
  const loop = truthTable(rowEngine(circuit, { generated: false })).map((r) => r.outputs[0]!);
  const traced = truthTable(rowEngine(circuit)).map((r) => (evaluate(circuit, bits(...r.inputs)).outputs[0]!.value.num === 1n ? 1 : 0));
  const reference = truthTable(rowEngine(circuit)).map((r) => referenceEval(model, name, r.inputs)[0]!);
  expect(loop).toEqual(generated);
  expect(traced).toEqual(generated);
  expect(reference).toEqual(generated);
  return generated;
}

describe('decisions the double arithmetic gets wrong', () => {
  it('1e16, 1, -1e16 with bias -1 on 1 0 1 is -1 on paper: it does not fire', () => {
    const src = 'neuron N(a, b, c) { weights: 1e16, 1, -1e16  bias: -1 }';
    expect(outputs(src, 'N')[0b101]).toBe(0);
    const { circuit } = compileSource(src, 'N');
    expect(formatExact(evaluate(circuit, bits(1, 0, 1)).neurons[0]!.z)).toBe('-1');
  });

  it('1e300 and -1e300 with bias -1e-300 at (1, 1): z = -1e-300', () => {
    const src = 'neuron N(a, b) { weights: 1e300, -1e300  bias: -1e-300 }';
    expect(outputs(src, 'N')).toEqual([0, 0, 1, 0]);
    const { circuit } = compileSource(src, 'N');
    expect(formatExact(evaluate(circuit, bits(1, 1)).neurons[0]!.z)).toBe('-1e-300');
  });

  it('1e16 mixed with 1e-7', () => {
    expect(outputs('neuron N(a, b, c) { weights: 1e16, 1e-7, -1e16  bias: -1e-7 }', 'N')).toEqual([0, 0, 1, 0, 1, 0, 1, 1]);
  });

  it('a bias of -1.0000000000000000001 makes AND, not OR', () => {
    expect(outputs('neuron N(a, b) { weights: 1, 1  bias: -1.0000000000000000001 }', 'N')).toEqual([0, 0, 0, 1]);
  });

  it('0.1 + 0.2 - 0.30000000000000001 is -1e-17: it does not fire', () => {
    expect(outputs('neuron N(a, b) { weights: 0.1, 0.2  bias: -0.30000000000000001 }', 'N')).toEqual([0, 0, 0, 0]);
    expect(outputs('neuron N(a, b) { weights: 0.1, 0.2  bias: -0.3 }', 'N')).toEqual([0, 0, 0, 1]);
  });

  it('McCulloch–Pitts thresholds are exact too', () => {
    expect(outputs('neuron N(a, b, c) { threshold: 2.0000000000000000000001 }', 'N')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('exact numbers', () => {
  it('reads decimals from their text and writes them back the same', () => {
    for (const text of ['0', '1', '-2', '0.5', '1e-300', '-1.0000000000000000001', '123456789012345678901234567890', '2.5e-7']) {
      const r = parseDecimal(text);
      expect(r.ok, text).toBe(true);
      if (r.ok) expect(Number(exactDecimal(r.value))).toBe(Number(text));
    }
    const long = parseDecimal('-1.0000000000000000001');
    if (!long.ok) throw new Error('parse');
    expect(exactDecimal(long.value)).toBe('-1.0000000000000000001');
  });

  it('refuses numbers outside the documented range', () => {
    expect(parseDecimal('1e999')).toEqual({ ok: false, reason: 'too-large' });
    expect(parseDecimal('1e-1001')).toEqual({ ok: false, reason: 'too-small' });
    expect(parseDecimal('1'.repeat(501))).toEqual({ ok: false, reason: 'too-many-digits' });
    expect(parseDecimal('0e99999999999')).toMatchObject({ ok: true });
    expect(checkSource('neuron N(a) { weights: 1e999  bias: 0 }').summary).toEqual([
      'not-finite main.nn:1:24 1e999 is too large: numbers must be finite (at most about 1.8e308)',
    ]);
  });

  it('rounds to the nearest double', () => {
    const r = seededRandom(5);
    const xs = Array.from({ length: 2000 }, () => (r(2) ? -1 : 1) * (r(1 << 30) + r(1 << 30) / (1 << 30)) * 2 ** (r(200) - 100));
    expect(xs.map((x) => toNumber(fromNumber(x)))).toEqual(xs);
    const third = { num: 1n, den: 3n };
    expect(toNumber(third)).toBe(1 / 3);
    expect(toNumber({ num: 10n ** 400n + 1n, den: 10n ** 399n })).toBe(10);
  });

  it('keeps small integers small: the integer form divides out common factors', () => {
    const n = integerForm([fromNumber(1000), fromNumber(1000)], fromNumber(-2000));
    expect(n).toMatchObject({ weights: [1n, 1n], bias: -2n, fitsDoubles: true });
    expect(integerForm([fromNumber(1e300)], fromNumber(1)).fitsDoubles).toBe(false);
  });
});

/** A random decimal of 1 to 30 digits with an exponent, as text. */
function randomDecimal(rand: (n: number) => number): string {
  const digits = 1 + rand(30);
  let text = String(1 + rand(9));
  for (let i = 1; i < digits; i++) text += String(rand(10));
  const exponent = rand(41) - 20;
  return `${rand(2) ? '-' : ''}${text}e${exponent}`;
}

/** The exact negation of a sum of decimal texts, as a decimal text (to put a row on the edge). */
function negatedSum(texts: readonly string[]): string {
  const terms = texts.map((t) => {
    const [m, e] = t.split('e') as [string, string];
    return { digits: BigInt(m), exponent: Number(e) };
  });
  const low = Math.min(...terms.map((t) => t.exponent));
  const sum = terms.reduce((s, t) => s + t.digits * 10n ** BigInt(t.exponent - low), 0n);
  return `${-sum}e${low}`;
}

describe('random decimal weights against an exact reference', () => {
  it('agree on every row, with biases placed on, just above and just below the boundary', () => {
    const rand = seededRandom(2024);
    // Every fan-in from 1 to 6 with every placement of the bias, 3 times each (60 times with
    // NN_TEST_SCALE=20, helpers.ts), weights random: neurons N0, N1, … of one file, read and
    // checked once.
    const neurons: string[] = [];
    for (let k = 0; k < 54 * TEST_SCALE; k++) {
      const fanIn = 1 + (k % 6);
      const weights = Array.from({ length: fanIn }, () => randomDecimal(rand));
      const subset = weights.filter(() => rand(2) === 1);
      // On the boundary, or a hair off it either way.
      let bias = subset.length > 0 ? negatedSum(subset) : randomDecimal(rand);
      const nudge = Math.floor(k / 6) % 3;
      if (nudge > 0 && subset.length > 0) bias = negatedSum([...subset, `${nudge === 1 ? '' : '-'}1e-${25 + rand(10)}`]);
      neurons.push(`neuron N${k}(${weights.map((_, i) => `x${i}`).join(', ')}) { weights: ${weights.join(', ')}  bias: ${bias} }`);
    }
    const checked = checkSource(neurons.join('\n'));
    expect(checked.summary).toEqual([]);
    for (const [k, src] of neurons.entries()) {
      const netlist = elaborate(checked.model!, `N${k}`);
      if (!netlist.ok) throw new Error(src);
      const circuit = compile(netlist.value);
      const table = truthTable(rowEngine(circuit));
      const loop = truthTable(rowEngine(circuit, { generated: false }));
      // Both engines on every row against the reference, one assertion each.
      const reference = rowsText(table, (row) => referenceEval(checked.model!, `N${k}`, row.inputs));
      expect(
        rowsText(table, (row) => row.outputs),
        src,
      ).toBe(reference);
      expect(
        rowsText(loop, (row) => row.outputs),
        src,
      ).toBe(reference);
    }
  });
});
