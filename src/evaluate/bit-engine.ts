// The bit-parallel engine: 32 rows per Int32 word, every neuron a few bitwise operations (see
// bit-compile.ts). This module only runs compiled programs, so worker threads load it without
// the compiler.

import { integerSum, type IntegerNeuron } from '../arith/neuron.js';
import type { BitProgram, BitStep } from './bit-compile.js';
import type { Block } from './engine.js';

type WordFunction = (x: Int32Array, scratch: Int32Array, n: number) => void;

/** A program ready to run on blocks of `program.words` words. */
export function bitRunner(program: BitProgram): (block: Block) => void {
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
  return (block) => {
    if (block.words !== words) throw new RangeError(`this program runs on blocks of ${words} words, not ${block.words}`);
    const n = Math.ceil(block.rows / 32);
    let steps = general;
    if (program.exhaustiveSteps && block.exhaustiveFirst !== undefined && block.exhaustiveFirst % block.capacity === 0) {
      steps = exhaustive ??= prepare(program.exhaustiveSteps);
    }
    for (const step of steps) step(block, n);
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
