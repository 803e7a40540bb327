// Runs a `test` block: every row evaluated, every mismatch kept (not only the first).

import type { TestDef, TestRow } from '../check/model.js';
import { hiddenNeurons } from '../elaborate/netlist.js';
import type { CompiledCircuit } from './compile.js';
import { rowFunction } from './codegen.js';
import { newBits } from './evaluate.js';

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

export function runTest(test: TestDef, program: CompiledCircuit): TestResult {
  const v = newBits(program);
  const evaluate = rowFunction(program);
  const hidden = hiddenNeurons(program.netlist);
  const failures: RowFailure[] = [];
  for (const row of test.rows) {
    row.inputs.forEach((bit, i) => (v[2 + i] = bit));
    evaluate(v);
    const actual = Array.from(program.outputSlots, (slot) => v[slot]!);
    if (row.expected.some((e, i) => e !== null && e !== actual[i])) {
      failures.push({
        row,
        actual,
        hidden: hidden.map((k) => ({ name: program.netlist.neurons[k]!.name, value: v[program.firstNeuron + k]! })),
      });
    }
  }
  return { test, passed: failures.length === 0, rows: test.rows.length, failures };
}
