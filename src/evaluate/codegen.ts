// The row engine's inner loop: one row of bits through every neuron. For that hot loop the
// program is turned into straight-line JavaScript, one statement per neuron with its integer
// weights as literals, which V8 compiles to tight machine code.

import type { CompiledCircuit } from './compile.js';
import { neuronSignal } from './compile.js';
import { integerSum } from '../arith/neuron.js';

/** Evaluates every neuron for the input bits already in `v` (indexed by signal). */
export type RowFunction = (v: Uint8Array) => void;

/** Neurons per generated function: small enough for V8 to optimize each one. */
const PER_FUNCTION = 1000;
/** Beyond this many neurons the source would be huge; the typed-array loop is used instead. */
const MAX_GENERATED = 200_000;
/**
 * A neuron reading more inputs than this is summed by a loop rather than one long expression:
 * V8's parser recurses once per `+`, and a fan-in of some thousands overflows its stack.
 */
const MAX_INLINE_FAN_IN = 64;

const cache = new WeakMap<CompiledCircuit, RowFunction>();

export function rowFunction(c: CompiledCircuit): RowFunction {
  let fn = cache.get(c);
  if (!fn) {
    fn = c.neuronCount > MAX_GENERATED ? (v) => runRow(c, v) : generate(c);
    cache.set(c, fn);
  }
  return fn;
}

/**
 * The typed-array loop: the same decisions as the generated code. Neurons whose integers
 * exceed 2^53 are summed in BigInt; the rest in doubles, where every sum is an exact integer.
 */
export function runRow(c: CompiledCircuit, v: Uint8Array): void {
  const { offsets, sources, weights, bias, neuronCount, forms } = c;
  const first = neuronSignal(c, 0);
  for (let k = 0; k < neuronCount; k++) {
    const form = forms[k]!;
    if (!form.fitsDoubles) {
      v[first + k] = exactFires(c, k, v) ? 1 : 0;
      continue;
    }
    let sum = bias[k]!;
    for (let j = offsets[k]!, end = offsets[k + 1]!; j < end; j++) sum += weights[j]! * v[sources[j]!]!;
    v[first + k] = sum >= 0 ? 1 : 0;
  }
}

/** The input bits of the neuron being decided exactly: one array for all, not one per row. */
let exactBits = new Uint8Array(64);

/** Neuron k's decision in exact integer arithmetic, on the bits in `v`. */
export function exactFires(c: CompiledCircuit, k: number, v: Uint8Array): boolean {
  const from = c.offsets[k]!;
  const fanIn = c.offsets[k + 1]! - from;
  if (exactBits.length < fanIn) exactBits = new Uint8Array(2 * fanIn);
  // integerSum reads the first fanIn bits only (one per weight).
  for (let j = 0; j < fanIn; j++) exactBits[j] = v[c.sources[from + j]!]!;
  return integerSum(c.forms[k]!, exactBits) >= 0n;
}

function generate(c: CompiledCircuit): RowFunction {
  const { offsets, sources, weights, bias, neuronCount, forms } = c;
  const first = neuronSignal(c, 0);
  const parts: RowFunction[] = [];
  const exact = (k: number, v: Uint8Array) => exactFires(c, k, v);
  for (let from = 0; from < neuronCount; from += PER_FUNCTION) {
    const lines: string[] = [];
    for (let k = from; k < Math.min(neuronCount, from + PER_FUNCTION); k++) {
      const target = `v[${first + k}]`;
      const fanIn = offsets[k + 1]! - offsets[k]!;
      if (!forms[k]!.fitsDoubles) {
        lines.push(`${target} = exact(${k}, v) ? 1 : 0;`);
      } else if (fanIn > MAX_INLINE_FAN_IN) {
        lines.push(`s = ${literal(bias[k]!)}; for (let j = ${offsets[k]}; j < ${offsets[k + 1]}; j++) s += W[j] * v[S[j]]; ${target} = s >= 0 ? 1 : 0;`);
      } else {
        let sum = literal(bias[k]!);
        for (let j = offsets[k]!; j < offsets[k + 1]!; j++) {
          const w = weights[j]!;
          const x = `v[${sources[j]}]`;
          sum += w === 1 ? ` + ${x}` : w === -1 ? ` - ${x}` : ` + ${literal(w)} * ${x}`;
        }
        lines.push(`${target} = ${sum} >= 0 ? 1 : 0;`);
      }
    }
    const body = `"use strict";\nreturn function (v) {\nlet s = 0;\n${lines.join('\n')}\n};`;
    parts.push((new Function('W', 'S', 'exact', body) as (w: Float64Array, s: Int32Array, e: typeof exact) => RowFunction)(weights, sources, exact));
  }
  if (parts.length === 1) return parts[0]!;
  return (v) => {
    for (const part of parts) part(v);
  };
}

/** A number as JavaScript source that reads back as exactly the same double. */
function literal(x: number): string {
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}
