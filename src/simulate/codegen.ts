// A tick as straight-line JavaScript: one statement per neuron with its integer weights as
// literals, each loop a small `for` that updates its neurons in step until nothing changes.
// What the generated code cannot finish (a loop still moving after a few steps) it hands back
// to the interpreter in settle.ts, which decides exactly; the two are tested against each other.

import type { Machine } from './machine.js';
import { fires, neuronSignal, registerSignal } from './machine.js';

/**
 * Settles components `from` … of one chunk of the schedule on the values in `v`. Returns -1,
 * or the index of a loop that had not settled after `FAST_STEPS` steps (put back as the tick
 * found it): the caller settles that one and calls again from the next component.
 */
export type ChunkFunction = (v: Uint8Array, from: number) => number;

export interface TickProgram {
  readonly chunks: readonly { readonly first: number; readonly last: number; readonly run: ChunkFunction }[];
  /** The clock edge: every register takes the value of its input. */
  readonly clock: (v: Uint8Array) => void;
}

/** Steps a generated loop takes before the interpreter takes over. */
export const FAST_STEPS = 64;
/** Neurons per generated function: small enough for V8 to optimise each one. */
const PER_FUNCTION = 1000;
/** Beyond this many neurons the source would be huge: the interpreter runs instead. */
const MAX_GENERATED = 200_000;
/** A loop with more neurons than this is left to the interpreter. */
const MAX_GENERATED_LOOP = 256;
/** A neuron with a larger fan-in is summed by a loop (V8's parser recurses once per `+`). */
const MAX_INLINE_FAN_IN = 64;

/** The generated tick, or undefined when the circuit is too large to generate code for. */
export function tickProgram(m: Machine): TickProgram | undefined {
  if (m.neuronCount > MAX_GENERATED) return undefined;
  const decide = (k: number, v: Uint8Array) => fires(m, k, v);
  const chunks: { first: number; last: number; run: ChunkFunction }[] = [];
  let first = 0;
  while (first < m.components.length) {
    let last = first;
    let size = m.components[first]!.neurons.length;
    while (last + 1 < m.components.length && size + m.components[last + 1]!.neurons.length <= PER_FUNCTION) size += m.components[++last]!.neurons.length;
    chunks.push({ first, last, run: chunk(m, first, last, decide) });
    first = last + 1;
  }
  return { chunks, clock: clock(m) };
}

function chunk(m: Machine, first: number, last: number, decide: (k: number, v: Uint8Array) => number): ChunkFunction {
  const lines: string[] = [`switch (from) {`, `case ${first}:`];
  for (let c = first; c <= last; c++) {
    const { neurons, cyclic } = m.components[c]!;
    if (!cyclic) {
      const k = neurons[0]!;
      lines.push(`v[${neuronSignal(m, k)}] = ${decision(m, k)};`);
      continue;
    }
    if (neurons.length > MAX_GENERATED_LOOP) lines.push(`return ${c};`);
    else {
      const next = neurons.map((_, i) => `a${i}`);
      const targets = neurons.map((k) => `v[${neuronSignal(m, k)}]`);
      // Handed over, the loop is as the tick found it: the interpreter starts it again, so
      // what it reports does not depend on who ran first.
      lines.push(
        `{`,
        `const ${targets.map((t, i) => `b${i} = ${t}`).join(', ')};`,
        `for (let step = 0; ; step++) {`,
        ...neurons.map((k, i) => `const ${next[i]} = ${decision(m, k)};`),
        `if (${next.map((a, i) => `${a} === ${targets[i]}`).join(' && ')}) break;`,
        `if (step === ${FAST_STEPS}) { ${targets.map((t, i) => `${t} = b${i};`).join(' ')} return ${c}; }`,
        ...next.map((a, i) => `${targets[i]} = ${a};`),
        `}`,
        `}`,
      );
    }
    if (c < last) lines.push(`case ${c + 1}:`);
  }
  lines.push('}', 'return -1;');
  const body = `"use strict";\nreturn function (v, from) {\n${lines.join('\n')}\n};`;
  return (new Function('decide', body) as (d: typeof decide) => ChunkFunction)(decide);
}

/** Neuron k's value as an expression over `v`. */
function decision(m: Machine, k: number): string {
  const from = m.offsets[k]!;
  const to = m.offsets[k + 1]!;
  // Beyond doubles, or too wide for one expression: the interpreter's decision, called.
  if (!m.forms[k]!.fitsDoubles || to - from > MAX_INLINE_FAN_IN) return `decide(${k}, v)`;
  let sum = literal(m.bias[k]!);
  for (let j = from; j < to; j++) {
    const w = m.weights[j]!;
    const x = `v[${m.sources[j]}]`;
    sum += w === 1 ? ` + ${x}` : w === -1 ? ` - ${x}` : ` + ${literal(w)} * ${x}`;
  }
  return `(${sum} >= 0 ? 1 : 0)`;
}

function clock(m: Machine): (v: Uint8Array) => void {
  const n = m.registerCount;
  if (n > PER_FUNCTION) {
    const held = new Uint8Array(n);
    const first = registerSignal(m, 0);
    return (v) => {
      for (let r = 0; r < n; r++) held[r] = v[m.registerInputs[r]!]!;
      v.set(held, first);
    };
  }
  // Every register reads before any is written: a shift register moves one place per tick.
  const reads = Array.from({ length: n }, (_, r) => `const r${r} = v[${m.registerInputs[r]}];`);
  const writes = Array.from({ length: n }, (_, r) => `v[${registerSignal(m, r)}] = r${r};`);
  return new Function('v', `"use strict";\n${reads.join('\n')}\n${writes.join('\n')}`) as (v: Uint8Array) => void;
}

/** A number as JavaScript source that reads back as exactly the same double. */
function literal(x: number): string {
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}
