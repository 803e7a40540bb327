// Compiles a circuit for the bit-parallel engine: every neuron into bitwise operations on
// 32-row words (see bit-neuron.ts), the whole graph into straight-line JavaScript, one loop over
// the words of a block per function. The result is plain data (source text and integers), so a
// worker thread can run it without loading the compiler.

import { OpGraph, Op, ONE, ZERO } from './bit-ops.js';
import { buildNeuron } from './bit-neuron.js';
import { CONSTANT_SIGNALS, neuronSignal, type CompiledCircuit } from './compile.js';

/** One step of a program: a generated function over the block's words, or one neuron row by row. */
export type BitStep =
  | { readonly kind: 'words'; readonly source: string }
  | {
      readonly kind: 'exact';
      readonly weights: readonly bigint[];
      readonly bias: bigint;
      /** The block slots of its inputs. */
      readonly inputs: readonly number[];
      readonly output: number;
    };

export interface BitProgram {
  readonly signalCount: number;
  /** The block size (words of 32 rows) the generated code is written for. */
  readonly words: number;
  /** Scratch words per block word, for values passed between generated functions. */
  readonly scratch: number;
  readonly steps: readonly BitStep[];
  /** Bitwise operations per block word: the cost of the circuit. */
  readonly operations: number;
  /** Neurons decided row by row (too large a counter to build). */
  readonly exactNeurons: number;
}

export interface BitCompileOptions {
  /** The block size, in words. */
  readonly words?: number;
  /**
   * The signals whose words a run must set (default: every neuron). Neurons that none of them
   * needs are not evaluated at all.
   */
  readonly keep?: readonly number[];
}

/** Operations per generated function: small enough for V8 to optimise each one. */
const PER_FUNCTION = 1500;
const MAX_VALUES = 2 ** 26;

interface ExactNeuron {
  readonly at: number;
  readonly k: number;
  readonly inputs: readonly number[];
}

export function compileBits(c: CompiledCircuit, options: BitCompileOptions = {}): BitProgram {
  const words = options.words ?? 64;
  const g = new OpGraph(c.signalCount);
  const valueOf = new Int32Array(c.signalCount);
  for (let s = 0; s < c.signalCount; s++) valueOf[s] = s;
  const exact: ExactNeuron[] = [];
  for (let k = 0; k < c.neuronCount; k++) {
    const inputs: number[] = [];
    for (let j = c.offsets[k]!; j < c.offsets[k + 1]!; j++) inputs.push(valueOf[c.sources[j]!]!);
    const v = buildNeuron(g, c.forms[k]!, inputs);
    const signal = neuronSignal(c, k);
    if (v === undefined) exact.push({ at: g.size, k, inputs });
    else valueOf[signal] = v;
    if (c.signalCount + g.size >= MAX_VALUES) throw new RangeError(`${c.netlist.name} is too large for the bit-parallel engine`);
  }
  const keep = options.keep ?? Array.from({ length: c.neuronCount }, (_, k) => neuronSignal(c, k));
  return generate(c, g, valueOf, exact, keep, words);
}

function generate(c: CompiledCircuit, g: OpGraph, valueOf: Int32Array, exact: readonly ExactNeuron[], keep: readonly number[], words: number): BitProgram {
  const external = c.signalCount;
  const total = external + g.size;
  // The block slot of a graph value: its own for signals, else the first neuron it stands for.
  const home = new Int32Array(total).fill(-1);
  for (let s = 0; s < external; s++) home[s] = s;
  for (let s = CONSTANT_SIGNALS + c.inputCount; s < external; s++) {
    const v = valueOf[s]!;
    if (v >= external && home[v] === -1) home[v] = s;
  }
  // Which values are needed, from the kept signals back through operations and exact neurons.
  const live = new Uint8Array(total);
  for (const s of keep) live[valueOf[s]!] = 1;
  let e = exact.length - 1;
  for (let i = g.size - 1; i >= -1; i--) {
    for (; e >= 0 && exact[e]!.at > i; e--) {
      const x = exact[e]!;
      if (live[neuronSignal(c, x.k)]) for (const v of x.inputs) live[v] = 1;
    }
    if (i < 0) break;
    if (!live[external + i]) continue;
    live[g.lhs[i]!] = 1;
    if (g.kinds[i] !== Op.Not) live[g.rhs[i]!] = 1;
  }
  // Segments: runs of live operations, cut at exact neurons and every PER_FUNCTION operations.
  interface Segment { readonly ops: number[]; readonly exact?: ExactNeuron }
  const segments: Segment[] = [];
  let current: number[] = [];
  const close = () => {
    if (current.length > 0) segments.push({ ops: current });
    current = [];
  };
  e = 0;
  let operations = 0;
  for (let i = 0; i <= g.size; i++) {
    for (; e < exact.length && exact[e]!.at === i; e++) {
      if (!live[neuronSignal(c, exact[e]!.k)]) continue;
      close();
      segments.push({ ops: [], exact: exact[e]! });
    }
    if (i === g.size) break;
    if (!live[external + i]) continue;
    current.push(i);
    operations++;
    if (current.length >= PER_FUNCTION) close();
  }
  close();
  // Where each operation's value is defined and last used, to know what crosses segments.
  const definedIn = new Int32Array(total).fill(-1);
  const lastUse = new Int32Array(total).fill(-1);
  segments.forEach((seg, si) => {
    for (const i of seg.ops) {
      definedIn[external + i] = si;
      lastUse[g.lhs[i]!] = si;
      if (g.kinds[i] !== Op.Not) lastUse[g.rhs[i]!] = si;
    }
    if (seg.exact) for (const v of seg.exact.inputs) lastUse[v] = Math.max(lastUse[v]!, si);
  });
  // Slots to write each value to: kept signals, and a home for values read in a later segment.
  const stores = new Map<number, number[]>();
  const addStore = (v: number, slot: number) => {
    const list = stores.get(v) ?? [];
    if (!list.includes(slot)) list.push(slot);
    stores.set(v, list);
  };
  const copies: [number, number][] = [];
  for (const s of keep) {
    const v = valueOf[s]!;
    if (v === s) continue;
    if (v >= external) addStore(v, s);
    else copies.push([v, s]); // a neuron that is a wire, a constant or another decided neuron
  }
  let scratch = 0;
  const scratchSlot = new Map<number, number>();
  for (let v = external; v < total; v++) {
    if (definedIn[v]! < 0 || lastUse[v]! <= definedIn[v]!) continue;
    if (home[v]! >= 0) addStore(v, home[v]!);
    else scratchSlot.set(v, scratch++);
  }
  const steps: BitStep[] = [];
  for (const seg of segments) {
    if (seg.exact) {
      const form = c.forms[seg.exact.k]!;
      steps.push({ kind: 'exact', weights: form.weights, bias: form.bias, inputs: seg.exact.inputs.map((v) => home[v]!), output: neuronSignal(c, seg.exact.k) });
    } else {
      steps.push({ kind: 'words', source: segmentSource(g, seg.ops, external, words, home, scratchSlot, stores) });
    }
  }
  if (copies.length > 0) {
    const lines = copies.map(([v, s]) => `x[${s * words} + w] = ${operand(v, external, words, home, scratchSlot)};`);
    steps.push({ kind: 'words', source: loop(lines) });
  }
  return { signalCount: c.signalCount, words, scratch, steps, operations, exactNeurons: steps.filter((s) => s.kind === 'exact').length };
}

/** A value read from where it lives: a literal for the constants, else its block or scratch slot. */
function operand(v: number, external: number, words: number, home: Int32Array, scratchSlot: Map<number, number>): string {
  if (v === ZERO) return '0';
  if (v === ONE) return '-1';
  if (v < external || !scratchSlot.has(v)) return `x[${home[v]! * words} + w]`;
  return `T[${scratchSlot.get(v)! * words} + w]`;
}

function segmentSource(
  g: OpGraph, ops: readonly number[], external: number, words: number, home: Int32Array,
  scratchSlot: Map<number, number>, stores: Map<number, number[]>,
): string {
  const lines: string[] = [];
  const local = new Set<number>();
  const name = (v: number): string => {
    if (v === ZERO) return '0';
    if (v === ONE) return '-1';
    if (!local.has(v)) {
      lines.push(`const v${v} = ${operand(v, external, words, home, scratchSlot)};`);
      local.add(v);
    }
    return `v${v}`;
  };
  for (const i of ops) {
    const v = external + i;
    const a = name(g.lhs[i]!);
    let expr: string;
    switch (g.kinds[i]) {
      case Op.And: expr = `${a} & ${name(g.rhs[i]!)}`; break;
      case Op.Or: expr = `${a} | ${name(g.rhs[i]!)}`; break;
      case Op.Xor: expr = `${a} ^ ${name(g.rhs[i]!)}`; break;
      default: expr = `~${a}`;
    }
    lines.push(`const v${v} = ${expr};`);
    local.add(v);
    for (const slot of stores.get(v) ?? []) lines.push(`x[${slot * words} + w] = v${v};`);
    const s = scratchSlot.get(v);
    if (s !== undefined) lines.push(`T[${s * words} + w] = v${v};`);
  }
  return loop(lines);
}

function loop(lines: readonly string[]): string {
  return `"use strict";\nreturn function (x, T, n) {\nfor (let w = 0; w < n; w++) {\n${lines.join('\n')}\n}\n};`;
}
