// Truth tables run every neuron once per row, a million rows for a 20-input circuit. For that
// hot loop the program is turned into straight-line JavaScript, one statement per neuron with
// its weights as literals, which V8 compiles to tight machine code: several times faster than
// walking the typed arrays. The arithmetic is the same as `run`, term for term, in order.

import type { CompiledCircuit } from './compile.js';
import { run, type Values } from './evaluate.js';

export type RowFunction = (v: Values) => void;

/** Neurons per generated function: small enough for V8 to optimize each one. */
const PER_FUNCTION = 1000;
/** Beyond this many neurons the source would be huge; the typed-array loop is used instead. */
const MAX_GENERATED = 200_000;

const cache = new WeakMap<CompiledCircuit, RowFunction>();

/** A function that evaluates every neuron of `program` for the inputs already in `v`. */
export function rowFunction(program: CompiledCircuit): RowFunction {
  let fn = cache.get(program);
  if (!fn) {
    fn = program.neuronCount > MAX_GENERATED ? (v) => run(program, v) : generate(program);
    cache.set(program, fn);
  }
  return fn;
}

function generate(program: CompiledCircuit): RowFunction {
  const { offsets, sources, weights, bias, neuronCount, firstNeuron } = program;
  const parts: RowFunction[] = [];
  for (let from = 0; from < neuronCount; from += PER_FUNCTION) {
    const lines: string[] = [];
    for (let k = from; k < Math.min(neuronCount, from + PER_FUNCTION); k++) {
      let sum = literal(bias[k]!);
      for (let j = offsets[k]!; j < offsets[k + 1]!; j++) {
        const w = weights[j]!;
        const x = `v[${sources[j]}]`;
        sum += w === 1 ? ` + ${x}` : w === -1 ? ` - ${x}` : ` + ${literal(w)} * ${x}`;
      }
      lines.push(`v[${firstNeuron + k}] = ${sum} >= 0 ? 1 : 0;`);
    }
    parts.push(new Function('v', `"use strict";\n${lines.join('\n')}`) as RowFunction);
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
