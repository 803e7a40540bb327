// The typed syntax tree of a .nn file: plain data with spans, nothing computed.
// Meaning (what a name refers to, whether a table is well formed) belongs to check/.

import type { Span } from '../diagnostics/diagnostic.js';

export interface Name {
  readonly text: string;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly kind: 'number';
  /** The source text, kept so that `01` or `1.0` can be told apart from `1` where it matters. */
  readonly text: string;
  readonly value: number;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}

export interface NameValue {
  readonly kind: 'name';
  readonly text: string;
  readonly span: Span;
}

export type Value = NumberLiteral | StringLiteral | NameValue;

export interface FileAst {
  readonly file: string;
  /** The declarations that parsed; with syntax errors, the others are in `broken`. */
  readonly items: readonly Item[];
  /** Declarations with a syntax error, with their names where they could be read. */
  readonly broken?: readonly BrokenDecl[];
}

export interface BrokenDecl {
  /** The keyword it starts with, if any. */
  readonly kind: Item['kind'] | undefined;
  readonly name?: string;
  readonly span: Span;
}

export type Item = ImportDecl | NeuronDecl | CircuitDecl | TestDecl;

export interface ImportDecl {
  readonly kind: 'import';
  readonly path: StringLiteral;
  readonly span: Span;
}

export interface NeuronDecl {
  readonly kind: 'neuron';
  readonly name: Name;
  readonly params: readonly Name[];
  readonly fields: readonly Field[];
  readonly span: Span;
}

export type Field = WeightsField | TrainTableField | SettingField;

/** `weights: 1, -1, 0.5` */
export interface WeightsField {
  readonly kind: 'weights';
  readonly key: Name;
  readonly values: readonly NumberLiteral[];
  readonly span: Span;
}

/** `train { rows }` */
export interface TrainTableField {
  readonly kind: 'train-table';
  readonly key: Name;
  readonly table: Table;
  readonly span: Span;
}

/** `key: value`, e.g. `bias: -2`, `threshold: 2`, `rate: 0.1`, `train: "data.csv"`. */
export interface SettingField {
  readonly kind: 'setting';
  readonly key: Name;
  readonly value: Value;
  readonly span: Span;
}

export interface CircuitDecl {
  readonly kind: 'circuit';
  readonly name: Name;
  readonly params: readonly Name[];
  readonly outputs: readonly Name[];
  readonly body: readonly Statement[];
  readonly span: Span;
}

/** `y = AND(a, b)` or `(s, c) = HalfAdder(a, b)` */
export interface Statement {
  readonly targets: readonly Name[];
  /** Written with parentheses, `(s, c) = ...`, even when there is one target. */
  readonly destructured: boolean;
  readonly expr: Expr;
  readonly span: Span;
}

export type Expr = CallExpr | NameExpr | NumberLiteral;

export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Name;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: 'name';
  readonly text: string;
  readonly span: Span;
}

export interface TestDecl {
  readonly kind: 'test';
  readonly name: Name;
  readonly table: Table;
  readonly span: Span;
}

export interface Table {
  readonly rows: readonly Row[];
  readonly span: Span;
}

export interface Row {
  readonly inputs: readonly Cell[];
  readonly outputs: readonly Cell[];
  readonly span: Span;
  /**
   * The cells as bits, `*` as null, without building a cell object each: for long tables.
   * Undefined when a cell is anything else; absent where rows are plain objects.
   */
  readonly bits?: () => { inputs: (0 | 1)[]; outputs: (0 | 1 | null)[] } | undefined;
}

/** A table cell: a number (bits are checked later), `*` (don't care) or a column name. */
export type Cell = NumberLiteral | NameValue | { readonly kind: 'star'; readonly span: Span };
