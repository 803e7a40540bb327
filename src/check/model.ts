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
  readonly params: readonly string[];
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

export interface CircuitDef {
  readonly kind: 'circuit';
  readonly name: string;
  readonly params: readonly string[];
  readonly outputs: readonly string[];
  /** Statement indices in an order where every wire is assigned before it is read. */
  readonly order: readonly number[];
  readonly decl: A.CircuitDecl;
  readonly file: string;
}

export type PartDef = NeuronDef | CircuitDef;

export interface TestRow {
  readonly inputs: readonly Bit[];
  /** `null` where the row says `*`: any output is fine. */
  readonly expected: readonly (Bit | null)[];
  readonly span: Span;
}

export interface TestDef {
  readonly name: string;
  readonly target: PartDef;
  readonly rows: readonly TestRow[];
  readonly decl: A.TestDecl;
  readonly file: string;
}

export interface Model {
  /** Every neuron and circuit visible from the entry file, by name. */
  readonly parts: ReadonlyMap<string, PartDef>;
  /** The tests written in the entry file (not those of imported files). */
  readonly tests: readonly TestDef[];
  /** The parts declared in the entry file itself, in source order. */
  readonly own: readonly PartDef[];
}

export function outputsOf(part: PartDef): readonly string[] {
  return part.kind === 'neuron' ? [part.name] : part.outputs;
}
