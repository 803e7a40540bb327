// A circuit run over time, one tick after another. A tick:
//
//   1. the inputs take this tick's values, and every register shows what it stored at the
//      end of the tick before (its initial value at tick 0);
//   2. the circuit settles: its components in dependency order, a neuron off every loop
//      computed once, a loop updated in step until nothing changes (settle.ts);
//   3. the outputs are read;
//   4. the clock ticks: every register stores its input's value.
//
// Neurons keep their values from one tick to the next (the memory of a latch). At the start
// every neuron is 0 and every register holds its initial value; at tick 0 the start-up rule
// settles a loop whose lockstep would oscillate (settle.ts).

import { tickProgram, FAST_STEPS, type TickProgram } from './codegen.js';
import { CONSTANT_SIGNALS, fires, neuronSignal, registerSignal, type Machine } from './machine.js';
import { MAX_SETTLE_STEPS, settleLoop, type Oscillation } from './settle.js';

export interface SimulationOptions {
  /** false: interpret every tick (the reference the generated code is tested against). */
  readonly generated?: boolean;
  /** Most steps a loop may take to settle in one tick (default MAX_SETTLE_STEPS). */
  readonly maxSteps?: number;
}

export class Simulation {
  /** Every signal's value now (see Machine for the numbering). */
  readonly values: Uint8Array;
  /** The tick being run: 0 from the start, one more after each `advance`. */
  tick = 0;
  private readonly program: TickProgram | undefined;
  private readonly maxSteps: number;

  constructor(
    readonly machine: Machine,
    options: SimulationOptions = {},
  ) {
    this.values = new Uint8Array(machine.signalCount);
    this.maxSteps = options.maxSteps ?? MAX_SETTLE_STEPS;
    // Generated loops take FAST_STEPS before handing over: a lower bound is the interpreter's.
    this.program = options.generated === false || this.maxSteps <= FAST_STEPS ? undefined : tickProgram(machine);
    this.reset();
  }

  /** Back to the start: every neuron 0, every register its initial value, tick 0. */
  reset(): void {
    const m = this.machine;
    this.values.fill(0);
    this.values[1] = 1;
    this.values.set(m.registerInit, registerSignal(m, 0));
    this.tick = 0;
  }

  /**
   * Applies `inputs` (one bit per input, in the netlist's order) and settles the circuit for
   * this tick. An oscillation stops the settling where it is and is returned. `startUp`
   * (the default at tick 0) applies the start-up rule to loops.
   */
  settle(inputs: ArrayLike<number>, startUp = this.tick === 0): Oscillation | undefined {
    const m = this.machine;
    const v = this.values;
    for (let i = 0; i < m.inputCount; i++) v[CONSTANT_SIGNALS + i] = inputs[i]!;
    if (startUp || !this.program) return this.interpret(startUp);
    for (const chunk of this.program.chunks) {
      for (let from = chunk.first; from <= chunk.last; ) {
        const stuck = chunk.run(v, from);
        if (stuck < 0) break;
        const failed = settleLoop(m, m.components[stuck]!.neurons, v, this.tick, false, 0, this.maxSteps);
        if (failed) return failed;
        from = stuck + 1;
      }
    }
    return undefined;
  }

  private interpret(startUp: boolean): Oscillation | undefined {
    const m = this.machine;
    const v = this.values;
    for (const c of m.components) {
      if (!c.cyclic) {
        const k = c.neurons[0]!;
        v[neuronSignal(m, k)] = fires(m, k, v);
        continue;
      }
      const failed = settleLoop(m, c.neurons, v, this.tick, startUp, 0, this.maxSteps);
      if (failed) return failed;
    }
    return undefined;
  }

  /** The clock ticks: every register stores its input's value, and the next tick begins. */
  advance(): void {
    const m = this.machine;
    const v = this.values;
    if (this.program) this.program.clock(v);
    else {
      const held = Uint8Array.from(m.registerInputs, (s) => v[s]!);
      v.set(held, registerSignal(m, 0));
    }
    this.tick++;
  }

  /** Output bit i's value now. */
  output(i: number): number {
    return this.values[this.machine.outputSignals[i]!]!;
  }
}
