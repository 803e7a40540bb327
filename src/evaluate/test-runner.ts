// Runs a `test` block: every row evaluated, every mismatch kept (not only the first).

import type { TestDef, TestRow } from '../check/model.js';
import { hiddenNeurons } from '../elaborate/netlist.js';
import { neuronSignal } from './compile.js';
import { newBlock, setRows, type Engine } from './engine.js';

export interface RowFailure {
  readonly row: TestRow;
  readonly actual: readonly number[];
  /** Every hidden neuron's value on this row, to see where it went wrong. */
  readonly hidden: readonly { readonly name: string; readonly value: number }[];
}

export interface TestResult {
  readonly test: TestDef;
  readonly passed: boolean;
  readonly rows: number;
  readonly failures: readonly RowFailure[];
}

export function runTest(test: TestDef, engine: Engine): TestResult {
  const c = engine.circuit;
  const hidden = hiddenNeurons(c.netlist).map((k) => ({ name: c.netlist.neurons[k]!.name, signal: neuronSignal(c, k) }));
  const outputs = Array.from(c.outputSignals);
  const inputs = test.rows.map((r) => r.inputs);
  const failures: RowFailure[] = [];
  const block = newBlock(c);
  for (let from = 0; from < inputs.length; from += block.capacity) {
    setRows(c, block, inputs, from);
    engine.run(block);
    for (let r = 0; r < block.rows; r++) {
      const row = test.rows[from + r]!;
      const actual = outputs.map((s) => block.bit(s, r));
      if (row.expected.some((e, i) => e !== null && e !== actual[i])) {
        failures.push({ row, actual, hidden: hidden.map((h) => ({ name: h.name, value: block.bit(h.signal, r) })) });
      }
    }
  }
  return { test, passed: failures.length === 0, rows: test.rows.length, failures };
}
