// The bit-parallel engine: 32 rows per Int32 word, every neuron a few bitwise operations (see
// bit-compile.ts). This module only runs compiled programs, so worker threads load it without
// the compiler.

import { integerSum, type IntegerNeuron } from '../arith/neuron.js';
import type { BitProgram, BitStep } from './bit-compile.js';
import { OUT_WORD, type WasmKernel } from './bit-wasm.js';
import { completeInputs, type Block } from './engine.js';

/** The little of the WebAssembly API used here (the TypeScript libraries in use do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Aligned exhaustive blocks run in JavaScript before the SIMD kernel is compiled. */
export const SIMD_AFTER_BLOCKS = 16;

type WordFunction = (x: Int32Array, scratch: Int32Array, n: number) => void;

/**
 * A program ready to run on blocks of `program.words` words. `simdAfter`: the aligned
 * exhaustive blocks to run in JavaScript before compiling the SIMD kernel (0: at once).
 */
export function bitRunner(program: BitProgram, options: { readonly simdAfter?: number } = {}): (block: Block) => void {
  const simdAfter = options.simdAfter ?? SIMD_AFTER_BLOCKS;
  const { words } = program;
  const scratch = new Int32Array(Math.max(1, program.scratch * words));
  const prepare = (list: readonly BitStep[]) => list.map((step): ((block: Block, n: number) => void) => {
    if (step.kind === 'words') {
      const f = new Function(step.source)() as WordFunction;
      return (block, n) => f(block.values, scratch, n);
    }
    return (block) => runExactStep(step, block.values, words, block.rows);
  });
  const general = prepare(program.steps);
  let exhaustive: ((block: Block, n: number) => void)[] | undefined;
  // The SIMD kernel is compiled once a sweep is long enough to pay for it.
  let aligned = 0;
  return (block) => {
    if (block.words !== words) throw new RangeError(`this program runs on blocks of ${words} words, not ${block.words}`);
    const n = Math.ceil(block.rows / 32);
    let steps = general;
    // Neurons decided row by row read their input words, so only a program without them may
    // leave the inputs of a lazily filled block unwritten.
    if (program.exhaustiveSteps && program.exactNeurons === 0 && block.exhaustiveFirst !== undefined && block.exhaustiveFirst % block.capacity === 0) {
      if (aligned++ === simdAfter && program.wasm) {
        const simd = simdKernel(program.wasm, words);
        if (simd) exhaustive = [simd];
      }
      steps = exhaustive ??= prepare(program.exhaustiveSteps);
    } else {
      completeInputs(program, block);
    }
    for (const step of steps) step(block, n);
  };
}

/**
 * The WebAssembly SIMD kernel as a step, or undefined where WebAssembly (or its SIMD) is not
 * available: the generated JavaScript then runs instead.
 */
export function simdKernel(kernel: WasmKernel, words: number): ((block: Block, n: number) => void) | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  let exports: Record<string, unknown>;
  try {
    exports = new wasm!.Instance(new wasm!.Module(kernel.bytes), {}).exports;
  } catch {
    return undefined; // no WebAssembly, no SIMD, or a page that forbids compiling here
  }
  const run = exports.run as (vectors: number) => void;
  const memory = new Int32Array((exports.memory as { buffer: ArrayBuffer }).buffer);
  const { constants, slots } = kernel;
  // Whole slots are copied (past row n is garbage the block ignores), from views made once.
  const outputs = slots.map((_, k) => memory.subarray(OUT_WORD + k * words, OUT_WORD + (k + 1) * words));
  return (block, n) => {
    const { values } = block;
    for (let i = 0; i < constants.length; i++) memory[i] = values[constants[i]! * words]!;
    run(Math.ceil(n / 4));
    for (let k = 0; k < slots.length; k++) values.set(outputs[k]!, slots[k]! * words);
  };
}

/** One neuron on each row of the block, decided on its integers. */
function runExactStep(step: Extract<BitStep, { kind: 'exact' }>, values: Int32Array, words: number, rows: number): void {
  const bits = new Uint8Array(step.inputs.length);
  const form = { weights: step.weights, bias: step.bias } as IntegerNeuron;
  const out = step.output * words;
  values.fill(0, out, out + Math.ceil(rows / 32));
  for (let r = 0; r < rows; r++) {
    const w = r >>> 5;
    const t = r & 31;
    for (let j = 0; j < bits.length; j++) bits[j] = (values[step.inputs[j]! * words + w]! >>> t) & 1;
    if (integerSum(form, bits) >= 0n) values[out + w]! |= 1 << t;
  }
}
