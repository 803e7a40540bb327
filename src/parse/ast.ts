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

export type Item = ImportDecl | NeuronDecl | CircuitDecl | TestDecl | AssertDecl;

export interface ImportDecl {
  readonly kind: 'import';
  readonly path: StringLiteral;
  readonly span: Span;
}

/** A port: one bit (`a`), or a bus of `width` bits (`a[8]`, `a[N]`); `span` is the name's. */
export interface Port extends Name {
  readonly width?: IntExpr;
}

export interface NeuronDecl {
  readonly kind: 'neuron';
  readonly name: Name;
  readonly params: readonly Port[];
  readonly fields: readonly Field[];
  readonly span: Span;
}

export type Field = WeightsField | HiddenField | TrainTableField | SettingField;

/** `weights: 1, -1, 0.5` */
export interface WeightsField {
  readonly kind: 'weights';
  readonly key: Name;
  readonly values: readonly NumberLiteral[];
  readonly span: Span;
}

/** `hidden: 3, 2`: the widths of a trained circuit's hidden layers. */
export interface HiddenField {
  readonly kind: 'hidden';
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
  /** Width parameters: `N` in `circuit RippleAdder<N>(a[N], b[N])`. */
  readonly typeParams: readonly Name[];
  readonly params: readonly Port[];
  readonly outputs: readonly Port[];
  readonly body: readonly Statement[];
  /**
   * A trained circuit's fields (`hidden: 2  train { ... }`), which take the place of
   * statements: its weights are found when the file is loaded. Absent for a wired circuit.
   */
  readonly fields?: readonly Field[];
  readonly span: Span;
}

export type Statement = Assignment | ForLoop;

/** `y = AND(a, b)`, `(s, c) = HalfAdder(a, b)`, `c[0] = cin` */
export interface Assignment {
  readonly kind: 'assign';
  readonly targets: readonly Target[];
  /** Written with parentheses, `(s, c) = ...`, even when there is one target. */
  readonly destructured: boolean;
  readonly expr: Expr;
  readonly span: Span;
}

/** `for i in 0..N-1 { statements }`, both ends included. */
export interface ForLoop {
  readonly kind: 'for';
  readonly variable: Name;
  readonly from: IntExpr;
  readonly to: IntExpr;
  readonly body: readonly Statement[];
  readonly span: Span;
}

/** A wire, output or bus bit assigned: `s`, `s[i]`, `s[0..3]`; `span` is the name's. */
export interface Target extends Name {
  readonly index?: Index;
}

/** `[i]`, one bit, or `[lo..hi]`, the bits lo to hi (both included). */
export type Index =
  | { readonly kind: 'bit'; readonly at: IntExpr; readonly span: Span }
  | { readonly kind: 'slice'; readonly from: IntExpr; readonly to: IntExpr; readonly span: Span };

export type Expr = CallExpr | NameExpr | ConcatExpr | NumberLiteral;

export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Name;
  /** Width arguments: `<16>` in `RippleAdder<16>(x, y)`. */
  readonly typeArgs?: readonly IntExpr[];
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: 'name';
  readonly text: string;
  readonly index?: Index;
  /** The name's own span; the index has its own. */
  readonly span: Span;
}

/** `[a, b, c]`: a bus of the bits given, the first one bit 0. */
export interface ConcatExpr {
  readonly kind: 'concat';
  readonly parts: readonly Expr[];
  readonly span: Span;
}

/** A whole number computed from literals, loop variables and width parameters. */
export type IntExpr =
  | { readonly kind: 'int'; readonly text: string; readonly value: number; readonly span: Span }
  | { readonly kind: 'int-name'; readonly text: string; readonly span: Span }
  | { readonly kind: 'int-op'; readonly op: '+' | '-' | '*' | '/' | '%'; readonly left: IntExpr; readonly right: IntExpr; readonly span: Span }
  | { readonly kind: 'int-negate'; readonly operand: IntExpr; readonly span: Span };

export interface TestDecl {
  readonly kind: 'test';
  readonly name: Name;
  /** `test RippleAdder<4> { ... }`: the instance tested. */
  readonly typeArgs?: readonly IntExpr[];
  /** `test Counter4 sequence { ... }`: the rows are clock ticks, in order. */
  readonly sequence?: true;
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

/** `assert Add16 { s + 65536 * cout == a + b }`: a property of every input. */
export interface AssertDecl {
  readonly kind: 'assert';
  readonly name: Name;
  readonly typeArgs?: readonly IntExpr[];
  readonly expr: AssertExpr;
  readonly span: Span;
}

export type AssertBinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '<<' | '>>'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '&' | '^' | '|' | '&&' | '||';

/** An assert's expression: integers, ports read as unsigned numbers, and C's operators. */
export type AssertExpr =
  | { readonly kind: 'a-number'; readonly text: string; readonly span: Span }
  | { readonly kind: 'a-name'; readonly text: string; readonly index?: Index; readonly span: Span }
  | { readonly kind: 'a-unary'; readonly op: '!' | '~' | '-'; readonly operand: AssertExpr; readonly span: Span }
  | { readonly kind: 'a-binary'; readonly op: AssertBinaryOp; readonly left: AssertExpr; readonly right: AssertExpr; readonly span: Span }
  | { readonly kind: 'a-cond'; readonly test: AssertExpr; readonly ifTrue: AssertExpr; readonly ifFalse: AssertExpr; readonly span: Span };
