// The row engine: each row through every neuron in turn, on bytes. Any weights (the exact
// BigInt path included); the reference the faster engines are tested against.

import { CONSTANT_SIGNALS, type CompiledCircuit } from './compile.js';
import { rowFunction, runRow } from './codegen.js';
import { completeInputs, type Block, type Engine } from './engine.js';

/**
 * `generated: false` runs the typed-array loop instead of generated code: the same decisions,
 * kept selectable so the tests can hold the two against each other.
 */
export function rowEngine(circuit: CompiledCircuit, options: { generated?: boolean } = {}): Engine {
  const evaluate = options.generated === false ? (v: Uint8Array) => runRow(circuit, v) : rowFunction(circuit);
  const v = new Uint8Array(circuit.signalCount);
  v[1] = 1;
  const inputs = circuit.inputCount;
  const firstNeuron = CONSTANT_SIGNALS + inputs;
  return {
    kind: 'row',
    circuit,
    run(block: Block): void {
      completeInputs(circuit, block);
      const { values, words } = block;
      values.fill(0, firstNeuron * words);
      for (let r = 0; r < block.rows; r++) {
        const w = r >>> 5;
        const t = r & 31;
        for (let i = 0; i < inputs; i++) v[CONSTANT_SIGNALS + i] = (values[(CONSTANT_SIGNALS + i) * words + w]! >>> t) & 1;
        evaluate(v);
        for (let s = firstNeuron; s < v.length; s++) if (v[s] === 1) values[s * words + w]! |= 1 << t;
      }
    },
  };
}
