// Circuits for proofs and their benchmarks, written out with scalar ports: adders built two
// different ways (and one deliberately broken), and two different 8-bit multipliers.
import { GATES, adder } from './generate.js';

export { adder };

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** Threshold neurons for a full adder without XOR: carry = majority, sum = a + b + c - 2·carry ≥ 1. */
export const THRESHOLD_GATES = `neuron MAJ(a, b, c)        { weights: 1, 1, 1  bias: -2 }
neuron SUM3(a, b, c, carry) { weights: 1, 1, 1, -2  bias: -1 }
neuron AND2(a, b)           { weights: 1, 1  bias: -2 }
neuron SUM2(a, b, carry)    { weights: 1, 1, -2  bias: -1 }
`;

const ports = (n) => {
  const down = range(n).reverse();
  return {
    inputs: [...down.map((i) => `a${i}`), ...down.map((i) => `b${i}`)].join(', '),
    outputs: ['cout', ...down.map((i) => `s${i}`)].join(', '),
  };
};

/**
 * An n-bit ripple-carry adder of threshold full adders, with the same ports as `adder(n)`:
 * `MajAdder<n>(a<n-1>..a0, b<n-1>..b0) -> (cout, s<n-1>..s0)`. With `brokenBit`, that bit's
 * carry forgets the carry in (AND instead of majority).
 */
export function majorityAdder(n, { name = `MajAdder${n}`, brokenBit } = {}) {
  const { inputs, outputs } = ports(n);
  const lines = [`circuit ${name}(${inputs}) -> (${outputs}) {`];
  for (let i = 0; i < n; i++) {
    const c = i === n - 1 ? 'cout' : `c${i}`;
    if (i === 0 || i === brokenBit) lines.push(`  ${c} = AND2(a${i}, b${i})`);
    else lines.push(`  ${c} = MAJ(a${i}, b${i}, c${i - 1})`);
    lines.push(i === 0 ? `  s0 = SUM2(a0, b0, ${c})` : `  s${i} = SUM3(a${i}, b${i}, c${i - 1}, ${c})`);
  }
  lines.push('}');
  return `${THRESHOLD_GATES}\n${lines.join('\n')}\n`;
}

/** The first line of an n×n-bit multiplier: `circuit NAME(a<n-1>.., b<n-1>..) -> (p<2n-1>..p0) {`. */
function multiplierHead(name, n) {
  const down = range(n).reverse();
  const inputs = [...down.map((i) => `a${i}`), ...down.map((i) => `b${i}`)].join(', ');
  const outputs = range(2 * n)
    .reverse()
    .map((k) => `p${k}`)
    .join(', ');
  return `circuit ${name}(${inputs}) -> (${outputs}) {`;
}

/**
 * An n×n-bit array multiplier: partial products AND(a_i, b_j), accumulated row by row with
 * ripple-carry adders of XOR full adders. `ArrayMul<n>(a.., b..) -> (p<2n-1>..p0)`.
 */
export function arrayMultiplier(n) {
  const lines = [multiplierHead(`ArrayMul${n}`, n)];
  let id = 0;
  const fresh = (p) => `${p}${id++}`;
  const acc = range(2 * n).map(() => null);
  for (let j = 0; j < n; j++) {
    let carry = null;
    for (let i = 0; i < n; i++) {
      const pp = fresh('pp');
      lines.push(`  ${pp} = AND(a${i}, b${j})`);
      const k = i + j;
      const terms = [acc[k], pp, carry].filter((x) => x !== null);
      if (terms.length === 1) {
        acc[k] = pp;
        continue;
      }
      const s = fresh('s');
      const c = fresh('c');
      lines.push(
        terms.length === 2 ? `  (${s}, ${c}) = HalfAdder(${terms[0]}, ${terms[1]})` : `  (${s}, ${c}) = FullAdder(${terms.join(', ')})`,
      );
      acc[k] = s;
      carry = c;
    }
    for (let k = j + n; carry !== null; k++) {
      if (acc[k] === null) {
        acc[k] = carry;
        carry = null;
      } else {
        const s = fresh('s');
        const c = fresh('c');
        lines.push(`  (${s}, ${c}) = HalfAdder(${acc[k]}, ${carry})`);
        acc[k] = s;
        carry = c;
      }
    }
  }
  range(2 * n).forEach((k) => lines.push(`  p${k} = ${acc[k] ?? '0'}`));
  lines.push('}');
  return `${GATES}\n${lines.join('\n')}\n`;
}

/**
 * An n×n-bit multiplier that sums each column of partial products with threshold full adders
 * (majority carry) before passing carries on: a different circuit with the same function and
 * the same ports as `arrayMultiplier(n)`. `ColumnMul<n>`.
 */
export function columnMultiplier(n) {
  const lines = [multiplierHead(`ColumnMul${n}`, n)];
  let id = 0;
  const fresh = (p) => `${p}${id++}`;
  const columns = range(2 * n + 1).map(() => []);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const pp = fresh('pp');
      lines.push(`  ${pp} = AND2(a${i}, b${j})`);
      columns[i + j].push(pp);
    }
  for (let k = 0; k < 2 * n; k++) {
    const col = columns[k];
    while (col.length > 1) {
      const c = fresh('c');
      const s = fresh('s');
      if (col.length >= 3) {
        const [x, y, z] = col.splice(0, 3);
        lines.push(`  ${c} = MAJ(${x}, ${y}, ${z})`, `  ${s} = SUM3(${x}, ${y}, ${z}, ${c})`);
      } else {
        const [x, y] = col.splice(0, 2);
        lines.push(`  ${c} = AND2(${x}, ${y})`, `  ${s} = SUM2(${x}, ${y}, ${c})`);
      }
      col.push(s);
      columns[k + 1].push(c);
    }
    lines.push(`  p${k} = ${col[0] ?? '0'}`);
  }
  lines.push('}');
  return `${THRESHOLD_GATES}\n${lines.join('\n')}\n`;
}
