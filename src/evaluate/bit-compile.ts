// Compiles a circuit for the bit-parallel engine: every neuron into bitwise operations on
// 32-row words (see bit-neuron.ts), the whole graph into straight-line JavaScript, one loop over
// the words of a block per function. The result is plain data (source text and integers), so a
// worker thread can run it without loading the compiler.

import { OpGraph, Op, ONE, ZERO } from './bit-ops.js';
import { buildNeuron } from './bit-neuron.js';
import { wasmKernel, type WasmKernel } from './bit-wasm.js';
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
  readonly inputCount: number;
  readonly signalCount: number;
  /** The block size (words of 32 rows) the generated code is written for. */
  readonly words: number;
  /** Scratch words per block word, for values passed between generated functions. */
  readonly scratch: number;
  readonly steps: readonly BitStep[];
  /** The same for blocks filled by setExhaustive from a multiple of their capacity. */
  readonly exhaustiveSteps?: readonly BitStep[];
  /** The same again as a WebAssembly SIMD kernel (see bit-wasm.ts), where it applies. */
  readonly wasm?: WasmKernel;
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
  /**
   * Whether to build the WebAssembly SIMD kernel where it applies (default true). An engine
   * leaves it out for a circuit whose every row fits in the blocks it runs in JavaScript
   * before it compiles the kernel: building it was about 40% of compiling an example.
   */
  readonly simd?: boolean;
}

/** Operations per generated function: small enough for V8 to optimise each one. */
const PER_FUNCTION = 1500;
const MAX_VALUES = 2 ** 26;
/** Rows are numbered by doubles, exact to 2^53: no exhaustive sweep goes past that many inputs. */
const MAX_SWEPT_INPUTS = 53;

interface ExactNeuron {
  readonly at: number;
  readonly k: number;
  readonly inputs: readonly number[];
}

export function compileBits(c: CompiledCircuit, options: BitCompileOptions = {}): BitProgram {
  const words = options.words ?? 64;
  const g = new OpGraph(c.signalCount);
  const signalValue = new Int32Array(c.signalCount);
  for (let s = 0; s < c.signalCount; s++) signalValue[s] = s;
  const exact: ExactNeuron[] = [];
  for (let k = 0; k < c.neuronCount; k++) {
    const inputs: number[] = [];
    for (let j = c.offsets[k]!; j < c.offsets[k + 1]!; j++) inputs.push(signalValue[c.sources[j]!]!);
    const v = buildNeuron(g, c.forms[k]!, inputs);
    const signal = neuronSignal(c, k);
    if (v === undefined) exact.push({ at: g.size, k, inputs });
    else signalValue[signal] = v;
    if (c.signalCount + g.size >= MAX_VALUES) throw new RangeError(`${c.netlist.name} is too large for the bit-parallel engine`);
  }
  const keep = options.keep ?? Array.from({ length: c.neuronCount }, (_, k) => neuronSignal(c, k));
  return generate(c, g, signalValue, exact, keep, words, options.simd !== false);
}

function generate(c: CompiledCircuit, g: OpGraph, signalValue: Int32Array, exact: readonly ExactNeuron[], keep: readonly number[], words: number, simd: boolean): BitProgram {
  const external = c.signalCount;
  const total = external + g.size;
  // The block slot of a graph value: its own for signals, else the first neuron it stands for.
  const home = new Int32Array(total).fill(-1);
  for (let s = 0; s < external; s++) home[s] = s;
  for (let s = CONSTANT_SIGNALS + c.inputCount; s < external; s++) {
    const v = signalValue[s]!;
    if (v >= external && home[v] === -1) home[v] = s;
  }
  // Which values are needed, from the kept signals back through operations and exact neurons.
  const live = new Uint8Array(total);
  for (const s of keep) live[signalValue[s]!] = 1;
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
    const v = signalValue[s]!;
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
  const layout: Layout = { g, external, words, home, scratchSlot, stores };
  const emit = (exhaustive: Exhaustive | undefined): BitStep[] => {
    const steps: BitStep[] = [];
    for (const seg of segments) {
      if (seg.exact) {
        const form = c.forms[seg.exact.k]!;
        steps.push({ kind: 'exact', weights: form.weights, bias: form.bias, inputs: seg.exact.inputs.map((v) => home[v]!), output: neuronSignal(c, seg.exact.k) });
      } else {
        steps.push({ kind: 'words', source: segmentSource(layout, seg.ops, [], exhaustive) });
      }
    }
    if (copies.length > 0) steps.push({ kind: 'words', source: segmentSource(layout, [], copies, exhaustive) });
    return steps;
  };
  const steps = emit(undefined);
  // Blocks of a power-of-two size filled by setExhaustive get a variant that knows the inputs,
  // and, without neurons decided row by row, the same as WebAssembly SIMD. A circuit of more
  // inputs than a sweep can number its rows for never meets such a block: neither is built
  // (for a neuron of thousands of inputs they were most of the compiling).
  const sweepable = c.inputCount <= MAX_SWEPT_INPUTS;
  const exhaustiveSteps = sweepable && Number.isInteger(Math.log2(words)) ? emit(exhaustiveInputs(c, g, words)) : undefined;
  const wasm = !sweepable || !simd || segments.some((seg) => seg.exact) ? undefined
    : wasmKernel(g, c.inputCount, segments.flatMap((seg) => seg.ops), keep.map((s) => [signalValue[s]!, s] as const), words);
  return {
    inputCount: c.inputCount, signalCount: c.signalCount, words, scratch, steps, ...(exhaustiveSteps && { exhaustiveSteps }), ...(wasm && { wasm }),
    operations, exactNeurons: steps.filter((s) => s.kind === 'exact').length,
  };
}

interface Layout {
  readonly g: OpGraph;
  readonly external: number;
  readonly words: number;
  readonly home: Int32Array;
  readonly scratchSlot: Map<number, number>;
  readonly stores: Map<number, number[]>;
}

/**
 * In an exhaustive sweep on aligned blocks of `words` words, input signal i (row bit b, the
 * last input bit 0) is a fixed mask for b < 5, bit b - 5 of the word index inside the block
 * for the next log2(words) bits, and constant over the block above that. Values that depend on
 * fixed and constant inputs only are computed once per block, outside the loop.
 */
interface Exhaustive {
  /** Per input signal: the expression for it, and whether it is the same on every word. */
  readonly inputs: Map<number, { readonly expr: string; readonly invariant: boolean }>;
  /** Per graph value: the same on every word of the block. */
  readonly invariant: Uint8Array;
}

const LOW_MASKS = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];

function exhaustiveInputs(c: CompiledCircuit, g: OpGraph, words: number): Exhaustive {
  const inBlock = Math.log2(words);
  const inputs = new Map<number, { expr: string; invariant: boolean }>();
  const invariant = new Uint8Array(c.signalCount + g.size);
  invariant[ZERO] = 1;
  invariant[ONE] = 1;
  for (let i = 0; i < c.inputCount; i++) {
    const bit = c.inputCount - 1 - i;
    const s = CONSTANT_SIGNALS + i;
    const entry = bit < 5 ? { expr: String(LOW_MASKS[bit]), invariant: true }
      : bit < 5 + inBlock ? { expr: `-((w >>> ${bit - 5}) & 1)`, invariant: false }
      : { expr: `x[${s * words}]`, invariant: true };
    inputs.set(s, entry);
    invariant[s] = entry.invariant ? 1 : 0;
  }
  for (let i = 0; i < g.size; i++) {
    const v = c.signalCount + i;
    invariant[v] = invariant[g.lhs[i]!]! & (g.kinds[i] === Op.Not ? 1 : invariant[g.rhs[i]!]!);
  }
  return { inputs, invariant };
}

/** A value read from where it lives: a literal for the constants, else its block or scratch slot. */
function operand(l: Layout, v: number, word: string): string {
  if (v === ZERO) return '0';
  if (v === ONE) return '-1';
  if (v < l.external || !l.scratchSlot.has(v)) return `x[${l.home[v]! * l.words}${word}]`;
  return `T[${l.scratchSlot.get(v)! * l.words}${word}]`;
}

/**
 * One generated function: the operations `ops` and the copies (value, slot) on every word of
 * the block. With `exhaustive`, values the same on every word are computed before the loop.
 */
function segmentSource(l: Layout, ops: readonly number[], copies: readonly (readonly [number, number])[], exhaustive: Exhaustive | undefined): string {
  const { g, external, words } = l;
  const before: string[] = [];
  const body: string[] = [];
  const local = new Set<number>();
  const name = (v: number): string => {
    if (v === ZERO) return '0';
    if (v === ONE) return '-1';
    if (!local.has(v)) {
      const input = exhaustive?.inputs.get(v);
      const fixed = exhaustive?.invariant[v] === 1;
      const expr = input ? input.expr : operand(l, v, fixed ? '' : ' + w');
      (fixed ? before : body).push(`const v${v} = ${expr};`);
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
    (exhaustive?.invariant[v] === 1 ? before : body).push(`const v${v} = ${expr};`);
    local.add(v);
    for (const slot of l.stores.get(v) ?? []) body.push(`x[${slot * words} + w] = v${v};`);
    const s = l.scratchSlot.get(v);
    if (s !== undefined) body.push(`T[${s * words} + w] = v${v};`);
  }
  for (const [v, slot] of copies) body.push(`x[${slot * words} + w] = ${name(v)};`);
  return `"use strict";\nreturn function (x, T, n) {\n${before.join('\n')}\nfor (let w = 0; w < n; w++) {\n${body.join('\n')}\n}\n};`;
}
