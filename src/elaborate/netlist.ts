// The flat netlist: what a circuit is once every instance is expanded.
// Evaluation, training reports and diagrams all read this one structure.

import type { Rational } from '../arith/rational.js';
import type { Span } from '../diagnostics/diagnostic.js';

/** Where a neuron input, a register input or a circuit output takes its value from. */
export type Signal =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'neuron'; readonly index: number }
  /** What register `index` shows during a tick: its input at the end of the tick before. */
  | { readonly kind: 'register'; readonly index: number }
  | { readonly kind: 'constant'; readonly value: 0 | 1 };

/** One instance on the path from the top circuit down to a neuron. */
export interface Scope {
  /** The instance's label inside its parent: the wire it drives, or `Part#k` (see docs). */
  readonly label: string;
  /** The circuit instantiated there. */
  readonly part: string;
}

export interface NetNeuron {
  /** Hierarchical name, unique in the netlist: `h1`, `sum.h1`, `HalfAdder#1.carry`. */
  readonly name: string;
  /** The sub-circuit instances enclosing this neuron, outermost first (empty at top level). */
  readonly scopes: readonly Scope[];
  /** The neuron declaration it instantiates, e.g. `AND`. */
  readonly part: string;
  /** Exactly as written or learned; shared by every instance of the same neuron declaration. */
  readonly weights: readonly Rational[];
  readonly bias: Rational;
  /** Set for a McCulloch–Pitts neuron (every weight 1, bias = -threshold). */
  readonly threshold?: Rational;
  readonly inputs: readonly Signal[];
  /**
   * 1 + the deepest layer among its inputs; circuit inputs, constants and registers are
   * layer 0, and inputs along a loop (from a neuron of the same loop) do not count.
   */
  readonly layer: number;
  /** The statement in the source that made this neuron (for diagnostics). */
  readonly span?: Span;
}

/** A `delay`: one bit of the clock's memory. */
export interface NetRegister {
  /** Hierarchical, like a neuron's: `q`, `q[3]`, `Counter#1.q[0]`, `delay#1`. */
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** What it stores at the end of each tick, to show during the next. */
  readonly input: Signal;
  /** What it shows during tick 0. */
  readonly init: 0 | 1;
  /** The statement in the source that made this register. */
  readonly span?: Span;
}

export interface NetOutput {
  readonly name: string;
  readonly source: Signal;
}

/** A port of the netlist: one bit, or a bus whose bits are listed bit 0 first. */
export interface NetPort {
  readonly name: string;
  /** null for a single bit. */
  readonly width: number | null;
  /** For each bit, bit 0 first: its position in `inputs` (or `outputs`). */
  readonly bits: readonly number[];
}

/**
 * A sub-circuit instance as it was expanded: where it sits and what its ports carry, for
 * diagrams, which name the ports on the wires into and out of it. Nothing else reads it:
 * the neurons, registers and outputs alone say what the circuit computes. Lean, since a
 * netlist may hold hundreds of thousands: the ports are the circuit's own, shared by all its
 * instances, and what they carry is one list.
 */
export interface NetInstance {
  /**
   * The instances from the top down to this one, itself last: the same array its own
   * neurons and registers list as their `scopes`.
   */
  readonly scopes: readonly Scope[];
  /** The circuit's input and output ports; `null` width for a single bit. */
  readonly inputs: readonly InstancePort[];
  readonly outputs: readonly InstancePort[];
  /**
   * What each port bit carries (what drives it, wires followed): the inputs' bits, then the
   * outputs', ports in order, bit 0 first within a bus.
   */
  readonly signals: readonly Signal[];
}

export interface InstancePort {
  readonly name: string;
  readonly width: number | null;
}

export interface Netlist {
  /** The circuit (or neuron) this netlist expands: `XOR`, `RippleAdder<16>`. */
  readonly name: string;
  /**
   * One name per input bit, in reading order: ports in order, each bus from its most
   * significant bit to bit 0 (`a[3]`, `a[2]`, `a[1]`, `a[0]`, `cin`). Truth tables count in
   * this order, the first input the most significant.
   */
  readonly inputs: readonly string[];
  readonly inputPorts: readonly NetPort[];
  /** One per output bit, in reading order. */
  readonly outputs: readonly NetOutput[];
  readonly outputPorts: readonly NetPort[];
  /**
   * In topological order: every neuron's inputs come before it, but along a loop. The
   * neurons of one loop are listed together (in the order the source gives them), and
   * after every neuron that feeds the loop from outside.
   */
  readonly neurons: readonly NetNeuron[];
  /** The deepest layer (0 for a circuit that only wires inputs to outputs). */
  readonly depth: number;
  /**
   * The `delay`s, one per bit, in the order the source gives them. Elaboration always sets
   * it; absent (a netlist made by hand, or by a tool for circuits without memory) means none.
   */
  readonly registers?: readonly NetRegister[];
  /**
   * The loops among neurons (nets with circles, such as a latch): each a strongly connected
   * set of neurons, listed as their indices, ascending and consecutive, in the order of
   * `neurons`. Empty (or absent) for a circuit without feedback.
   */
  readonly loops?: readonly (readonly number[])[];
  /**
   * Every sub-circuit instance expanded, each after the one it is in, in the order the
   * source states them. Elaboration sets it unless asked not to (`ports: false`, as the
   * builds for the engines do); absent (also for a netlist made by hand or transformed)
   * means not known, and diagrams draw instances without their ports.
   */
  readonly instances?: readonly NetInstance[];
}

/** A netlist's registers: none when it lists none. */
export function registersOf(netlist: Netlist): readonly NetRegister[] {
  return netlist.registers ?? [];
}

/** A netlist's loops of neurons: none when it lists none. */
export function loopsOf(netlist: Netlist): readonly (readonly number[])[] {
  return netlist.loops ?? [];
}

/**
 * Without registers or loops a netlist is a function of its inputs: truth tables and the
 * engines take it. One with memory is run over time (src/simulate). A netlist that lists no
 * loops is taken at its word: its neurons are in topological order.
 */
export function isCombinational(netlist: Netlist): boolean {
  return registersOf(netlist).length === 0 && loopsOf(netlist).length === 0;
}

/** Neurons that drive no circuit output: the hidden units shown by `nn table --hidden`. */
export function hiddenNeurons(netlist: Netlist): number[] {
  const drivesOutput = new Set<number>();
  for (const out of netlist.outputs) if (out.source.kind === 'neuron') drivesOutput.add(out.source.index);
  const hidden: number[] = [];
  netlist.neurons.forEach((_, i) => {
    if (!drivesOutput.has(i)) hidden.push(i);
  });
  return hidden;
}

/**
 * A netlist built by hand (a miter, a test) whose every input and output is a single bit:
 * the ports follow from the names.
 */
export function withScalarPorts(n: Omit<Netlist, 'inputPorts' | 'outputPorts'>): Netlist {
  return {
    ...n,
    inputPorts: n.inputs.map((name, i) => ({ name, width: null, bits: [i] })),
    outputPorts: n.outputs.map((o, i) => ({ name: o.name, width: null, bits: [i] })),
  };
}
