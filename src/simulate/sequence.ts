// Runs a `test NAME sequence { ... }` block: row t is tick t, from the start-up state. Each
// row's inputs are applied, the circuit settles, its outputs are compared (`*` matches
// anything), then the clock ticks. Every wrong tick is kept, with the state the circuit was
// in; an oscillation ends the run.

import type { TestDef, TestRow } from '../check/model.js';
import { registersOf } from '../elaborate/netlist.js';
import { neuronSignal, registerSignal, type Machine } from './machine.js';
import type { Oscillation } from './settle.js';
import { Simulation, type SimulationOptions } from './simulation.js';
import { columnValue, groupBuses, placeOf, type TraceColumn } from './trace.js';

export interface TickFailure {
  readonly tick: number;
  readonly row: TestRow;
  /** The output bits, in the netlist's order. */
  readonly actual: readonly number[];
  /** The registers and the neurons on loops, after the circuit settled in this tick. */
  readonly state: readonly { readonly name: string; readonly width: number | null; readonly value: number | bigint }[];
}

export interface SequenceResult {
  readonly test: TestDef;
  readonly passed: boolean;
  /** Ticks run: every row, or up to an oscillation. */
  readonly ticks: number;
  readonly failures: readonly TickFailure[];
  readonly oscillation?: Oscillation;
}

/**
 * What a circuit remembers, as columns: its registers (a delay over a bus as one number) and
 * the neurons on its loops.
 */
export function stateColumns(m: Machine, bits = false): TraceColumn[] {
  const registers = registersOf(m.netlist).map((r, i) => ({ name: r.name, scopes: r.scopes, signal: registerSignal(m, i) }));
  const latches = m.latches.map((k) => {
    const n = m.netlist.neurons[k]!;
    return { name: n.name, ...placeOf(n.name, n.scopes), signals: [neuronSignal(m, k)], width: null };
  });
  return [...groupBuses(registers, bits), ...latches];
}

export function runSequence(test: TestDef, machine: Machine, options: SimulationOptions = {}): SequenceResult {
  const sim = new Simulation(machine, options);
  const state = stateColumns(machine);
  const failures: TickFailure[] = [];
  for (let t = 0; t < test.rows.length; t++) {
    const row = test.rows[t]!;
    const oscillation = sim.settle(row.inputs);
    if (oscillation) return { test, passed: false, ticks: t, failures, oscillation };
    const actual = Array.from(machine.outputSignals, (s) => sim.values[s]!);
    if (row.expected.some((e, i) => e !== null && e !== actual[i])) {
      failures.push({ tick: t, row, actual, state: state.map((c) => ({ name: c.name, width: c.width, value: columnValue(c, sim.values) })) });
    }
    sim.advance();
  }
  return { test, passed: failures.length === 0, ticks: test.rows.length, failures };
}
