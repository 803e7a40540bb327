// What the checker hands on: declarations resolved and validated, ready to elaborate.

import type { Rational } from '../arith/rational.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type * as A from '../parse/ast.js';

export type Bit = 0 | 1;

export interface TrainingOptionsSpec {
  rate?: number;
  epochs?: number;
  seed?: number;
  init?: 'zeros' | 'normal';
  sigma?: number;
  shuffle?: boolean;
}

/** A truth table written in a `train { ... }` block. */
export interface TableTraining {
  readonly kind: 'table';
  readonly rows: readonly { readonly inputs: readonly Bit[]; readonly output: Bit; readonly span: Span }[];
  readonly options: TrainingOptionsSpec;
  readonly span: Span;
}

/** `train: "data.csv" label: "column"`; the path is relative to the .nn file. */
export interface DatasetTraining {
  readonly kind: 'dataset';
  readonly path: string;
  readonly pathSpan: Span;
  readonly label: string;
  readonly labelSpan: Span;
  readonly options: TrainingOptionsSpec;
  readonly span: Span;
}

export type Training = TableTraining | DatasetTraining;

/** A neuron's parameters, exactly as written (or exactly as learned). */
export interface NeuronWeights {
  readonly weights: readonly Rational[];
  readonly bias: Rational;
  /** For a McCulloch–Pitts neuron: every weight 1 and bias -threshold. */
  readonly threshold?: Rational;
}

export interface NeuronDef {
  readonly kind: 'neuron';
  readonly name: string;
  /** One name per input bit, bit 0 first within a bus (`a[0]`, `a[1]`): the order of the weights. */
  readonly params: readonly string[];
  readonly ports: readonly PortShape[];
  /**
   * The weights written in the file. Absent for a `train` neuron, whose weights come from the
   * fit stage (see `WeightsOf`), and for a neuron whose fields are in error.
   */
  readonly given?: NeuronWeights;
  readonly training?: Training;
  readonly decl: A.NeuronDecl;
  readonly file: string;
}

/** The fit stage's answer for trained neurons: their learned weights, by neuron. */
export type TrainedWeights = ReadonlyMap<NeuronDef, NeuronWeights>;

/** A neuron's weights: written ones, else learned ones; undefined if it has neither. */
export function weightsOf(neuron: NeuronDef, trained: TrainedWeights | undefined): NeuronWeights | undefined {
  return neuron.given ?? trained?.get(neuron);
}

/** A port as declared and checked: one bit (`width` null), or a bus of `width` bits. */
export interface PortShape {
  readonly name: string;
  readonly width: number | null;
}

/** The bits of a port, bit 0 first: `a[0]`, `a[1]`, ... for a bus, `a` for one bit. */
export function bitNames(port: PortShape): string[] {
  return port.width === null ? [port.name] : Array.from({ length: port.width }, (_, i) => `${port.name}[${i}]`);
}

export const bitCount = (ports: readonly PortShape[]): number => ports.reduce((n, p) => n + (p.width ?? 1), 0);

/** A circuit declaration, with or without width parameters. Its instances are checked separately. */
export interface CircuitDef {
  readonly kind: 'circuit';
  readonly name: string;
  /** Width parameters, `N` in `RippleAdder<N>`; empty for most circuits. */
  readonly typeParams: readonly string[];
  readonly decl: A.CircuitDecl;
  readonly file: string;
  /** For a circuit declared by its shape and its table (`hidden: 2  train { ... }`): how it learns. */
  readonly training?: CircuitTraining;
}

/** The knobs of gradient descent, as written in a trained circuit. */
export interface LayerOptionsSpec {
  rate?: number;
  epochs?: number;
  seed?: number;
  momentum?: number;
  activation?: 'sigmoid' | 'tanh';
}

/**
 * A trained circuit: a network of a given shape, whose weights the fit stage finds. Bits are
 * in reading order (ports in order, each bus from its most significant bit down), as in tests.
 */
export interface CircuitTraining {
  /** The hidden layers' widths (layered), or the one count of hidden neurons (general); empty for none. */
  readonly hidden: readonly number[];
  /** A strict multilayer perceptron (the default), or a general feed-forward network. */
  readonly layered: boolean;
  readonly source:
    /** A `train { }` table; `null` outputs are don't-cares. */
    | { readonly kind: 'table'; readonly rows: readonly { readonly inputs: readonly Bit[]; readonly outputs: readonly (Bit | null)[]; readonly span: Span }[] }
    /** `train: "data.csv"`: a column per input bit and per output bit, named like them. */
    | { readonly kind: 'dataset'; readonly path: string; readonly pathSpan: Span };
  readonly options: LayerOptionsSpec;
  /** The input and output bits' names in reading order: `x1`, `a[3]` … `a[0]`. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** The `hidden:` field, where a shape that cannot work is reported. */
  readonly hiddenSpan: Span;
  /** The `train` field. */
  readonly span: Span;
}

export type PartDef = NeuronDef | CircuitDef;

/** A bit inside an instance: an id in its bit space, or one of the constants. */
export type BitRef = number;
export const CONST0: BitRef = -1;
export const CONST1: BitRef = -2;

/** One statement of an instance, unrolled to single bits: what elaboration expands. */
export interface BitStatement {
  /** The bits it assigns, in the order of the source's outputs (bit 0 first within a bus). */
  readonly targets: readonly BitRef[];
  readonly source:
    | { readonly kind: 'copy'; readonly bits: readonly BitRef[] }
    /** `args` in the order of the neuron's parameters, bit 0 first within a bus. */
    | { readonly kind: 'neuron'; readonly neuron: NeuronDef; readonly args: readonly BitRef[] }
    /** `args` in the order of the instance's input ports, bit 0 first within a bus. */
    | { readonly kind: 'circuit'; readonly instance: string; readonly args: readonly BitRef[] }
    /**
     * `delay(x)`, `delay(x, 1)`: a register per bit. Target k shows, during tick t, what `args[k]`
     * was at the end of tick t − 1, and `init[k]` at tick 0. The targets do not depend on the
     * arguments within a tick, so a loop through a delay is an ordinary sequential circuit.
     * `names` are the registers' names (the targets' bits: `q`, `q[3]`, `delay#1`).
     */
    | { readonly kind: 'delay'; readonly args: readonly BitRef[]; readonly init: readonly Bit[]; readonly names: readonly string[] };
  /** The instance's label inside the circuit: `h1`, `s[3]`, `FullAdder#3`. */
  readonly label: string;
  readonly span: Span;
}

/** The built-in register, `delay(x)` or `delay(x, init)`: no declaration may take its name. */
export const DELAY = 'delay';

/**
 * A circuit with values for its width parameters (none for most), unrolled to single bits
 * and checked: widths, indices, every bit assigned once, no loop of wires alone (a loop
 * through a neuron or a delay is allowed). Elaboration expands these.
 */
export interface CircuitInstance {
  readonly kind: 'instance';
  readonly def: CircuitDef;
  readonly args: readonly number[];
  /** `RippleAdder<16>`, or the plain name of a circuit without width parameters. */
  readonly key: string;
  readonly inputs: readonly PortShape[];
  readonly outputs: readonly PortShape[];
  /** Bit ids of each input and output port, bit 0 first. */
  readonly inputBits: readonly (readonly BitRef[])[];
  readonly outputBits: readonly (readonly BitRef[])[];
  /**
   * In an order where every bit is assigned before it is read, except along loops (through
   * a delay or a neuron), where some statement must come first.
   */
  readonly statements: readonly BitStatement[];
  /** How many bit ids the instance uses (inputs, outputs, wires and temporaries). */
  readonly bitSpace: number;
  /**
   * For each output bit (ports in order, bit 0 first): the input bit (same order) it is a
   * plain copy of, through wires and sub-circuits only, or -1. What a caller needs to see a
   * loop of wires that passes through this instance.
   */
  readonly wiredThrough: readonly number[];
  /**
   * Whether it may hold state: a delay, or a loop through a neuron or an instance, in it or
   * in an instance it uses. Erring on the side of yes (a loop through an instance may be no
   * loop of bits); the netlist says for sure (`isCombinational`).
   */
  readonly sequential: boolean;
  /**
   * A trained circuit before the fit stage: its ports, and no statements yet. The fit stage
   * returns the instance with the neurons it found (see `TrainedCircuits`).
   */
  readonly untrained?: true;
}

/** The fit stage's answer for trained circuits: their instances with neurons, by key. */
export type TrainedCircuits = ReadonlyMap<string, CircuitInstance>;

/** A part that can be built: a neuron, or a circuit instance. */
export type Part = NeuronDef | CircuitInstance;

/** A part's name as written (`XOR`, `RippleAdder<16>`), its inputs and outputs. */
export function signatureOf(part: Part): { name: string; inputs: readonly PortShape[]; outputs: readonly PortShape[] } {
  if (part.kind === 'neuron') return { name: part.name, inputs: part.ports, outputs: [{ name: part.name, width: null }] };
  return { name: part.key, inputs: part.inputs, outputs: part.outputs };
}

export interface TestRow {
  /** The input bits, ports in order, each bus from its most significant bit down. */
  readonly inputs: readonly Bit[];
  /** The same for the outputs; `null` where the row says `*`: any output is fine. */
  readonly expected: readonly (Bit | null)[];
  readonly span: Span;
}

export interface TestDef {
  readonly name: string;
  /** `test NAME sequence { ... }`: rows are clock ticks in order, from the start-up state. */
  readonly sequence: boolean;
  readonly target: Part;
  readonly rows: readonly TestRow[];
  readonly decl: A.TestDecl;
  readonly file: string;
}

/**
 * `assert Part { expr }`, checked: names are the part's ports, width parameters are replaced
 * by their numbers, and indices are number literals inside their buses.
 */
export interface AssertDef {
  /** The part's name as written: `Mux2`, `RippleAdder<16>`. */
  readonly name: string;
  readonly target: Part;
  readonly expr: A.AssertExpr;
  readonly decl: A.AssertDecl;
  readonly file: string;
}

export interface Model {
  /** Every neuron and circuit declaration visible from the entry file, by name. */
  readonly parts: ReadonlyMap<string, PartDef>;
  /** Every circuit instance checked so far, by key: those of circuits without width parameters and all they use. */
  readonly instances: ReadonlyMap<string, CircuitInstance>;
  /** The tests written in the entry file (not those of imported files). */
  readonly tests: readonly TestDef[];
  /** The asserts written in the entry file, in source order. */
  readonly asserts: readonly AssertDef[];
  /** The parts declared in the entry file itself, in source order. */
  readonly own: readonly PartDef[];
}
