// The exhaustive kernel as WebAssembly SIMD: the same operations as the generated JavaScript,
// on 128-bit vectors, so 128 rows per operation instead of 32. Only for blocks filled in
// counting order (see `Exhaustive` in bit-compile.ts), where every input is either a fixed
// pattern, a bit of the vector index, or constant over the block.
//
// A vector holds four words: rows 32l .. 32l + 31 of the vector in lane l. Of a block of
// `words` words, the vector index gives word bits 2 and up, the lane word bits 0 and 1.

import { Op, ONE, ZERO, type OpGraph } from './bit-ops.js';

export interface WasmKernel {
  /** The module: exports `memory` and `run(vectors)`. */
  readonly bytes: Uint8Array;
  /** The input signals read once per block, in the order the kernel reads them (memory words 0, 1, ...). */
  readonly constants: readonly number[];
  /** The block slots the kernel writes, in order, `words` words each from memory word OUT_WORD. */
  readonly slots: readonly number[];
}

/** Where the kernel's outputs start in memory, in 32-bit words (the block constants come first). */
export const OUT_WORD = 64;
const LOW_MASKS = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];

/**
 * The kernel for the live operations `ops` (in order) of a circuit with `inputCount` inputs,
 * storing each (value, slot) of `kept`; undefined where it does not apply (a block of fewer
 * than four words, or more than 64 inputs constant over a block).
 */
export function wasmKernel(g: OpGraph, inputCount: number, ops: readonly number[], kept: readonly (readonly [number, number])[], words: number): WasmKernel | undefined {
  const inBlock = Math.log2(words);
  if (!Number.isInteger(inBlock) || words < 4) return undefined;
  const external = g.external;
  const localOf = new Map<number, number>();
  const LOOP = 1; // local 0 is the parameter (vectors), local 1 the vector index
  const local = (v: number) => {
    let l = localOf.get(v);
    if (l === undefined) {
      l = 2 + localOf.size;
      localOf.set(v, l);
    }
    return l;
  };
  const before: number[] = [];
  const body: number[] = [];
  const invariant = new Map<number, boolean>();
  const constants: number[] = [];
  const defined = new Set<number>();
  // Defines a graph value that is not an operation: a constant or an input.
  const define = (v: number) => {
    if (defined.has(v)) return;
    defined.add(v);
    const bit = inputCount - 1 - (v - 2);
    if (v === ZERO || v === ONE) {
      before.push(...vconst(v === ONE ? [-1, -1, -1, -1] : [0, 0, 0, 0]), 0x21, ...uleb(local(v)));
      invariant.set(v, true);
    } else if (v >= external) {
      throw new Error('an operation is used before it is defined');
    } else if (bit < 5) {
      before.push(...vconst([LOW_MASKS[bit]!, LOW_MASKS[bit]!, LOW_MASKS[bit]!, LOW_MASKS[bit]!]), 0x21, ...uleb(local(v)));
      invariant.set(v, true);
    } else if (bit < 7) {
      before.push(...vconst(bit === 5 ? [0, -1, 0, -1] : [0, 0, -1, -1]), 0x21, ...uleb(local(v)));
      invariant.set(v, true);
    } else if (bit < 5 + inBlock) {
      // -((vector >> (bit - 7)) & 1), in every lane.
      body.push(0x41, 0, 0x20, LOOP, 0x41, ...sleb(bit - 7), 0x76, 0x41, 1, 0x71, 0x6b, 0xfd, 0x11, 0x21, ...uleb(local(v)));
      invariant.set(v, false);
    } else {
      const index = constants.length;
      constants.push(v);
      before.push(0x41, 0, 0x28, 2, ...uleb(4 * index), 0xfd, 0x11, 0x21, ...uleb(local(v)));
      invariant.set(v, true);
    }
  };
  if (inputCount > 0 && inputCount - (5 + inBlock) > OUT_WORD) return undefined;
  for (const i of ops) {
    const v = external + i;
    const a = g.lhs[i]!;
    const b = g.rhs[i]!;
    const kind = g.kinds[i]!;
    if (a < external) define(a);
    if (kind !== Op.Not && b < external) define(b);
    const fixed = invariant.get(a)! && (kind === Op.Not || invariant.get(b)!);
    invariant.set(v, fixed);
    const code = fixed ? before : body;
    code.push(0x20, ...uleb(local(a)));
    if (kind === Op.Not) code.push(0xfd, 0x4d);
    else code.push(0x20, ...uleb(local(b)), 0xfd, kind === Op.And ? 0x4e : kind === Op.Or ? 0x50 : 0x51);
    code.push(0x21, ...uleb(local(v)));
  }
  kept.forEach(([v, _slot], k) => {
    if (v < external) define(v);
    // memory[OUT + k·words words + 16·vector bytes] = value
    body.push(0x20, LOOP, 0x41, 4, 0x74, 0x20, ...uleb(local(v)), 0xfd, 0x0b, 4, ...uleb(4 * (OUT_WORD + k * words)));
  });
  // vector += 1; continue while vector < vectors
  body.push(0x20, LOOP, 0x41, 1, 0x6a, 0x22, LOOP, 0x20, 0, 0x49, 0x0d, 0);
  const code = [
    ...before,
    0x02, 0x40, 0x03, 0x40, ...body, 0x0b, 0x0b,
    0x0b,
  ];
  const locals = [2, 1, 0x7f, ...uleb(localOf.size), 0x7b];
  const functionBody = [...locals, ...code];
  const memoryBytes = 4 * (OUT_WORD + kept.length * words);
  const pages = Math.max(1, Math.ceil(memoryBytes / 65536));
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, ...uleb(pages)]),
    ...section(7, [2, ...name('run'), 0, 0, ...name('memory'), 2, 0]),
    ...section(10, [1, ...uleb(functionBody.length), ...functionBody]),
  ];
  return { bytes: Uint8Array.from(bytes), constants, slots: kept.map(([, slot]) => slot) };
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** v128.const of four 32-bit lanes. */
function vconst(lanes: readonly number[]): number[] {
  const bytes = new Uint8Array(new Int32Array(lanes).buffer);
  return [0xfd, 0x0c, ...bytes];
}
