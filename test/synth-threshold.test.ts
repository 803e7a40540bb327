// The exact core of synthesis: one neuron or not, decided by the integer simplex of
// src/synth/threshold.ts, checked against the counts of threshold functions (OEIS A000609)
// and against the HiGHS-based decision of src/train/separability.ts.

import { describe, expect, it } from 'vitest';
import { murogaBound } from '../src/train/bounds.js';
import { cubePoints, decideMask, maskPoints, thresholdFunctions } from '../src/synth/threshold-functions.js';
import { decideNeuron, type LabelledPoints, type NeuronDecision } from '../src/train/threshold.js';
import { decideSeparability } from '../src/train/separability.js';
import { seededRandom } from './helpers.js';

// Hang guards only: the solver's time varies with the machine's load, not the outcome.
const HANG_GUARD = { timeout: 120_000 };

/**
 * The evidence checked from scratch: weights by plain evaluation, certificates by their sums.
 * Returns what is wrong with it (nothing when it checks out), for one assertion per test
 * rather than one per point.
 */
function evidenceProblems(points: LabelledPoints, d: NeuronDecision): string[] {
  const { dim, count, x, y } = points;
  const problems: string[] = [];
  if (d.kind === 'neuron') {
    for (let i = 0; i < count; i++) {
      let z = d.bias;
      for (let j = 0; j < dim; j++) z += d.weights[j]! * x[i * dim + j]!;
      if ((z >= 0 ? 1 : 0) !== y[i]) problems.push(`point ${i} gives ${z >= 0 ? 1 : 0}, labelled ${y[i]}`);
    }
    return problems;
  }
  const sum = (terms: typeof d.positives) => {
    const s = new Array<bigint>(dim + 1).fill(0n);
    for (const t of terms) {
      if (!(t.multiplier > 0n)) problems.push(`the multiplier of point ${t.point} is ${t.multiplier}`);
      for (let j = 0; j < dim; j++) s[j]! += t.multiplier * BigInt(x[t.point * dim + j]!);
      s[dim]! += t.multiplier;
    }
    return s;
  };
  if (!(d.positives.every((t) => y[t.point] === 1) && d.negatives.every((t) => y[t.point] === 0)))
    problems.push('a point on the wrong side');
  const [p, q] = [sum(d.positives), sum(d.negatives)];
  if (p.some((v, j) => v !== q[j])) problems.push(`the sums differ: ${p} and ${q}`);
  return problems;
}

function checkEvidence(points: LabelledPoints, d: NeuronDecision): void {
  expect(evidenceProblems(points, d)).toEqual([]);
}

describe('one neuron or not', HANG_GUARD, () => {
  it('counts the threshold functions of 1 to 4 inputs: 4, 14, 104 and 1,882 (OEIS A000609), and lists the same ones input by input', () => {
    const counts: number[] = [];
    for (const n of [1, 2, 3, 4]) {
      const x = cubePoints(n);
      const found: number[] = [];
      for (let f = 0; f < 2 ** (2 ** n); f++) if (decideMask(n, f, x).kind === 'neuron') found.push(f);
      counts.push(found.length);
      expect(Array.from(thresholdFunctions(n))).toEqual(found);
    }
    expect(counts).toEqual([4, 14, 104, 1882]);
  });

  it('gives the same answers without the quick look at the bits, on every function of 3 inputs', () => {
    const x = cubePoints(3);
    const differ: number[] = [];
    for (let f = 0; f < 256; f++) if (decideNeuron(maskPoints(3, f, x)).kind !== decideMask(3, f, x).kind) differ.push(f);
    expect(differ).toEqual([]);
  });

  it('gives evidence that checks out, on all functions of 3 inputs and on random point sets', () => {
    const x = cubePoints(3);
    const problems: string[] = [];
    for (let f = 0; f < 256; f++) {
      const p = maskPoints(3, f, x);
      for (const problem of evidenceProblems(p, decideNeuron(p))) problems.push(`function ${f}: ${problem}`);
    }
    const rand = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const dim = 1 + rand(7);
      const count = 1 + rand(20);
      const p = { dim, count, x: Array.from({ length: dim * count }, () => rand(2)), y: Array.from({ length: count }, () => rand(2)) };
      for (const problem of evidenceProblems(p, decideNeuron(p))) problems.push(`trial ${trial}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('agrees with the HiGHS decision on a sample of 4-input functions and on points far from 0/1', async () => {
    const rand = seededRandom(11);
    const x4 = cubePoints(4);
    const samples: LabelledPoints[] = [];
    for (let k = 0; k < 16; k++) samples.push(maskPoints(4, rand(65536), x4));
    // Large coordinates push the integer simplex past 2^53, onto its BigInt path.
    for (let k = 0; k < 8; k++) {
      const dim = 3;
      const count = 8;
      samples.push({
        dim,
        count,
        x: Array.from({ length: dim * count }, () => rand(2001) - 1000),
        y: Array.from({ length: count }, () => rand(2)),
      });
    }
    for (const p of samples) {
      const ours = decideNeuron(p);
      checkEvidence(p, ours);
      const theirs = await decideSeparability({ x: Float64Array.from(p.x), y: Uint8Array.from(p.y), count: p.count, features: p.dim });
      expect(ours.kind === 'neuron').toBe(theirs.kind === 'separable');
    }
  });

  it('decides trivial cases: no points, one class, contradicting points', () => {
    expect(decideNeuron({ dim: 2, count: 0, x: [], y: [] }).kind).toBe('neuron');
    expect(decideNeuron({ dim: 2, count: 2, x: [0, 1, 1, 0], y: [1, 1] }).kind).toBe('neuron');
    const same = { dim: 2, count: 2, x: [1, 1, 1, 1], y: [1, 0] };
    const d = decideNeuron(same);
    expect(d.kind).toBe('impossible');
    checkEvidence(same, d);
  });
});

describe('weight bounds', HANG_GUARD, () => {
  it("computes Muroga's bound (m+1)^((m+1)/2) / 2^m exactly, rounded down", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(murogaBound)).toEqual([1, 1, 2, 3, 6, 14, 32, 76, 195]);
  });

  it('is never below the weights the threshold functions of up to 4 inputs actually need', () => {
    // Every threshold function of m inputs has a realisation within the bound: brute force
    // over integer weights in [-W, W] finds every function the exact decision calls threshold.
    for (const m of [1, 2, 3, 4]) {
      const W = murogaBound(m);
      const rows = 2 ** m;
      const found = new Set<number>();
      const w = new Int32Array(m).fill(-W);
      const sums = new Int32Array(rows);
      for (;;) {
        for (let r = 0; r < rows; r++) {
          let z = 0;
          for (let j = 0; j < m; j++) if ((r >> (m - 1 - j)) & 1) z += w[j]!;
          sums[r] = z;
        }
        for (let b = -(m * W + 1); b <= m * W; b++) {
          let f = 0;
          for (let r = 0; r < rows; r++) if (sums[r]! + b >= 0) f |= 1 << r;
          found.add(f);
        }
        let j = 0;
        while (j < m && w[j] === W) w[j++] = -W;
        if (j === m) break;
        w[j]!++;
      }
      expect(found.size).toBe(thresholdFunctions(m).length);
    }
  });
});
